import 'server-only';
import { createHash } from 'node:crypto';
import { headers } from 'next/headers';
import { forbidden, redirect, unauthorized } from 'next/navigation';
import { cache } from 'react';
import { can, type Action, type Role } from '@/lib/domain/permissions';
import { UuidSchema } from '@/lib/domain/schemas/accounts';
import { auth } from './auth';
import { ABSOLUTE_TIMEOUT_S } from './auth-config';
import { db, isDatabaseUnavailable } from './db';
import { log } from './log';
import { PAGE_PATH_HEADER, unavailablePath } from './unavailable';

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** How this request was authenticated. */
  via: 'session' | 'api-token';
  /** The session id (cookie sessions only), for sign-out revocation. */
  sid: string | null;
};

const USER_SELECT = { id: true, email: true, name: true, role: true, disabled: true, tokenVersion: true } as const;

/**
 * The signed-in user of this request, or null. The JWT alone is not trusted: the user is re-read from PostgreSQL
 * so that disabling an account, changing its password or role, or signing out ends existing sessions at once.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await auth()) as (Awaited<ReturnType<typeof auth>> & { uid?: string; tv?: number; sid?: string; authTime?: number }) | null;
  if (!session?.uid || typeof session.tv !== 'number' || !session.sid) return null;
  if (!session.authTime || Date.now() / 1000 - session.authTime > ABSOLUTE_TIMEOUT_S) return null;
  // A malformed id is not looked up (PostgreSQL would throw on the uuid cast).
  if (!UuidSchema.safeParse(session.uid).success) return null;
  // One round trip for the user and the revocation (every page and server action pays it). Bound parameters only.
  const rows = await db.$queryRaw<Array<{ id: string; email: string; name: string; role: Role; disabled: boolean; tokenVersion: number; revoked: boolean }>>`
    SELECT u."id"::text AS "id", u."email", u."name", u."role"::text AS "role", u."disabled", u."tokenVersion",
           EXISTS (SELECT 1 FROM "RevokedSession" r WHERE r."sid" = ${session.sid}) AS "revoked"
    FROM "User" u WHERE u."id" = ${session.uid}::uuid`;
  const user = rows[0];
  if (!user || user.disabled || user.tokenVersion !== session.tv || user.revoked) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, via: 'session', sid: session.sid };
});

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A personal API token from `Authorization: Bearer …`, or null when the header is absent or the token is not valid. */
async function userFromBearer(authorization: string): Promise<SessionUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1] || match[1].length > 200) return null;
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(match[1]) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: USER_SELECT } },
  });
  if (!token || token.revokedAt || token.user.disabled) return null;
  // An expired token is refused like a revoked one (a token made before expiries existed has none).
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return null;
  // Record use at most once a minute: a write per request would serialise heavy API use on one row.
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
  }
  const { user } = token;
  return { id: user.id, email: user.email, name: user.name, role: user.role, via: 'api-token', sid: null };
}

/** For route handlers: a Bearer token when one is sent (and then only that), else the session cookie. */
export const getRequestUser = cache(async (): Promise<SessionUser | null> => {
  const authorization = (await headers()).get('authorization');
  if (authorization) return userFromBearer(authorization);
  return getSessionUser();
});

/**
 * Pages: the signed-in user of this request, or null. While the database is unreachable the user cannot be checked,
 * and that is neither "signed out" nor a server error: the page redirects to /unavailable, which answers 503 with
 * Retry-After, says so, and brings the user back to this page (the path comes from proxy.ts) — the session cookie is
 * left alone.
 */
export async function getPageSessionUser(): Promise<SessionUser | null> {
  try {
    return await getSessionUser();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    redirect(unavailablePath((await headers()).get(PAGE_PATH_HEADER)));
  }
}

/** Pages: the signed-in user, or a redirect to the login page (or to /unavailable during a database outage). */
export async function requirePageUser(action?: Action): Promise<SessionUser> {
  const user = await getPageSessionUser();
  if (!user) redirect('/login');
  if (action && !can(user, action)) refuse(user, action);
  return user;
}

/** Server actions: the signed-in user with the given permission; 401 without a session, 403 without the right. */
export async function requireSession(action?: Action): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) unauthorized();
  if (action && !can(user, action)) refuse(user, action);
  return user;
}

/** Server actions that need a role rather than one action. */
export async function requireRole(role: Role): Promise<SessionUser> {
  const user = await requireSession();
  if (user.role !== role) refuse(user, `role:${role}`);
  return user;
}

/** 403, with a security line in the log (ids and the action only), as the API's requireApiUser does. */
function refuse(user: SessionUser, action: string): never {
  log.warn({ event: 'authz.forbidden', userId: user.id, role: user.role, action }, 'forbidden: the role does not allow this action');
  forbidden();
}
