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

export const MAX_FHIR_SERVERS = 10;

export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** A parsed base URL that may be registered or named as fhirServer, or the reason it may not. */
export function parseFhirBaseUrl(raw: string): { ok: true; url: URL; normalised: string } | { ok: false; reason: string } {
  if (raw.length > 2000) return { ok: false, reason: 'At most 2000 characters.' };
  if (/[\s\\]/.test(raw)) return { ok: false, reason: 'No spaces or backslashes.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'Not a URL.' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) return { ok: false, reason: 'An https URL (http only for a loopback host: 127.0.0.1, [::1], localhost).' };
  if (url.username || url.password || /^[a-z][a-z0-9+.-]*:\/*[^/]*@/i.test(raw)) return { ok: false, reason: 'No user name or password in the URL.' };
  if (raw.includes('?') || raw.includes('#')) return { ok: false, reason: 'A base URL has no query or fragment.' };
  const path = url.pathname.replace(/\/+$/, '');
  if (path.includes('//')) return { ok: false, reason: 'No empty path segments.' };
  return { ok: true, url, normalised: `${url.protocol}//${url.host}${path}` };
}

/** A FHIR base URL as registered for a client (admin form, CDS_HOOKS_CLIENTS): validated, stored normalised. */
export const FhirBaseUrlSchema = z
  .string({ error: 'A FHIR base URL is a string.' })
  .trim()
  .min(1, 'Enter a FHIR base URL.')
  .transform((raw, ctx) => {
    const parsed = parseFhirBaseUrl(raw);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `${raw.slice(0, 200)}: ${parsed.reason}` });
      return z.NEVER;
    }
    return parsed.normalised;
  });

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

/** Whether `url` (a URL built for a fetch, or a paging link) lies under the base: same origin, path below it. */
export function isUnderBase(url: URL, base: string): boolean {
  const parsed = parseFhirBaseUrl(base);
  if (!parsed.ok || url.username || url.password || url.hash) return false;
  if (url.protocol !== parsed.url.protocol || url.host !== parsed.url.host) return false;
  const basePath = parsed.url.pathname.replace(/\/+$/, '');
  return url.pathname.startsWith(`${basePath}/`);
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
