/**
 * Issue 15, item 1: Auth.js's own sign-out, as the README tells scripts to use it (GET /api/auth/csrf, then
 * POST /api/auth/signout with the token), must end the session, not only clear the cookie: a copy of the old cookie is
 * refused afterwards, as after the app's own sign-out action. Before the fix the old cookie still answered
 * GET /api/v1/me and GET /reports with 200. A forged sign-out (no CSRF token) must revoke nothing. The database-outage
 * case (503, cookie kept, "still signed in") is in tests/e2e/db-outage.test.ts.
 */
import { describe, expect, inject, it } from 'vitest';
import { createClinician } from '../factories';
import { e2eDatabase } from '../support/db';
import { api, clearsSession, signInHttp, signOutHttp } from '../support/http';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();

describe("Auth.js's sign-out endpoint revokes the session", () => {
  it('after POST /api/auth/signout the old cookie is refused by the API and by pages, and the sign-out is audited', async () => {
    const user = await createClinician(db);
    const session = (await signInHttp(baseUrl, user.email, user.password))!;
    expect((await api(baseUrl, '/api/v1/me', { session })).status).toBe(200);

    const out = await signOutHttp(baseUrl, session);
    expect(out.status).toBe(302);
    expect(clearsSession(out)).toBe(true);

    // The cookie the client had before signing out (a copy in a script, a stolen one) no longer works.
    expect((await api(baseUrl, '/api/v1/me', { session })).status).toBe(401);
    const page = await fetch(`${baseUrl}/reports`, { headers: { cookie: session.cookie, accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toMatch(/\/login(\?|$)/);
    const rsc = await fetch(`${baseUrl}/api/v1/reports`, { headers: { cookie: session.cookie } });
    expect(rsc.status).toBe(401);

    const audit = await db.auditEvent.findMany({ where: { actorId: user.id, action: 'auth.sign-out' } });
    expect(audit).toHaveLength(1);
  });

  it('a sign-out without the CSRF token (a forged form) is refused by Auth.js and revokes nothing', async () => {
    const user = await createClinician(db);
    const session = (await signInHttp(baseUrl, user.email, user.password))!;
    const forged = await signOutHttp(baseUrl, session, 'not-the-token');
    expect(clearsSession(forged)).toBe(false);
    expect((await api(baseUrl, '/api/v1/me', { session })).status).toBe(200);
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: 'auth.sign-out' } })).toBe(0);
  });

  it('signing out twice with the same cookie is harmless: the second answer is a redirect, the session stays revoked', async () => {
    const user = await createClinician(db);
    const session = (await signInHttp(baseUrl, user.email, user.password))!;
    expect((await signOutHttp(baseUrl, session)).status).toBe(302);
    const again = await signOutHttp(baseUrl, session);
    expect(again.status).toBe(302);
    expect((await api(baseUrl, '/api/v1/me', { session })).status).toBe(401);
  });
});
