import 'server-only';
import { ABSOLUTE_TIMEOUT_S } from './auth-config';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './db';
import { problem } from './http';
import { clientIp } from './request-info';
import { getSessionUser } from './session';
import { endSession } from './sessions';
import { UNAVAILABLE_RETRY_S } from './unavailable';

/** Auth.js's session cookie, plain or `__Secure-`, whole or one chunk of it. */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?=/;

/** Whether an Auth.js response clears the session cookie (what its sign-out does once its CSRF check passed). */
export function clearsSessionCookie(response: Response): boolean {
  return response.headers.getSetCookie().some((header) => SESSION_COOKIE.test(header) && (/;\s*max-age=0(;|$)/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header)));
}

/** `POST /api/auth/signout` (a trailing slash or a prefix before /api/auth does not change what Auth.js does). */
export function isAuthSignOut(request: Request): boolean {
  return request.method === 'POST' && /\/api\/auth\/signout\/?$/.test(new URL(request.url).pathname);
}

const unavailable = (): Response => problem(503, `${DATABASE_UNAVAILABLE_MESSAGE} You are still signed in: sign out again then.`, undefined, { 'retry-after': String(UNAVAILABLE_RETRY_S) });

/**
 * Auth.js's own sign-out endpoint (issue 15, item 1), as scripts use it: Auth.js only clears the cookie, so a copy of
 * the old cookie would stay valid until it expires. Here the session id is revoked in the database as the app's own
 * sign-out action does, once Auth.js has accepted the request (its CSRF check passed and it clears the cookie) — a
 * forged sign-out still revokes nothing. When the revocation cannot be written, the answer is 503 and the cookie is
 * kept: the user is told they are still signed in rather than signed out in appearance only.
 */
export async function signOutRevoking(request: Request, handle: (request: Request) => Promise<Response>): Promise<Response> {
  let user;
  try {
    user = await getSessionUser();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
  const response = await handle(request);
  if (!user?.sid || !clearsSessionCookie(response)) return response;
  try {
    await endSession(user, new Date(Date.now() + ABSOLUTE_TIMEOUT_S * 1000), clientIp(request.headers));
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
  return response;
}
