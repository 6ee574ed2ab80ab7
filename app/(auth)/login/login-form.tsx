'use client';
import { useActionState, type ReactNode } from 'react';
import { EMPTY_FORM_STATE } from '@/components/forms/form-state';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { signInAction } from './actions';

export function LoginForm({ next }: { next: string }): ReactNode {
  const [state, action] = useActionState(signInAction, EMPTY_FORM_STATE);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage error={state.error} />
      <input type="hidden" name="next" value={next} />
      <Field label="E-mail" name="email" type="email" autoComplete="username" required defaultValue={state.values?.email ?? ''} errors={state.fields?.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={state.fields?.password} />
      <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
    </form>
  );
}
