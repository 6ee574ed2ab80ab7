/**
 * Cookies under HTTPS. Behind a TLS-terminating proxy the app sees plain HTTP with `X-Forwarded-Proto: https`; with
 * `trustHost` (and no AUTH_URL) Auth.js then picks its secure cookies: `__Secure-` session cookie and `__Host-` CSRF
 * cookie, both Secure. Over plain HTTP there is no prefix and no Secure flag (a browser would drop Secure cookies on
 * http://localhost). HSTS is sent only over HTTPS.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createClinician, type CreatedUser } from '../factories';
import { e2eDatabase } from '../support/db';
import { api, signInHttp } from '../support/http';
import { callServerAction, listServerActions } from '../support/server-actions';
import { ageSession, decodeSession, SECURE_SESSION_COOKIE, SESSION_COOKIE } from '../support/session-cookie';

const baseUrl = inject('baseUrl');
const secret = inject('authSecret');
const db = e2eDatabase();

const HTTPS = { 'x-forwarded-proto': 'https' };
const HTTPS_ORIGIN = { ...HTTPS, origin: baseUrl.replace(/^http:/, 'https:') };
/** A server action that needs a session; called with arguments that are not a form it answers 200 with a message. */
const revokeToken = () => listServerActions().find((a) => a.name === 'revokeTokenAction')!;

/** Cookie attributes of a Set-Cookie line, lower-cased names; `name` and `value` of the cookie itself. */
function parseSetCookie(line: string): { name: string; value: string; attrs: Map<string, string> } {
  const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    attrs: new Map(attrs.map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=').slice(1).join('=')])),
  };
}

function setCookies(res: Response): ReturnType<typeof parseSetCookie>[] {
  return res.headers.getSetCookie().map(parseSetCookie);
}

/** Sign in over HTTP as a script would, with extra headers on both requests. Returns the raw Set-Cookie lines seen. */
async function signIn(user: CreatedUser, headers: Record<string, string>): Promise<{ csrf: Response; callback: Response; jar: string }> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = setCookies(csrf)
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
  const callback = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
    body: new URLSearchParams({ csrfToken, email: user.email, password: user.password }),
  });
  await callback.arrayBuffer();
  return { csrf, callback, jar };
}

function expectSecureSessionCookie(cookie: ReturnType<typeof parseSetCookie> | undefined): void {
  expect(cookie, 'a __Secure- session cookie').toBeDefined();
  expect(cookie!.attrs.has('secure'), 'Secure').toBe(true);
  expect(cookie!.attrs.has('httponly'), 'HttpOnly').toBe(true);
  expect(cookie!.attrs.get('samesite')?.toLowerCase()).toBe('lax');
  expect(cookie!.attrs.get('path')).toBe('/');
  expect(cookie!.attrs.has('domain'), 'no Domain').toBe(false);
}

