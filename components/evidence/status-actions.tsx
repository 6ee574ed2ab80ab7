'use client';
import { useActionState, type ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { changeStatusAction } from '@/app/(admin)/admin/evidence/actions';
import { EMPTY_FORM_STATE } from '@/components/forms/form-state';
import { FormMessage } from '@/components/ui/form-message';
import type { EntryKind, EntryStatus } from '@/lib/domain/evidence/schemas';
import { KIND_NAMES } from './descriptors';

type StatusAction = 'publish' | 'unpublish' | 'retract';

const BUTTONS: Record<StatusAction, { label: (from: EntryStatus) => string; pending: string; variant: 'primary' | 'secondary' | 'danger' }> = {
  publish: { label: (from) => (from === 'retracted' ? 'Publish again' : 'Publish'), pending: 'Publishing…', variant: 'primary' },
  unpublish: { label: (from) => (from === 'retracted' ? 'Back to draft' : 'Unpublish'), pending: 'Moving to draft…', variant: 'secondary' },
  retract: { label: () => 'Retract', pending: 'Retracting…', variant: 'danger' },
};

const VARIANTS = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100',
  danger: 'bg-red-700 text-white hover:bg-red-800',
} as const;

/** What each action does to reports: the confirmation question says it before anything changes. */
function question(action: StatusAction, kindName: string, label: string): string {
  switch (action) {
    case 'publish':
      return `Publish the ${kindName} “${label}”? Reports start using this version at once, and clinicians can see it.`;
    case 'unpublish':
      return `Move the ${kindName} “${label}” back to draft? Reports stop using it until it is published again.`;
    case 'retract':
      return `Retract the ${kindName} “${label}”? Reports stop using it at once and clinicians no longer see it. It stays here with its history, marked as retracted, and can be published again later.`;
  }
}

/** The actions a status allows: every other status is one click (and one confirmation) away. */
export function actionsFor(status: EntryStatus): StatusAction[] {
  if (status === 'draft') return ['publish', 'retract'];
  if (status === 'published') return ['unpublish', 'retract'];
  return ['publish', 'unpublish'];
}

function StatusButton({ action, status }: { action: StatusAction; status: EntryStatus }): ReactNode {
  // One form, several buttons: the pending text goes on the button whose action is running.
  const { pending, data } = useFormStatus();
  const mine = pending && data?.get('_action') === action;
  const button = BUTTONS[action];
  return (
    <button
      type="submit"
      name="_action"
      value={action}
      disabled={pending}
      aria-busy={mine}
      className={`rounded px-4 py-2 font-medium disabled:cursor-wait disabled:opacity-70 ${VARIANTS[button.variant]}`}
    >
      {mine ? button.pending : button.label(status)}
    </button>
  );
}

/** Publish / unpublish / retract, each confirmed first. The result stays shown after the buttons change. */
export function StatusActions({ kind, id, version, status, label }: { kind: EntryKind; id: string; version: number; status: EntryStatus; label: string }): ReactNode {
  const [state, formAction] = useActionState(changeStatusAction, EMPTY_FORM_STATE);
  return (
    <form
      action={formAction}
      aria-label="Change status"
      onSubmit={(event) => {
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        const action = submitter?.getAttribute('value') as StatusAction | null;
        if (!action || !window.confirm(question(action, KIND_NAMES[kind].one, label))) event.preventDefault();
      }}
      className="flex flex-col gap-2"
    >
      <input type="hidden" name="_kind" value={kind} />
      <input type="hidden" name="_id" value={id} />
      <input type="hidden" name="_version" value={version} />
      <div className="flex flex-wrap gap-3">
        {actionsFor(status).map((action) => (
          <StatusButton key={action} action={action} status={status} />
        ))}
      </div>
      <FormMessage error={state.error} success={state.success} />
    </form>
  );
}
