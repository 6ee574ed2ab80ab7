import type { FieldErrors } from '@/lib/domain/schemas/accounts';

/** What a server action returns to its form (via useActionState). */
export type FormState = {
  error?: string | null;
  success?: string | null;
  fields?: FieldErrors;
  /** Echo of non-secret inputs, so that a rejected form keeps what the user typed. */
  values?: Record<string, string>;
  /** A one-time secret to show (a new API token). */
  secret?: string | null;
};

export const EMPTY_FORM_STATE: FormState = {};

/** What an action answers when it is called without form data (never by our forms): a plain message, not a crash. */
export const NOT_A_FORM = { error: 'This request did not come from the form. Reload the page and try again.' } as const;

export function isFormData(value: unknown): value is FormData {
  return typeof FormData !== 'undefined' && value instanceof FormData;
}
