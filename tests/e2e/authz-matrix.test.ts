/**
 * The authorization matrix: every route handler and page under app/, discovered from the source tree, called
 * without a session, as a clinician on admin surfaces, and as another clinician on someone's own resources —
 * and again with an `x-middleware-subrequest` header (the proxy is never the guard). A route or page that is not in
 * the matrix below fails the test, so a new one cannot be forgotten.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdmin, createClinician } from '../factories';
import { discoverPages, discoverRoutes, type Method } from '../support/app-routes';
import { e2eDatabase } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';
import { callServerAction, callServerActionWithForm, listServerActions } from '../support/server-actions';

/** cds-jwt: CDS Hooks calls, authenticated by the EHR's signed JWT only — a session cookie must not count. */
type Access = 'public' | 'auth-endpoint' | 'signed-in' | 'admin' | 'owner' | 'cds-jwt';

/** Route handlers: directory under app/ → method → who may call it. */
const ROUTES: Record<string, Partial<Record<Method, Access>>> = {
  'api/health': { GET: 'public' },
  'api/ping': { GET: 'public' },
  unavailable: { GET: 'public' },
  'api/auth/[...nextauth]': { GET: 'auth-endpoint', POST: 'auth-endpoint' },
  'api/v1/me': { GET: 'signed-in' },
  'api/v1/tokens': { GET: 'signed-in', POST: 'signed-in' },
  'api/v1/tokens/[id]': { DELETE: 'owner' },
  'api/v1/users': { GET: 'admin', POST: 'admin' },
  'api/v1/users/[id]': { GET: 'admin', PATCH: 'admin' },
  'api/v1/evidence/export': { GET: 'admin' },
  'api/v1/evidence/import': { POST: 'admin' },
  'api/v1/evidence/version': { GET: 'signed-in' },
  'api/v1/reports': { GET: 'signed-in', POST: 'signed-in' },
  'api/v1/reports/[id]': { GET: 'owner' },
  'api/v1/reports/[id]/rerun': { POST: 'owner' },
  'api/v1/reports/[id]/pdf': { GET: 'owner' },
  'api/v1/fhir/patient-context': { POST: 'signed-in' },
  'api/v1/terminology/medications': { GET: 'signed-in' },
  'api/v1/terminology/medications/recognise': { POST: 'signed-in' },
  'cds-services': { GET: 'public', OPTIONS: 'public' },
  'cds-services/[id]': { POST: 'cds-jwt', OPTIONS: 'public' },
  'cds-services/[id]/feedback': { POST: 'cds-jwt', OPTIONS: 'public' },
  // SMART App Launch: no data in their answers (a redirect to a registered EHR, or a draft id that only a signed-in
  // user with report:create can open); a signed-out browser must be able to finish the launch and then sign in.
  // tests/e2e/smart-launch.test.ts covers them.
  'smart/launch': { GET: 'public' },
  'smart/callback': { GET: 'public' },
  ...Object.fromEntries(
    ['trials', 'claims', 'interactions', 'sources', 'medications'].flatMap((kind) => [
      [`api/v1/${kind}`, { GET: 'signed-in', POST: 'admin' }],
      [`api/v1/${kind}/[id]`, { GET: 'signed-in', PATCH: 'admin' }],
      [`api/v1/${kind}/[id]/[action]`, { GET: 'admin', POST: 'admin' }],
    ]),
  ),
};

/** Pages: route path (groups removed) → who may see it. */
const PAGES: Record<string, Access> = {
  '/login': 'public',
  '/decision-support/[id]': 'public',
  '/': 'signed-in',
  '/settings/tokens': 'signed-in',
  '/reports': 'signed-in',
  '/reports/new': 'signed-in',
  '/reports/[id]': 'owner',
  '/reports/[id]/handout': 'owner',
  '/admin/accounts': 'admin',
  '/admin/audit': 'admin',
  '/admin/evidence/[kind]': 'admin',
  '/admin/evidence/[kind]/new': 'admin',
  '/admin/evidence/[kind]/[id]': 'admin',
  '/admin/evidence/[kind]/[id]/history': 'admin',
  '/admin/evidence/transfer': 'admin',
  '/admin/cds-clients': 'admin',
};

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let owner: HttpSession;
let other: HttpSession;
let reportId = '';
let tokenId = '';

beforeAll(async () => {
  const [a, b] = [await createClinician(db), await createClinician(db)];
  owner = (await signInHttp(baseUrl, a.email, a.password))!;
  other = (await signInHttp(baseUrl, b.email, b.password))!;
  reportId = (await api(baseUrl, '/api/v1/reports', { method: 'POST', session: owner, body: { age: 50, sex: 'female', goals: ['bone'] } })).body.id as string;
  tokenId = (await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: owner, body: { name: 'matrix' } })).body.id as string;
});

