/**
 * Commands on accounts, sign-in and API tokens: one zod schema each, shared by the forms, the server actions and the
 * JSON API, so that a field error reads the same everywhere.
 */
import { z } from 'zod';
import { ROLES } from '../permissions';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../text';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

// NIST 800-63B: length over composition rules, and refuse values known to be common. A short list is enough here:
// every entry is ≥ 12 characters (shorter ones already fail the length rule).
const COMMON_PASSWORDS = new Set([
  'password1234',
  'password12345',
  'password123456',
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'qwerty123456',
  'iloveyou1234',
  'letmein12345',
  'administrator',
  'passwordpassword',
  'changemechangeme',
  'welcome12345',
]);

export const EmailSchema = z
  .string({ error: 'Enter an e-mail address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter an e-mail address.')
  .max(254, 'An e-mail address has at most 254 characters.')
  .pipe(z.email({ error: 'Enter a valid e-mail address, like name@clinic.org.' }));

export const NewPasswordSchema = z
  .string({ error: 'Enter a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters; a passphrase of several words is best.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
  .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), 'This password is too common; choose another.')
  .refine((value) => new Set(value).size >= 4, 'Use more than three different characters.');

export const RoleSchema = z.enum(ROLES, { error: 'Choose a role: CLINICIAN or ADMIN.' });

export const NameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(120, 'A name has at most 120 characters.')
  .refine(isStorableText, `The name ${UNSTORABLE_TEXT_MESSAGE}.`);

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(PASSWORD_MAX, 'Password too long.'),
});
export type SignInInput = z.infer<typeof SignInSchema>;

export const CreateUserSchema = z.object({
  email: EmailSchema,
  name: NameSchema,
  role: RoleSchema,
  password: NewPasswordSchema,
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    name: NameSchema.optional(),
    role: RoleSchema.optional(),
    disabled: z.boolean({ error: 'disabled must be true or false.' }).optional(),
    password: NewPasswordSchema.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { error: 'Nothing to change: send name, role, disabled or password.' });
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

export const ResetPasswordSchema = z.object({ password: NewPasswordSchema });

export const CreateApiTokenSchema = z.object({
  name: z
    .string({ error: 'Name the token.' })
    .trim()
    .min(1, 'Name the token, for example "EHR integration".')
    .max(80, 'A token name has at most 80 characters.')
    .refine(isStorableText, `The token name ${UNSTORABLE_TEXT_MESSAGE}.`),
  /** How long the token lives (issue 14: API tokens have an expiry): 30, 90 or 365 days; 90 when not given. */
  expiresInDays: z.coerce
    .number({ error: 'Choose 30, 90 or 365 days.' })
    .refine((n) => (TOKEN_LIFETIMES_DAYS as readonly number[]).includes(n), 'Choose 30, 90 or 365 days.')
    .default(90),
});
export const TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenSchema>;

export const UuidSchema = z.uuid({ error: 'Not a valid id.' });

export type FieldErrors = Record<string, string[]>;

/** Flatten a zod error to { field: [messages] }; form-level problems go under "_form". */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
