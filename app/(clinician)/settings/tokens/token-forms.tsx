'use client';
import { useActionState, type ReactNode } from 'react';
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
          <input id="new-token" readOnly value={state.secret} className="mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-sm" data-testid="new-token" onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      <Field label="Token name" name="name" hint="What the token is for, e.g. “EHR integration”." maxLength={80} required defaultValue={state.secret ? '' : (state.values?.name ?? '')} errors={state.fields?.name} />
      <div>
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </div>
    </form>
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
