/**
 * The FHIR base URLs a CDS client registers, and the guard that lets the service fetch a missing prefetch only from
 * one of them (CDS Hooks 2.0 § FHIR Resource Access; the SSRF guard of lib/server/cds/fhir-fetch.ts), and the prefetch
 * tokens (§ Prefetch Template, Prefetch tokens). Pure.
 *
 * A base URL is `https://host[:port]/path`: no user name or password, no query, no fragment; kept normalised (WHATWG
 * URL parsing: lower-case host, default port dropped, dot segments resolved; no trailing slash). `http` only for a
 * loopback host (127.0.0.0/8, [::1], localhost) — for tests and development on one machine; the fetch uses such a base
 * only outside production or with CDS_FHIR_ALLOW_HTTP_LOOPBACK=1.
 */
import { z } from 'zod';
import { FhirBaseUrlSchema, isUnderBase, parseFhirBaseUrl } from '../fhir/base-url';

export { FhirBaseUrlSchema, isUnderBase, parseFhirBaseUrl };

export const MAX_FHIR_SERVERS = 10;

export const FhirServersSchema = z
  .array(FhirBaseUrlSchema, { error: 'fhirServers is an array of FHIR base URLs.' })
  .max(MAX_FHIR_SERVERS, `At most ${MAX_FHIR_SERVERS} FHIR base URLs.`)
  .transform((list) => [...new Set(list)]);

/**
 * The registered base that `fhirServer` (from the call) lies under, or null: same scheme, host and port, and a path
 * equal to the base's or below it (a whole segment: `/fhir` does not admit `/fhir-admin`), after normalisation.
 * A fhirServer with a user name, a query or a fragment is never admitted.
 */
export function registeredBaseOf(fhirServer: string, registered: readonly string[]): string | null {
  const call = parseFhirBaseUrl(fhirServer);
  if (!call.ok) return null;
  const callPath = call.url.pathname.replace(/\/+$/, '');
  for (const entry of registered) {
    const base = parseFhirBaseUrl(entry);
    if (!base.ok) continue;
    if (base.url.protocol !== call.url.protocol || base.url.host !== call.url.host) continue;
    const basePath = base.url.pathname.replace(/\/+$/, '');
    if (callPath === basePath || callPath.startsWith(`${basePath}/`)) return base.normalised;
  }
  return null;
}

/** A FHIR id (R4 § 2.24.0.1: [A-Za-z0-9\-\.]{1,64}), or a relative reference Type/id; never only dots. */
const TOKEN_VALUE = /^(?:[A-Z][A-Za-z]{1,63}\/)?(?!\.+$)[A-Za-z0-9\-.]{1,64}$/;
const USER_TOKENS: Record<string, string> = { userPractitionerId: 'Practitioner', userPractitionerRoleId: 'PractitionerRole', userPatientId: 'Patient', userRelatedPersonId: 'RelatedPerson' };

/**
 * A prefetch template with its tokens replaced (CDS Hooks 2.0 § Prefetch tokens): `{{context.<field>}}` by that
 * context field (a string: an id or a reference), `{{userPractitionerId}}`, `{{userPractitionerRoleId}}`,
 * `{{userPatientId}}` and `{{userRelatedPersonId}}` by the id of `context.userId` when it is of that type. A token
 * that cannot be replaced, or a value that is not a FHIR id or reference (a `/`, `?`, `..` or `@` that would move the
 * request elsewhere), gives null: the key is not fetched. The result is a relative URL under the base.
 */
export function fillPrefetchTemplate(template: string, context: Record<string, unknown>): string | null {
  let failed = false;
  const filled = template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_all, token: string) => {
    let value: unknown;
    const contextField = /^context\.([A-Za-z][A-Za-z0-9]*)$/.exec(token);
    if (contextField) value = context[contextField[1]!];
    else if (token in USER_TOKENS) {
      const user = typeof context.userId === 'string' ? /^([A-Za-z]+)\/(.+)$/.exec(context.userId) : null;
      value = user && user[1] === USER_TOKENS[token] ? user[2] : undefined;
    }
    if (typeof value !== 'string' || !TOKEN_VALUE.test(value)) {
      failed = true;
      return '';
    }
    return value;
  });
  // The path part (before the query) stays relative and plain: no leading or doubled slash, no dot segment.
  const path = filled.split('?')[0]!;
  if (failed || !path || path.startsWith('/') || path.includes('//') || /(^|\/)\.\.?(\/|$)/.test(path) || /[#\\]/.test(filled)) return null;
  return filled;
}
