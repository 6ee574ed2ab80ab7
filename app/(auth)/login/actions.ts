'use server';
import { AuthError } from 'next-auth';
import { type FormState, isFormData, NOT_A_FORM } from '@/components/forms/form-state';
import { fieldErrors, SignInSchema } from '@/lib/domain/schemas/accounts';
import { signIn } from '@/lib/server/auth';

function safeNext(value: FormDataEntryValue | null): string {
  // Only same-site paths: an open redirect after sign-in is a phishing tool.
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) && !value.startsWith('/login') ? value : '/';
}

/** Sign in (no session required, by nature). Field errors for malformed input; one message for wrong credentials. */
export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  if (!isFormData(formData)) return NOT_A_FORM;
  const email = String(formData.get('email') ?? '');
  const parsed = SignInSchema.safeParse({ email, password: formData.get('password') ?? '' });
  if (!parsed.success) return { fields: fieldErrors(parsed.error), values: { email } };
  try {
    await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirectTo: safeNext(formData.get('next')) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      const message =
        code === 'locked'
          ? 'Too many failed attempts: sign-in for this account is locked for 15 minutes.'
          : code === 'unavailable'
            ? 'The database is unavailable, so nobody can sign in right now. Try again in a few seconds.'
            : 'The e-mail address or password is not correct.';
      return { error: message, values: { email } };
    }
    throw error; // the success redirect is thrown too and must propagate
  }
}