function samplePath(key: string, method: Method): string {
  const isReportish = key.startsWith('api/v1/reports') || key.startsWith('/reports');
  return (
    '/' +
    key
      .replace(/^\//, '')
      .replace('[...nextauth]', 'session')
      .replace('[kind]', 'trials')
      .replace('[action]', method === 'GET' ? 'revisions' : 'publish')
      .replace('[id]', key.startsWith('cds-services') ? 'k2-order-select' : isReportish ? reportId : key.includes('tokens') ? tokenId : key.includes('users') ? '00000000-0000-4000-8000-000000000000' : 'zwakenberg-2019')
  );
}

const SPOOF = { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware', 'x-proxy-subrequest': 'proxy:proxy:proxy' };

describe('authorization matrix', () => {
  it('has an entry for every route handler and page, and no stale entries', () => {
    const routes = discoverRoutes();
    const missing = routes.flatMap((r) => r.methods.filter((m) => !ROUTES[r.key]?.[m]).map((m) => `${m} ${r.key}`));
    const stale = Object.entries(ROUTES).flatMap(([key, methods]) => Object.keys(methods).filter((m) => !routes.some((r) => r.key === key && r.methods.includes(m as Method))).map((m) => `${m} ${key}`));
    expect(missing, 'routes without an authorization entry').toEqual([]);
    expect(stale, 'entries for routes that no longer exist').toEqual([]);
    const pages = discoverPages();
    expect(pages.filter((p) => !(p in PAGES)), 'pages without an authorization entry').toEqual([]);
    expect(Object.keys(PAGES).filter((p) => !pages.includes(p)), 'entries for pages that no longer exist').toEqual([]);
  });

  for (const spoof of [false, true]) {
    const label = spoof ? ' (with x-middleware-subrequest)' : '';

    it(`route handlers: 401 without a session, 403 for a clinician on admin routes, 404 for another clinician's resources${label}`, async () => {
      const headers = spoof ? SPOOF : {};
      const failures: string[] = [];
      for (const { key, methods } of discoverRoutes()) {
        for (const method of methods) {
          const access = ROUTES[key]![method]!;
          if (access === 'public' || access === 'auth-endpoint') continue;
          const url = samplePath(key, method);
          const body = method === 'GET' || method === 'DELETE' ? undefined : {};
          const anon = await api(baseUrl, url, { method, body, headers });
          if (anon.status !== 401) failures.push(`${method} ${url} without session: ${anon.status}`);
          if (access === 'cds-jwt') {
            const withCookie = await api(baseUrl, url, { method, body, session: other, headers });
            if (withCookie.status !== 401) failures.push(`${method} ${url} with a session cookie but no JWT: ${withCookie.status}`);
          }
          if (access === 'admin') {
            const asClinician = await api(baseUrl, url, { method, body, session: other, headers });
            if (asClinician.status !== 403) failures.push(`${method} ${url} as clinician: ${asClinician.status}`);
          }
          if (access === 'owner') {
            const asOther = await api(baseUrl, url, { method, body, session: other, headers });
            if (asOther.status !== 404) failures.push(`${method} ${url} as another clinician: ${asOther.status}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it(`pages: signed-out → login, clinician on admin pages → 403, another clinician's report → 404${label}`, async () => {
      const headers = spoof ? SPOOF : {};
      const failures: string[] = [];
      for (const page of discoverPages()) {
        const access = PAGES[page]!;
        if (access === 'public') continue;
        const url = samplePath(page, 'GET');
        for (const accept of ['text/html', '*/*']) {
          const anon = await fetch(`${baseUrl}${url}`, { redirect: 'manual', headers: { ...headers, accept } });
          const location = anon.headers.get('location') ?? '';
          if (!(anon.status === 307 || anon.status === 303) || !location.includes('/login')) failures.push(`${url} (${accept}) without session: ${anon.status} ${location}`);
          await anon.arrayBuffer();
        }
        if (access === 'admin' || access === 'owner') {
          const res = await fetch(`${baseUrl}${url}`, { redirect: 'manual', headers: { ...headers, cookie: other.cookie, accept: 'text/html' } });
          await res.arrayBuffer();
          const want = access === 'admin' ? 403 : 404;
          if (res.status !== want) failures.push(`${url} as ${access === 'admin' ? 'clinician' : 'another clinician'}: ${res.status}, want ${want}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('server actions: every one but sign-in and sign-out answers 401 without a session', async () => {
    const open = new Set(['signInAction', 'signOutAction']);
    const actions = listServerActions();
    expect(actions.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const action of actions.filter((a) => !open.has(a.name))) {
      const status = await callServerAction(baseUrl, action, null);
      if (status !== 401) failures.push(`${action.name} (${action.file}) without session: ${status}`);
    }
    expect(failures).toEqual([]);
  });

  it('no server action crashes when called with arguments that are not form data', async () => {
    const admin = await createAdmin(db);
    const session = (await signInHttp(baseUrl, admin.email, admin.password))!;
    const failures: string[] = [];
    for (const action of listServerActions().filter((a) => a.name !== 'signOutAction')) {
      for (const args of [[{}, {}], [null, 'text'], [{}]]) {
        const status = await callServerAction(baseUrl, action, session.cookie, args);
        if (status >= 500) failures.push(`${action.name} ${JSON.stringify(args)}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('server actions refuse a foreign Origin with 403 and do not run; from the app\'s own origin they run', async () => {
    const victim = (await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: owner, body: { name: 'origin-check' } })).body.id as string;
    const revoke = listServerActions().find((a) => a.name === 'revokeTokenAction')!;
    const failures: string[] = [];
    for (const action of listServerActions()) {
      const status = await callServerAction(baseUrl, action, owner.cookie, [{}, {}], { origin: 'https://evil.example' });
      if (status !== 403) failures.push(`${action.name} from https://evil.example: ${status}`);
    }
    const foreign: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `${baseUrl}.evil.example` },
      { origin: 'not a url' },
      // Behind a proxy Next compares the Origin with the first x-forwarded-host, not with Host.
      { origin: baseUrl, 'x-forwarded-host': 'desk.example' },
    ];
    for (const headers of foreign) {
      // The real thing: a form that revokes the token if the action runs.
      const status = await callServerActionWithForm(baseUrl, revoke, owner.cookie, { tokenId: victim }, headers);
      if (status !== 403) failures.push(`revokeTokenAction with a form, ${JSON.stringify(headers)}: ${status}`);
      // A form posted without JavaScript (multipart, the action named in the form data) is a server action too.
      const form = new FormData();
      form.set(`$ACTION_ID_${revoke.id}`, '');
      form.set('tokenId', victim);
      const noJs = await fetch(`${baseUrl}${revoke.pagePath}`, { method: 'POST', redirect: 'manual', headers: { ...headers, cookie: owner.cookie }, body: form });
      await noJs.arrayBuffer();
      if (noJs.status !== 403) failures.push(`multipart form POST, ${JSON.stringify(headers)}: ${noJs.status}`);
    }
    expect(failures).toEqual([]);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: victim } })).revokedAt, 'the action did not run').toBeNull();

    // Control: the same form from the app's own origin, behind a proxy that forwards the host, runs and revokes.
    expect(await callServerActionWithForm(baseUrl, revoke, owner.cookie, { tokenId: victim }, { origin: 'https://desk.example', 'x-forwarded-host': 'desk.example' })).toBe(200);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: victim } })).revokedAt).not.toBeNull();
  });

  it('a malformed percent-escape in a route parameter gets 400 (JSON for the API, a plain page otherwise), not 500', async () => {
    const BAD = '%E0%A4%A';
    const failures: string[] = [];
    const targets = [
      ...discoverRoutes()
        .filter((r) => r.key.includes('['))
        .flatMap((r) => r.methods.map((method) => ({ method, url: '/' + r.key.replace(/\[[^\]]+\]/g, BAD), api: true }))),
      ...discoverPages()
        .filter((p) => p.includes('['))
        .map((p) => ({ method: 'GET' as Method, url: p.replace(/\[[^\]]+\]/g, BAD), api: false })),
    ];
    expect(targets.length).toBeGreaterThan(10);
    for (const { method, url, api: isApi } of targets) {
      for (const cookie of [undefined, owner.cookie]) {
        const res = await fetch(`${baseUrl}${url}`, { method, redirect: 'manual', headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
        const text = await res.text();
        const type = res.headers.get('content-type') ?? '';
        const label = `${method} ${url}${cookie ? ' (signed in)' : ''}`;
        if (res.status !== 400) failures.push(`${label}: ${res.status}`);
        else if (isApi && !(type.startsWith('application/json') && JSON.parse(text).error)) failures.push(`${label}: ${type} ${text.slice(0, 80)}`);
        else if (!isApi && !(type.startsWith('text/html') && text.includes('Bad request'))) failures.push(`${label}: ${type} ${text.slice(0, 80)}`);
      }
    }
    expect(failures).toEqual([]);
    // Control: a well-formed escape in the same place reaches the handler (404: no such trial).
    expect((await api(baseUrl, '/api/v1/trials/%E2%82%AC', { session: owner })).status).toBe(404);
  });

  it('the owner can use what the others cannot', async () => {
    expect((await api(baseUrl, `/api/v1/reports/${reportId}`, { session: owner })).status).toBe(200);
    const page = await fetch(`${baseUrl}/reports/${reportId}/handout`, { headers: { cookie: owner.cookie } });
    expect(page.status).toBe(200);
  });
});
