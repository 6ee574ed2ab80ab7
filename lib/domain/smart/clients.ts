/**
 * SMART App Launch 2.x (HL7 SMART App Launch IG 2.x, "App Launch: Launch and Authorization"): the registration of a
 * SMART FHIR server (SMART_CLIENTS), the scopes this app asks for, and the parts of `.well-known/smart-configuration`
 * it reads. Pure: no I/O.
 */
import { z } from 'zod';
import { FhirBaseUrlSchema, isLoopbackHostname } from '../fhir/base-url';

/** A FHIR base URL as everywhere in the app (lib/domain/fhir/base-url.ts): https (http on a loopback host), no query, fragment or credentials, normalised. */
export { FhirBaseUrlSchema };

const ScopeSchema = z
  .string()
  .trim()
  .max(1000)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'scope is a space-separated list of scope tokens.');

/** One registered SMART FHIR server: this app is a public client there (no secret; PKCE S256). */
export const SmartClientConfigSchema = z.object({
  iss: FhirBaseUrlSchema,
  clientId: z.string({ error: 'clientId is the client_id the EHR assigned to this app.' }).trim().min(1).max(200),
  /** Replaces the default data scopes (SMART_DATA_SCOPES); `launch` or `launch/patient` is added as the launch needs. */
  scope: ScopeSchema.optional(),
});
export type SmartClientConfig = z.infer<typeof SmartClientConfigSchema>;

export const SmartClientsSchema = z
  .array(SmartClientConfigSchema, { error: 'SMART_CLIENTS is a JSON array of { "iss", "clientId", "scope"? }.' })
  .max(50)
  .superRefine((clients, ctx) => {
    const seen = new Set<string>();
    for (const [i, c] of clients.entries()) {
      if (seen.has(c.iss)) ctx.addIssue({ code: 'custom', path: [i, 'iss'], message: `${c.iss} is registered twice.` });
      seen.add(c.iss);
    }
  });

/** SMART 2.x scopes (§ Scopes and Launch Context): the user's identity (recorded only), and read/search of the record. */
export const SMART_DATA_SCOPES =
  'openid fhirUser patient/Patient.rs patient/MedicationRequest.rs patient/MedicationStatement.rs patient/Condition.rs patient/Observation.rs';

/** The scope of an authorization request: EHR launch asks for `launch`, standalone launch for `launch/patient`. */
export function launchScope(client: SmartClientConfig, kind: 'ehr' | 'standalone'): string {
  const base = (client.scope ?? SMART_DATA_SCOPES).split(' ').filter((s) => s !== 'launch' && s !== 'launch/patient');
  return [base[0] ?? 'openid', kind === 'ehr' ? 'launch' : 'launch/patient', ...base.slice(1)].join(' ');
}

const EndpointSchema = z.string().max(2000).url();

/** `.well-known/smart-configuration`, the fields this app uses (unknown fields pass). */
export const SmartConfigurationSchema = z.looseObject({
  issuer: z.string().max(2000).optional(),
  authorization_endpoint: EndpointSchema,
  token_endpoint: EndpointSchema,
  code_challenge_methods_supported: z.array(z.string()).optional(),
  capabilities: z.array(z.string()).optional(),
});
export type SmartConfiguration = z.infer<typeof SmartConfigurationSchema>;

/**
 * Why this server's configuration cannot be used, or null. SMART 2.x requires S256 PKCE (`code_challenge_methods_
 * supported` SHALL include S256); an endpoint must be https unless the FHIR base itself is a loopback http one.
 */
export function smartConfigurationProblem(config: SmartConfiguration, iss: string): string | null {
  const methods = config.code_challenge_methods_supported;
  if (methods && !methods.includes('S256')) return 'the server does not support PKCE S256';
  const insecureAllowed = new URL(iss).protocol === 'http:';
  for (const endpoint of [config.authorization_endpoint, config.token_endpoint]) {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:' && !(insecureAllowed && url.protocol === 'http:' && isLoopbackHostname(url.hostname))) return 'an endpoint is not https';
    if (url.username || url.password || url.hash) return 'an endpoint has credentials or a fragment';
  }
  return null;
}

/** A FHIR resource id (FHIR R4 § id: [A-Za-z0-9\-.]{1,64}). */
export const FhirIdSchema = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
