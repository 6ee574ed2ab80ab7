/**
 * A CDS Hooks client's configuration (SPEC: CDS_HOOKS_CLIENTS = JSON array of { iss, jwks: { keys }, fhirServers? }),
 * shared by the
 * environment check and the admin form. Public keys only: a JWK with private or symmetric parts is refused, because
 * a service that holds a client's signing key could forge that client's calls.
 */
import { z } from 'zod';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../text';
import { FhirServersSchema } from './fhir-servers';

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
  /** The FHIR base URLs its calls may name as fhirServer (fhir-servers.ts); none: missing prefetch is never fetched. */
  fhirServers: FhirServersSchema.default([]),
});
export type CdsClientConfig = z.infer<typeof CdsClientConfigSchema>;

export const RegisterCdsClientSchema = CdsClientConfigSchema.extend({ name: z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.').refine(isStorableText, `The name ${UNSTORABLE_TEXT_MESSAGE}.`) });
export type RegisterCdsClientInput = z.infer<typeof RegisterCdsClientSchema>;

/** The signature algorithms accepted on CDS Hooks JWTs: asymmetric only (never none or HS*). */
export const CDS_JWT_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];
/** Clock skew allowed on exp and iat, seconds. */
export const CDS_CLOCK_SKEW_SECONDS = 60;

type Json = Record<string, unknown>;

/**
 * CDS Hooks 2.0 § Trusting CDS Clients, the JWT header table: `alg` (checked against CDS_JWT_ALGORITHMS), `kid`
 * (selects the key in the client's JWK Set) and `typ` (fixed "JWT") REQUIRED; `jku` OPTIONAL — and never fetched
 * here: the keys are the ones registered for the issuer, so a token cannot choose its own. The problem, or null.
 */
export function cdsJwtHeaderProblem(header: Json): string | null {
  if (typeof header.alg !== 'string' || !CDS_JWT_ALGORITHMS.includes(header.alg)) return `algorithm ${String(header.alg).slice(0, 40)} not allowed`;
  if (typeof header.kid !== 'string' || !header.kid) return 'no kid in the header';
  if (typeof header.typ !== 'string' || !/^(application\/)?jwt$/i.test(header.typ)) return 'typ is not JWT';
  return null;
}

/**
 * The JWT payload table: `iss` (string), `aud` (a string or an array of strings), `exp` and `iat` (numbers), `jti`
 * (string) REQUIRED; `tenant` OPTIONAL (a string). `sub` is not in the table: accepted when present, never required
 * (the reference sandbox sends none). The signature, issuer, audience and times are jose's (lib/server/cds/auth.ts);
 * this checks the claims' presence and types. The problem, or null.
 */
export function cdsJwtClaimsProblem(payload: Json): string | null {
  if (typeof payload.iss !== 'string' || !payload.iss) return 'no iss';
  const aud = payload.aud;
  if (!(typeof aud === 'string' && aud) && !(Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string' && a))) return 'aud is not a string or an array of strings';
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return 'no exp';
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return 'no iat';
  if (typeof payload.jti !== 'string' || !payload.jti || payload.jti.length > 200) return 'bad jti';
  if (payload.tenant !== undefined && typeof payload.tenant !== 'string') return 'tenant is not a string';
  if (payload.sub !== undefined && typeof payload.sub !== 'string') return 'sub is not a string';
  return null;
}
