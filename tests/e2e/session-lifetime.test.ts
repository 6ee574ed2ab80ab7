/**
 * Session lifetime end to end, against the real server: the 30-minute idle timeout and the 12-hour absolute timeout
 * with a fake clock (the cookie's, see tests/support/session-cookie.ts), and sign-out. Each refused cookie is tried on
 * the three doors — an API route, a page (as a browser navigation, which the proxy redirects, and as a plain fetch,
 * which only the page's own check sees) and a server action — and each case has a control just inside the limit that
 * must still be accepted, so the test fails if the limits stop working or if the probe stops telling them apart.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createClinician } from '../factories';
import { e2eDatabase } from '../support/db';
import { signInHttp } from '../support/http';
import { callServerAction, listServerActions } from '../support/server-actions';
import { ageSession, cookieValue, decodeSession, SESSION_COOKIE } from '../support/session-cookie';

const baseUrl = inject('baseUrl');
const secret = inject('authSecret');
const db = e2eDatabase();

const MIN = 60;
const HOUR = 60 * MIN;

type Verdict = { api: number | string; page: number | string; pageItself: number | string; action: number | string };
const ACCEPTED: Verdict = { api: 200, page: 200, pageItself: 200, action: 200 };
const REFUSED: Verdict = { api: 401, page: 'login', pageItself: 'login', action: 401 };

async function pageVerdict(cookie: string, accept: string): Promise<number | string> {
  const res = await fetch(`${baseUrl}/reports`, { redirect: 'manual', headers: { cookie, accept } });
  await res.arrayBuffer();
  const location = res.headers.get('location') ?? '';
  if ((res.status === 307 || res.status === 303) && new URL(location, baseUrl).pathname === '/login') return 'login';
  return res.status === 200 ? 200 : `${res.status} ${location}`;
}

/** What the server makes of a session cookie at each door. */
async function probe(sessionValue: string): Promise<Verdict> {
  const cookie = `${SESSION_COOKIE}=${sessionValue}`;
  const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie } });
  await me.arrayBuffer();
  // A server action that needs a session; called with arguments that are not a form it answers 200 with a message.
  const action = listServerActions().find((a) => a.name === 'revokeTokenAction')!;
  return {
    api: me.status,
    page: await pageVerdict(cookie, 'text/html'),
    pageItself: await pageVerdict(cookie, '*/*'),
    action: await callServerAction(baseUrl, action, cookie),
  };
}

async function signedInCookie(): Promise<{ value: string; userId: string }> {
  const user = await createClinician(db);
  const session = await signInHttp(baseUrl, user.email, user.password);
  const value = cookieValue(session!.cookie, SESSION_COOKIE);
  expect(value).toBeDefined();
  return { value: value!, userId: user.id };
}

describe('idle timeout (30 minutes), with a fake clock', () => {
  let real = '';
  beforeAll(async () => {
    real = (await signedInCookie()).value;
  });

  it('accepts a session idle for 29 minutes', async () => {
    expect(await probe(await ageSession(real, secret, { idleS: 29 * MIN, signedInAgoS: 2 * HOUR }))).toEqual(ACCEPTED);
  });

  it('refuses a session idle for 31 minutes: API 401, page → /login, server action 401', async () => {
    expect(await probe(await ageSession(real, secret, { idleS: 31 * MIN, signedInAgoS: 2 * HOUR }))).toEqual(REFUSED);
  });

  it('each request pushes the idle expiry forward without moving the sign-in time', async () => {
    const aged = await ageSession(real, secret, { idleS: 20 * MIN, signedInAgoS: 2 * HOUR });
    const before = await decodeSession(aged, secret);
    const res = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${aged}` } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const refreshed = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(refreshed, 'the proxy re-issues the session cookie').toBeDefined();
    const after = await decodeSession(cookieValue(refreshed!, SESSION_COOKIE)!, secret);
    const now = Math.floor(Date.now() / 1000);
    expect(after.exp! - before.exp!).toBeGreaterThanOrEqual(19 * MIN);
    expect(after.exp!).toBeGreaterThan(now + 29 * MIN);
    expect(after.exp!).toBeLessThanOrEqual(now + 30 * MIN);
    expect(after.authTime).toBe(before.authTime);
    expect(after.sid).toBe(before.sid);
  });
});

describe('absolute timeout (12 hours), with a fake clock', () => {
  let real = '';
  beforeAll(async () => {
    real = (await signedInCookie()).value;
  });

  it('accepts a session signed in 11 hours ago and active a minute ago', async () => {
    expect(await probe(await ageSession(real, secret, { idleS: MIN, signedInAgoS: 11 * HOUR }))).toEqual(ACCEPTED);
  });

  it('refuses a session signed in 12 hours and a minute ago however recently it was used', async () => {
    expect(await probe(await ageSession(real, secret, { idleS: MIN, signedInAgoS: 12 * HOUR + MIN }))).toEqual(REFUSED);
  });
});

describe('sign-out', () => {
  it('clears the cookie and makes a copy of the old one useless at every door', async () => {
    const { value, userId } = await signedInCookie();
    expect(await probe(value)).toEqual(ACCEPTED);

    const signOut = { ...listServerActions().find((a) => a.name === 'signOutAction')!, pagePath: '/' };
    const res = await fetch(`${baseUrl}/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Next-Action': signOut.id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin: baseUrl, cookie: `${SESSION_COOKIE}=${value}` },
      body: '[]',
    });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-action-redirect') ?? '').toContain('/login');
    const cleared = res.headers.getSetCookie().filter((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cleared.at(-1), 'the last word on the session cookie deletes it').toMatch(/^authjs\.session-token=;.*Max-Age=0/i);

    const { sid } = await decodeSession(value, secret);
    expect(await db.revokedSession.findUnique({ where: { sid: sid! } })).toMatchObject({ userId });
    expect(await probe(value)).toEqual(REFUSED);
  });
});
