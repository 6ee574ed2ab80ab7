import { beforeAll, describe, expect, inject, it } from 'vitest';
import { e2eDatabase } from '../support/db';
import { createAdmin, createClinician, uniqueEmail } from '../factories';
import { api, signInHttp, type HttpSession } from '../support/http';
import { callServerAction, listServerActions } from '../support/server-actions';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let clinician: HttpSession;
let admin: HttpSession;

beforeAll(async () => {
  const c = await createClinician(db);
  const a = await createAdmin(db);
  clinician = (await signInHttp(baseUrl, c.email, c.password))!;
  admin = (await signInHttp(baseUrl, a.email, a.password))!;
  expect(clinician).toBeTruthy();
  expect(admin).toBeTruthy();
});

const ADMIN_ROUTES: Array<[string, string]> = [
  ['GET', '/api/v1/users'],
  ['POST', '/api/v1/users'],
  ['GET', '/api/v1/users/00000000-0000-4000-8000-000000000000'],
  ['PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000'],
];
const SIGNED_IN_ROUTES: Array<[string, string]> = [
  ['GET', '/api/v1/me'],
  ['POST', '/api/v1/fhir/patient-context'],
  ['GET', '/api/v1/tokens'],
  ['POST', '/api/v1/tokens'],
  ['DELETE', '/api/v1/tokens/00000000-0000-4000-8000-000000000000'],
];

