/**
 * Session cookies with a fake clock. The app server's clock cannot be faked (it is another process), but the cookie's
 * can: a real session cookie is decrypted with the app's AUTH_SECRET (salt = the cookie's name, as Auth.js does),
 * its sign-in time moved back, and re-encrypted while the system clock is faked to the moment of the user's last
 * activity — the same fake-timer technique as tests/unit/session-timeouts.test.ts — so that it carries exactly the
 * issued-at and expiry the server would have written then.
 */
import { decode, encode } from 'next-auth/jwt';
import { vi } from 'vitest';
import { IDLE_TIMEOUT_S } from '@/lib/server/auth-config';

export const SESSION_COOKIE = 'authjs.session-token';
export const SECURE_SESSION_COOKIE = '__Secure-authjs.session-token';

/** The value of one cookie in a `Cookie` header (`a=1; b=2`), or in a `Set-Cookie` line. */
export function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export type SessionToken = Record<string, unknown> & { uid?: string; sid?: string; authTime?: number; iat?: number; exp?: number };

export async function decodeSession(value: string, secret: string, name = SESSION_COOKIE): Promise<SessionToken> {
  const token = await decode({ token: value, secret, salt: name });
  if (!token) throw new Error('The session cookie did not decode.');
  return token as SessionToken;
}

/**
 * The session cookie `value` as it would be if its user had signed in `signedInAgoS` seconds ago and made their last
 * request `idleS` seconds ago (`idleS` ≤ `signedInAgoS`). Returns the new cookie value.
 */
export async function ageSession(value: string, secret: string, { idleS, signedInAgoS }: { idleS: number; signedInAgoS: number }, name = SESSION_COOKIE): Promise<string> {
  if (idleS > signedInAgoS) throw new Error('The last activity cannot be before the sign-in.');
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = await decodeSession(value, secret, name);
  const nowMs = Date.now();
  vi.useFakeTimers({ toFake: ['Date'], now: nowMs - idleS * 1000 });
  try {
    return await encode({ token: { ...claims, authTime: Math.floor(nowMs / 1000) - signedInAgoS }, secret, salt: name, maxAge: IDLE_TIMEOUT_S });
  } finally {
    vi.useRealTimers();
  }
}
