'use client';
import { useActionState, useState, type ReactNode } from 'react';
import { EMPTY_FORM_STATE } from '@/components/forms/form-state';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { createTokenAction, revokeTokenAction } from './actions';

export function CreateTokenForm(): ReactNode {
  const [state, action] = useActionState(createTokenAction, EMPTY_FORM_STATE);
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormMessage error={state.error} success={state.success} />
      {state.secret ? (
        <div className="rounded border border-amber-300 bg-amber-50 p-3">
          <label htmlFor="new-token" className="font-medium">
            Your new token (shown once)
          </label>
          <div className="mt-1 flex flex-wrap gap-2">
            <input id="new-token" readOnly value={state.secret} className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-sm" data-testid="new-token" onFocus={(e) => e.currentTarget.select()} />
            <CopyButton text={state.secret} />
          </div>
        </div>
      ) : null}
      <Field label="Token name" name="name" hint="What the token is for, e.g. “EHR integration”." maxLength={80} required defaultValue={state.secret ? '' : (state.values?.name ?? '')} errors={state.fields?.name} />
      <div className="flex flex-col gap-1">
        <label htmlFor="expiresInDays" className="font-medium">
          Expires after
        </label>
        <select id="expiresInDays" name="expiresInDays" defaultValue={state.values?.expiresInDays ?? '90'} className="w-48 rounded border border-slate-300 bg-white px-3 py-2" aria-describedby="expiresInDays-hint err-expiresInDays">
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">365 days</option>
        </select>
        <p id="expiresInDays-hint" className="text-sm text-slate-600">
          After this the token stops working; make a new one then.
        </p>
        {state.fields?.expiresInDays ? (
          <p id="err-expiresInDays" className="text-sm text-red-700" data-field-error="expiresInDays">
            {state.fields.expiresInDays.join(' ')}
          </p>
        ) : null}
      </div>
      <div>
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </div>
    </form>
  );
}

/** Copies the new token to the clipboard and says so (the token is shown only once). */
function CopyButton({ text }: { text: string }): ReactNode {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setStatus('copied'),
            () => setStatus('failed'),
          );
        }}
      >
        Copy token
      </button>
      <span role="status" className="self-center text-sm text-slate-700">
        {status === 'copied' ? 'Copied.' : status === 'failed' ? 'Could not copy: select the token and copy it by hand.' : ''}
      </span>
    </>
  );
}

export function RevokeTokenForm({ tokenId, name }: { tokenId: string; name: string }): ReactNode {
  const [state, action] = useActionState(revokeTokenAction, EMPTY_FORM_STATE);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Revoke the token “${name}”? Anything using it will stop working.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="tokenId" value={tokenId} />
      <SubmitButton variant="danger" pendingText="Revoking…" className="px-2 py-1 text-sm">
        Revoke
      </SubmitButton>
      {state.error ? <span role="alert" className="ml-2 text-sm text-red-700">{state.error}</span> : null}
    </form>
  );
}