describe('health', () => {
  it('answers 200 with the database status', async () => {
    const res = await api(baseUrl, '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('the ping route (the benchmark floor) answers { status: ok }, uncached, and nothing else', async () => {
    const res = await fetch(`${baseUrl}/api/ping`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('authorization', () => {
  it('answers 401 on every API route without a session or token, and with a bad token', async () => {
    for (const [method, path] of [...ADMIN_ROUTES, ...SIGNED_IN_ROUTES]) {
      expect((await api(baseUrl, path, { method, body: method === 'GET' || method === 'DELETE' ? undefined : {} })).status, `${method} ${path}`).toBe(401);
      expect((await api(baseUrl, path, { method, bearer: 'k2_not-a-real-token' })).status, `${method} ${path} bearer`).toBe(401);
    }
  });

  it('answers 403 to a clinician on every admin route and admin page', async () => {
    for (const [method, path] of ADMIN_ROUTES) {
      const res = await api(baseUrl, path, { method, session: clinician, body: method === 'GET' ? undefined : { name: 'x' } });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    for (const page of ['/admin/accounts', '/admin/audit', '/admin/cds-clients']) {
      const res = await fetch(`${baseUrl}${page}`, { headers: { cookie: clinician.cookie }, redirect: 'manual' });
      expect(res.status, page).toBe(403);
    }
  });

  it('answers 403 to a clinician and 401 to nobody from every admin server action', async () => {
    const adminActions = listServerActions().filter((action) => action.file.startsWith('app/(admin)/'));
    expect(adminActions.map((a) => a.name).sort()).toEqual([
      'changeStatusAction',
      'createAccountAction',
      'createEntryAction',
      'importEvidenceAction',
      'registerCdsClientAction',
      'resetPasswordAction',
      'setCdsClientEnabledAction',
      'setCdsClientFhirServersAction',
      'setDisabledAction',
      'updateEntryAction',
    ]);
    const before = await db.user.count();
    for (const action of adminActions) {
      expect(await callServerAction(baseUrl, action, clinician.cookie), `${action.name} as clinician`).toBe(403);
      expect(await callServerAction(baseUrl, action, null), `${action.name} without session`).toBe(401);
    }
    expect(await db.user.count()).toBe(before);
  });

  it('redirects a signed-out browser from a page to the login page', async () => {
    const res = await fetch(`${baseUrl}/admin/accounts`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toContain('/login?next=%2Fadmin%2Faccounts');
  });
});

describe('accounts API (admin)', () => {
  it('answers bad input with 400 and field errors, and changes nothing', async () => {
    const before = await db.user.count();
    const notJson = await api(baseUrl, '/api/v1/users', { method: 'POST', session: admin, rawBody: '{"email":' });
    expect(notJson.status).toBe(400);
    const array = await api(baseUrl, '/api/v1/users', { method: 'POST', session: admin, body: [1, 2] });
    expect(array.status).toBe(400);
    const bad = await api(baseUrl, '/api/v1/users', { method: 'POST', session: admin, body: { email: 'nope', name: '', role: 'ROOT', password: 'short' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object).sort()).toEqual(['email', 'name', 'password', 'role']);
    const wrongTypes = await api(baseUrl, '/api/v1/users', { method: 'POST', session: admin, body: { email: 42, name: { a: 1 }, role: null, password: ['x'] } });
    expect(wrongTypes.status).toBe(400);
    expect(await db.user.count()).toBe(before);
  });

  it('creates, refuses a duplicate with 409 on the email field, disables, and audits each change', async () => {
    const email = uniqueEmail('api');
    const created = await api(baseUrl, '/api/v1/users', { method: 'POST', session: admin, body: { email, name: 'API Made', role: 'CLINICIAN', password: 'an api made passphrase' } });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    const duplicate = await api(baseUrl, '/api/v1/users', { method: 'POST', session: admin, body: { email: email.toUpperCase(), name: 'Again', role: 'CLINICIAN', password: 'an api made passphrase' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.fields).toHaveProperty('email');

    const id = created.body.id as string;
    const badPatch = await api(baseUrl, `/api/v1/users/${id}`, { method: 'PATCH', session: admin, body: { disabled: 'yes', tokenVersion: 0 } });
    expect(badPatch.status).toBe(400);
    const disabled = await api(baseUrl, `/api/v1/users/${id}`, { method: 'PATCH', session: admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await api(baseUrl, '/api/v1/users/not-a-uuid', { session: admin })).status).toBe(404);

    const actions = (await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['account.create', 'account.disable']);
  });

  it('lists accounts without password hashes', async () => {
    const res = await api(baseUrl, '/api/v1/users', { session: admin });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);
  });
});

describe('personal API tokens', () => {
  it('creates a token shown once, stores only its hash, authenticates with it, and stops on revoke', async () => {
    const bad = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: clinician, body: { name: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('name');

    const created = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: clinician, body: { name: 'EHR test' } });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^k2_[\w-]{40,}$/);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: created.body.id as string } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const me = await api(baseUrl, '/api/v1/me', { bearer: token });
    expect(me.status).toBe(200);
    expect(me.body.authenticatedBy).toBe('api-token');
    expect((await api(baseUrl, '/api/v1/users', { bearer: token })).status).toBe(403);

    const list = await api(baseUrl, '/api/v1/tokens', { session: clinician });
    expect(JSON.stringify(list.body)).not.toContain(token);

    // Another user cannot revoke it: it does not exist for them.
    expect((await api(baseUrl, `/api/v1/tokens/${created.body.id as string}`, { method: 'DELETE', session: admin })).status).toBe(404);
    expect((await api(baseUrl, `/api/v1/tokens/${created.body.id as string}`, { method: 'DELETE', session: clinician })).status).toBe(200);
    expect((await api(baseUrl, '/api/v1/me', { bearer: token })).status).toBe(401);
  });

  it('a token expires (issue 14): 90 days by default, 30 or 365 on request, anything else refused; an expired token is refused', async () => {
    const badLife = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: clinician, body: { name: 'bad life', expiresInDays: 7 } });
    expect(badLife.status).toBe(400);
    expect(badLife.body.fields).toHaveProperty('expiresInDays');
    const plain = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: clinician, body: { name: 'default life' } });
    expect(plain.status).toBe(201);
    const days = (new Date(plain.body.expiresAt as string).getTime() - new Date(plain.body.createdAt as string).getTime()) / 86_400_000;
    expect(days).toBeCloseTo(90, 2);
    const short = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: clinician, body: { name: 'short life', expiresInDays: 30 } });
    expect(short.status).toBe(201);
    const token = short.body.token as string;
    expect((await api(baseUrl, '/api/v1/me', { bearer: token })).status).toBe(200);
    // Time passes: the token's expiry is now in the past.
    await db.apiToken.update({ where: { id: short.body.id as string }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await api(baseUrl, '/api/v1/me', { bearer: token })).status).toBe(401);
    // A token made before expiries existed (no expiresAt) still works.
    await db.apiToken.update({ where: { id: plain.body.id as string }, data: { expiresAt: null } });
    expect((await api(baseUrl, '/api/v1/me', { bearer: plain.body.token as string })).status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends a nonce-based CSP and the other headers on pages', async () => {
    const res = await fetch(`${baseUrl}/login`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP here
  });

  it('adds HSTS when the request came over HTTPS', async () => {
    const res = await fetch(`${baseUrl}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });
});
