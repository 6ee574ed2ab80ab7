'use client';
import Link from 'next/link';
import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import { createEntryAction, updateEntryAction } from '@/app/(admin)/admin/evidence/actions';
import { SubmitButton } from '@/components/ui/submit-button';
import type { EntryKind } from '@/lib/domain/evidence/schemas';
import { StatusBadge } from './badges';
import { formatUtc, KIND_NAMES, pathLabel, type Option } from './descriptors';
import { DiffTable } from './diff-table';
import { EntryFields } from './entry-fields';
import { EntryFieldsProvider, inputId } from './fields';
import type { FormValues } from './form-data';
import { EMPTY_ENTRY_FORM_STATE, type EntryConflict, type EntryFormState } from './form-state';

type Props = {
  kind: EntryKind;
  initialValues: FormValues;
  /** Trials and sources a claim, interaction or medication may cite (for the id suggestions). */
  citationTargets: Option[];
  /** The interaction entries a medication may belong to (the options of its "Interaction entry"). */
  interactionTargets?: Option[];
  cancelHref: string;
} & ({ mode: 'create' } | { mode: 'edit'; entryId: string; version: number; published: boolean });

/** The messages above the form: the outcome, every field error as a link to its input, and a conflict. */
function Summary({ state, kind }: { state: EntryFormState; kind: EntryKind }): ReactNode {
  const fieldErrors = Object.entries(state.fields ?? {});
  if (state.success) {
    return (
      <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900" data-testid="form-success">
        {state.success}
      </p>
    );
  }
  if (!state.error) return null;
  return (
    <div role="alert" className="flex flex-col gap-2 rounded border border-red-300 bg-red-50 px-3 py-2 text-red-900" data-testid="form-error">
      <p className="font-medium">{state.error}</p>
      {fieldErrors.length ? (
        <ul className="list-disc pl-6 text-sm">
          {fieldErrors.map(([path, messages]) => (
            <li key={path}>
              {/* An item of a list typed into one input ("atc.1") links to that input. */}
              <a href={`#${inputId(path.replace(/(\.\d+)+$/, ''))}`} className="underline">
                {path === '_form' ? 'The form' : pathLabel(path)}
              </a>
              : {messages.join(' ')}
            </li>
          ))}
        </ul>
      ) : null}
      {state.conflict ? <ConflictDetails conflict={state.conflict} kind={kind} /> : null}
    </div>
  );
}

function ConflictDetails({ conflict, kind }: { conflict: EntryConflict; kind: EntryKind }): ReactNode {
  return (
    <div className="flex flex-col gap-2 text-slate-900" data-testid="conflict">
      <p className="text-sm">
        Version {conflict.version} was saved by {conflict.updatedBy} at {formatUtc(conflict.updatedAt)}; it is now <StatusBadge status={conflict.status} />. Your
        values are still in the form below. Compare them with version {conflict.version}, then either <strong>save again</strong> to replace version{' '}
        {conflict.version} with yours, or <strong>reload the page</strong> to discard your changes and edit version {conflict.version}.
      </p>
      {conflict.changes.length ? (
        <DiffTable
          rows={conflict.changes}
          beforeHeading="Your value (not saved)"
          afterHeading={`Saved in version ${conflict.version}`}
          labels={{ added: 'Only in the saved version', removed: 'Only in yours', changed: 'Different' }}
          caption={`Where your ${KIND_NAMES[kind].one} differs from version ${conflict.version}`}
          strike={false}
          testId="conflict-diff"
        />
      ) : (
        <p className="text-sm">Your values and version {conflict.version} have the same content (only its status or history changed).</p>
      )}
    </div>
  );
}

/** The create/edit form of an entry. The edit form carries the version it was read at (optimistic concurrency). */
export function EntryForm(props: Props): ReactNode {
  const { kind, initialValues, citationTargets, interactionTargets, cancelHref } = props;
  const [state, action] = useActionState(props.mode === 'create' ? createEntryAction : updateEntryAction, EMPTY_ENTRY_FORM_STATE);
  const summary = useRef<HTMLDivElement>(null);
  const values = state.values ?? initialValues;
  // The version this form's values are based on. The page's version moves forward after this form's own save or
  // conflict and after a status change made here (which proved no one else had saved); a change by someone else
  // never re-renders the page by itself, so it cannot slip under values typed here and is found as a conflict.
  const version = props.mode === 'edit' ? Math.max(state.version ?? 0, props.version) : undefined;
  const name = KIND_NAMES[kind].one;

  // Each answer of the action moves focus to its message, so a keyboard or screen-reader user hears the outcome
  // and can follow the links to the fields in error.
  useEffect(() => {
    if (state.nonce) summary.current?.focus();
  }, [state.nonce]);

  return (
    // The key remounts the form with the answer's values: React resets a form after its action, and the
    // repeatable rows are client state that must follow the values.
    <form key={state.nonce ?? 'initial'} action={action} noValidate aria-label={props.mode === 'create' ? `New ${name}` : `Edit ${name}`} className="flex flex-col gap-6">
      <input type="hidden" name="_kind" value={kind} />
      {props.mode === 'edit' ? (
        <>
          <input type="hidden" name="_id" value={props.entryId} />
          <input type="hidden" name="_version" value={version} data-testid="form-version" />
        </>
      ) : null}
      <div ref={summary} tabIndex={-1} className="outline-none empty:hidden">
        <Summary state={state} kind={kind} />
      </div>
      <EntryFieldsProvider values={values} errors={state.fields ?? {}}>
        <EntryFields kind={kind} fixedId={props.mode === 'edit' ? props.entryId : undefined} targets={citationTargets} interactions={interactionTargets} />
      </EntryFieldsProvider>
      <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 py-3">
        <SubmitButton pendingText="Saving…">
          {props.mode === 'create' ? `Create ${name} as draft` : state.conflict ? `Save mine, replacing version ${state.conflict.version}` : 'Save changes'}
        </SubmitButton>
        <Link href={cancelHref} className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
          Cancel
        </Link>
        {props.mode === 'edit' ? (
          <span className="text-sm text-slate-700">
            Editing version {version}.
            {props.published ? <strong className="font-medium"> This {name} is published: what you save is what reports say at once.</strong> : null}
          </span>
        ) : null}
      </div>
    </form>
  );
}
