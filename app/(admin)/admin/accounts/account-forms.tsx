'use client';
import { useActionState, useState, type ReactNode } from 'react';
import { EMPTY_FORM_STATE } from '@/components/forms/form-state';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { createAccountAction, resetPasswordAction, setDisabledAction } from './actions';

export function CreateAccountForm(): ReactNode {
  const [state, action] = useActionState(createAccountAction, EMPTY_FORM_STATE);
  const values = state.success ? {} : (state.values ?? {});
  return (
    // The key resets the inputs after a successful create; a rejected form keeps what was typed.
    <form key={state.success ?? 'form'} action={action} className="grid gap-4 md:grid-cols-2" noValidate aria-label="Create account">
      <div className="md:col-span-2">
        <FormMessage error={state.error} success={state.success} />
      </div>
      <Field label="E-mail" name="email" type="email" autoComplete="off" required defaultValue={values.email ?? ''} errors={state.fields?.email} />
      <Field label="Name" name="name" required defaultValue={values.name ?? ''} errors={state.fields?.name} />
      <div className="flex flex-col gap-1">
        <label htmlFor="field-role" className="font-medium">
          Role
        </label>
        <select id="field-role" name="role" defaultValue={values.role || 'CLINICIAN'} className="rounded border border-slate-300 px-3 py-2" aria-invalid={state.fields?.role ? true : undefined}>
          <option value="CLINICIAN">Clinician</option>
          <option value="ADMIN">Admin</option>
        </select>
        {state.fields?.role ? <p className="text-sm text-red-700">{state.fields.role.join(' ')}</p> : null}
      </div>
      <Field
        label="Initial password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters; a passphrase of several words is best. Share it safely; the user can be given a new one later."
        required
        errors={state.fields?.password}
      />
      <div className="md:col-span-2">
        <SubmitButton pendingText="Creating account…">Create account</SubmitButton>
      </div>
    </form>
  );
}

export function DisableAccountForm({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }): ReactNode {
  const [state, action] = useActionState(setDisabledAction, EMPTY_FORM_STATE);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        const question = disabled ? `Enable ${email}?` : `Disable ${email}? Their open sessions end at once and they cannot sign in.`;
        if (!window.confirm(question)) event.preventDefault();
      }}
    >
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? 'false' : 'true'} />
      <SubmitButton variant={disabled ? 'secondary' : 'danger'} pendingText={disabled ? 'Enabling…' : 'Disabling…'} className="px-2 py-1 text-sm">
        {disabled ? 'Enable' : 'Disable'}
      </SubmitButton>
      {state.error ? <p role="alert" className="text-sm text-red-700">{state.error}</p> : null}
    </form>
  );
}

export function ResetPasswordForm({ userId, email }: { userId: string; email: string }): ReactNode {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(resetPasswordAction, EMPTY_FORM_STATE);
  if (!open) {
    return (
      <div>
        <button type="button" className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100" onClick={() => setOpen(true)}>
          Reset password
        </button>
        {state.success ? <p role="status" className="text-sm text-green-800">{state.success}</p> : null}
      </div>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-2" noValidate aria-label={`Reset password for ${email}`}>
      <input type="hidden" name="userId" value={userId} />
      <Field label={`New password for ${email}`} id={`reset-${userId}`} name="password" type="password" autoComplete="new-password" errors={state.fields?.password} />
      <FormMessage error={state.error} success={state.success} />
      <div className="flex gap-2">
        <SubmitButton pendingText="Saving…" className="px-2 py-1 text-sm">
          Set password
        </SubmitButton>
        <button type="button" className="rounded border border-slate-300 px-2 py-1 text-sm" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </form>
  );
}
