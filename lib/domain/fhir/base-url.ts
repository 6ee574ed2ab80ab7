/**
 * A FHIR server's base URL as this app accepts it — registered for a CDS client (`fhirServers`) or a SMART FHIR server
 * (`SMART_CLIENTS`) — and the guard that every URL fetched from it stays under it (the SSRF guard of the CDS prefetch
 * fetch and of SMART App Launch). Pure.
 *
 * A base URL is `https://host[:port]/path`: no user name or password, no query, no fragment; kept normalised (WHATWG
 * URL parsing: lower-case host, default port dropped, dot segments resolved; no trailing slash). `http` only for a
 * loopback host (127.0.0.0/8, [::1], localhost) — for tests and development on one machine.
 */
import { z } from 'zod';

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

/** Whether `url` (a URL built for a fetch, or a paging link) lies under the base: same origin, path below it. */
export function isUnderBase(url: URL, base: string): boolean {
  const parsed = parseFhirBaseUrl(base);
  if (!parsed.ok || url.username || url.password || url.hash) return false;
  if (url.protocol !== parsed.url.protocol || url.host !== parsed.url.host) return false;
  const basePath = parsed.url.pathname.replace(/\/+$/, '');
  return url.pathname.startsWith(`${basePath}/`);
}

