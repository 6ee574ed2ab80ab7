// Pure request checks for proxy.ts (no database, no 'server-only': the proxy imports this file).
import { isCsrfOriginAllowed } from 'next/dist/server/app-render/csrf-protection';

/**
 * Hosts (`host[:port]`, Next's wildcard syntax) allowed to call server actions besides the request's own host.
 * next.config.js gives Next the same list (`experimental.serverActions.allowedOrigins`);
 * tests/unit/proxy-guards.test.ts keeps the two equal.
 */
export const SERVER_ACTION_ALLOWED_ORIGINS: readonly string[] = [];

/** A path segment with a percent-escape that does not decode (`%E0%A4%A`): Next would fail on it with a bare 500. */
export function hasMalformedEscape(pathname: string): boolean {
  for (const segment of pathname.split('/')) {
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

/** A POST that Next handles as a server action: the fetch form (`Next-Action` header) or a form posted without JavaScript. */
export function isServerActionRequest(method: string, headers: Headers): boolean {
  if (method !== 'POST') return false;
  return headers.has('next-action') || (headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Next's own rule for server actions, applied earlier: an `Origin` that is present must have the host of the request
 * (the first `x-forwarded-host`, else `Host`) or be allowed by the list above. No `Origin` is let through, as Next
 * does (browsers always send one on a cross-site POST; a hand-made request carries only credentials its sender has).
 */
export function isForeignOrigin(headers: Headers, allowedOrigins: readonly string[] = SERVER_ACTION_ALLOWED_ORIGINS): boolean {
  const origin = headers.get('origin');
  if (origin === null) return false;
  let originHost: string;
  if (origin === 'null') originHost = 'null';
  else {
    try {
      originHost = new URL(origin).host;
    } catch {
      return true;
    }
  }
  const forwardedHost = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const host = forwardedHost || headers.get('host');
  if (host && originHost === host) return false;
  return !isCsrfOriginAllowed(originHost, [...allowedOrigins]);
}