describe('over HTTPS (X-Forwarded-Proto: https)', () => {
  let user: CreatedUser;
  let session = '';

  beforeAll(async () => {
    user = await createClinician(db);
  });

  it('signs in with a __Secure- session cookie and a __Host- CSRF cookie', async () => {
    const { csrf, callback } = await signIn(user, HTTPS);
    const csrfCookie = setCookies(csrf).find((c) => c.name.endsWith('authjs.csrf-token'));
    expect(csrfCookie?.name).toBe('__Host-authjs.csrf-token');
    expect(csrfCookie!.attrs.has('secure')).toBe(true);
    expect(csrfCookie!.attrs.get('path')).toBe('/');
    expect(csrfCookie!.attrs.has('domain'), '__Host- cookies have no Domain').toBe(false);

    const cookies = setCookies(callback);
    expect(cookies.some((c) => c.name === SESSION_COOKIE), 'no unprefixed session cookie').toBe(false);
    const sessionCookie = cookies.find((c) => c.name === SECURE_SESSION_COOKIE);
    expectSecureSessionCookie(sessionCookie);
    session = sessionCookie!.value;
    expect((await decodeSession(session, secret, SECURE_SESSION_COOKIE)).uid).toBe(user.id);
  });

  it('accepts the secure cookie on the API, pages and server actions, and sends HSTS', async () => {
    const cookie = `${SECURE_SESSION_COOKIE}=${session}`;
    const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { ...HTTPS, cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(user.email);
    expect(me.headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);

    const page = await fetch(`${baseUrl}/reports`, { redirect: 'manual', headers: { ...HTTPS, cookie, accept: 'text/html' } });
    await page.arrayBuffer();
    expect(page.status).toBe(200);
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);

    expect(await callServerAction(baseUrl, revokeToken(), cookie, [{}, {}], HTTPS_ORIGIN), 'server action').toBe(200);
  });

  it('refreshes the idle expiry under the same cookie name with the same flags', async () => {
    const aged = await ageSession(session, secret, { idleS: 20 * 60, signedInAgoS: 60 * 60 }, SECURE_SESSION_COOKIE);
    const res = await fetch(`${baseUrl}/reports`, { redirect: 'manual', headers: { ...HTTPS, cookie: `${SECURE_SESSION_COOKIE}=${aged}`, accept: 'text/html' } });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    const cookies = setCookies(res);
    expect(cookies.some((c) => c.name === SESSION_COOKIE), 'no unprefixed session cookie').toBe(false);
    const refreshed = cookies.find((c) => c.name === SECURE_SESSION_COOKIE);
    expectSecureSessionCookie(refreshed);
    const before = await decodeSession(aged, secret, SECURE_SESSION_COOKIE);
    const after = await decodeSession(refreshed!.value, secret, SECURE_SESSION_COOKIE);
    expect(after.exp! - before.exp!).toBeGreaterThanOrEqual(19 * 60);
  });

  it('a secure cookie means nothing over plain HTTP (the server looks for the unprefixed name there)', async () => {
    const res = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: `${SECURE_SESSION_COOKIE}=${session}` } });
    await res.arrayBuffer();
    expect(res.status).toBe(401);
  });

  it('signs out: the secure cookie is cleared with its own name and flags, and refused afterwards', async () => {
    const cookie = `${SECURE_SESSION_COOKIE}=${session}`;
    const signOut = listServerActions().find((a) => a.name === 'signOutAction')!;
    const res = await fetch(`${baseUrl}/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...HTTPS_ORIGIN, 'Next-Action': signOut.id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', cookie },
      body: '[]',
    });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    const last = setCookies(res)
      .filter((c) => c.name === SECURE_SESSION_COOKIE)
      .at(-1);
    expect(last?.value).toBe('');
    expect(last!.attrs.get('max-age')).toBe('0');
    expect(last!.attrs.has('secure')).toBe(true);
    const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { ...HTTPS, cookie } });
    await me.arrayBuffer();
    expect(me.status).toBe(401);
    expect(await callServerAction(baseUrl, revokeToken(), cookie, [{}, {}], HTTPS_ORIGIN)).toBe(401);
  });
});

describe('without a session cookie', () => {
  it('no answer sets a cookie: signed-out pages, bearer-token API calls, CDS discovery, the health routes', async () => {
    const user = await createClinician(db);
    const session = await signInHttp(baseUrl, user.email, user.password);
    expect(session).not.toBeNull();
    const created = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session, body: { name: 'cookie check' } });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.body.token as string}` };
    const calls: Array<[string, Record<string, string>, number]> = [
      ['/login', { accept: 'text/html' }, 200],
      ['/reports', { accept: 'text/html' }, 307],
      ['/api/ping', {}, 200],
      ['/api/health', {}, 200],
      ['/api/v1/me', {}, 401],
      ['/api/v1/me', bearer, 200],
      ['/api/v1/reports', bearer, 200],
      ['/cds-services', {}, 200],
    ];
    for (const headers of [{}, HTTPS]) {
      for (const [url, extra, status] of calls) {
        const res = await fetch(`${baseUrl}${url}`, { redirect: 'manual', headers: { ...headers, ...extra } });
        await res.arrayBuffer();
        const what = `${url} ${JSON.stringify({ ...headers, ...extra }).slice(0, 60)}`;
        expect(res.status, what).toBe(status);
        expect(res.headers.getSetCookie(), what).toEqual([]);
        // Still the proxy's answer (its CSP), only without Auth.js; a redirect to /login has no body to protect.
        if (status !== 307) expect(res.headers.get('content-security-policy') ?? 'none', what).toMatch(/default-src/);
        else expect(res.headers.get('location'), what).toMatch(/\/login\?next=%2Freports$/);
      }
    }
    // The control: a signed-in call does get its session cookie refreshed (so the check above can tell the two apart).
    const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: session!.cookie } });
    await me.arrayBuffer();
    expect(me.status).toBe(200);
    expect(me.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
  });

  it("sends HSTS over HTTPS on Auth.js's own endpoints too", async () => {
    const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: HTTPS });
    await csrf.arrayBuffer();
    expect(csrf.status).toBe(200);
    expect(csrf.headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
    const plain = await fetch(`${baseUrl}/api/auth/csrf`);
    await plain.arrayBuffer();
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('over plain HTTP', () => {
  it('the session cookie has no prefix and no Secure flag, and no HSTS is sent', async () => {
    const user = await createClinician(db);
    const { csrf, callback } = await signIn(user, {});
    expect(setCookies(csrf).find((c) => c.name.endsWith('authjs.csrf-token'))?.name).toBe('authjs.csrf-token');
    const sessionCookie = setCookies(callback).find((c) => c.name.endsWith('authjs.session-token'));
    expect(sessionCookie?.name).toBe(SESSION_COOKIE);
    expect(sessionCookie!.attrs.has('secure')).toBe(false);
    expect(sessionCookie!.attrs.has('httponly')).toBe(true);
    const cookie = `${SESSION_COOKIE}=${sessionCookie!.value}`;
    for (const url of ['/api/v1/me', '/reports']) {
      const res = await fetch(`${baseUrl}${url}`, { redirect: 'manual', headers: { cookie, accept: 'text/html' } });
      await res.arrayBuffer();
      expect(res.status, url).toBe(200);
      expect(res.headers.get('strict-transport-security'), url).toBeNull();
    }
  });
});
