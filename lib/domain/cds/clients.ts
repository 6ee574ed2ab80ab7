/**
 * A CDS Hooks client's configuration (SPEC: CDS_HOOKS_CLIENTS = JSON array of { iss, jwks: { keys } }), shared by the
 * environment check and the admin form. Public keys only: a JWK with private or symmetric parts is refused, because
 * a service that holds a client's signing key could forge that client's calls.
 */
import { z } from 'zod';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../text';

const PRIVATE_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

export const JwkSchema = z
  .looseObject({ kty: z.enum(['RSA', 'EC', 'OKP'], { error: 'kty must be RSA, EC or OKP (asymmetric keys only).' }), kid: z.string().optional(), alg: z.string().optional() })
  .superRefine((key, ctx) => {
    for (const field of PRIVATE_FIELDS) if (field in key) ctx.addIssue({ code: 'custom', path: [field], message: `A public key only: remove the private field "${field}".` });
    if (typeof key.alg === 'string' && !/^(ES|RS|PS)(256|384|512)$|^EdDSA$/.test(key.alg)) ctx.addIssue({ code: 'custom', path: ['alg'], message: `alg ${key.alg} is not an asymmetric signature algorithm.` });
  });

export const JwksSchema = z.object({ keys: z.array(JwkSchema, { error: 'keys is an array of JWKs.' }).min(1, 'At least one key.').max(20, 'At most 20 keys.') }, { error: 'A JWK Set: { "keys": [...] }.' });
export type Jwks = z.infer<typeof JwksSchema>;

export const CdsClientConfigSchema = z.object({
  iss: z.string({ error: 'iss is the issuer string the client puts in its JWTs.' }).trim().min(1, 'Enter the issuer.').max(500, 'At most 500 characters.'),
  jwks: JwksSchema,
});
export type CdsClientConfig = z.infer<typeof CdsClientConfigSchema>;

export const RegisterCdsClientSchema = CdsClientConfigSchema.extend({ name: z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.').refine(isStorableText, `The name ${UNSTORABLE_TEXT_MESSAGE}.`) });
export type RegisterCdsClientInput = z.infer<typeof RegisterCdsClientSchema>;

/** The signature algorithms accepted on CDS Hooks JWTs: asymmetric only (never none or HS*). */
export const CDS_JWT_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];
/** Clock skew allowed on exp and iat, seconds. */
export const CDS_CLOCK_SKEW_SECONDS = 60;
