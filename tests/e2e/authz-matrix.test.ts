/**
 * The authorization matrix: every route handler and page under app/, discovered from the source tree, called
 * without a session, as a clinician on admin surfaces, and as another clinician on someone's own resources —
 * and again with an `x-middleware-subrequest` header (the proxy is never the guard). A route or page that is not in
 * the matrix below fails the test, so a new one cannot be forgotten.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbClient } from '@/lib/server/db-client';
import { createAdmin, createClinician } from '../factories';
import { openTestDb } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';
import { callServerAction, listServerActions } from '../support/server-actions';

/** cds-jwt: CDS Hooks calls, authenticated by the EHR's signed JWT only — a session cookie must not count. */
type Access = 'public' | 'auth-endpoint' | 'signed-in' | 'admin' | 'owner' | 'cds-jwt';
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

/** Route handlers: directory under app/ → method → who may call it. */
const ROUTES: Record<string, Partial<Record<Method, Access>>> = {
  'api/health': { GET: 'public' },
  'api/ping': { GET: 'public' },
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
  'cds-services': { GET: 'public', OPTIONS: 'public' },
  'cds-services/[id]': { POST: 'cds-jwt', OPTIONS: 'public' },
  'cds-services/[id]/feedback': { POST: 'cds-jwt', OPTIONS: 'public' },
  ...Object.fromEntries(
    ['trials', 'claims', 'interactions', 'sources'].flatMap((kind) => [
      [`api/v1/${kind}`, { GET: 'signed-in', POST: 'admin' }],
      [`api/v1/${kind}/[id]`, { GET: 'signed-in', PATCH: 'admin' }],
      [`api/v1/${kind}/[id]/[action]`, { GET: 'admin', POST: 'admin' }],
    ]),
  ),
};

/** Pages: route path (groups removed) → who may see it. */
const PAGES: Record<string, Access> = {
  '/login': 'public',
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

const root = path.resolve(import.meta.dirname, '../../app');

function walk(dir: string, file: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full, file));
    else if (entry === file) out.push(full);
  }
  return out;
}

function discoverRoutes(): Array<{ key: string; methods: Method[] }> {
  return walk(root, 'route.ts').map((file) => {
    const source = readFileSync(file, 'utf8');
    const methods = new Set<Method>();
    for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PATCH|PUT|DELETE|OPTIONS)\b/g)) methods.add(m[1] as Method);
    for (const m of source.matchAll(/export\s+const\s*\{([^}]+)\}/g)) for (const name of m[1]!.split(',').map((s) => s.trim())) if (/^(GET|POST|PATCH|PUT|DELETE|OPTIONS)$/.test(name)) methods.add(name as Method);
    return { key: path.relative(root, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join('/'), methods: [...methods] };
  });
}

function discoverPages(): string[] {
  return walk(root, 'page.tsx').map((file) => '/' + path.relative(root, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s)).join('/'));
}

const baseUrl = inject('baseUrl');
let db: DbClient;
let closeDb: () => Promise<void>;
let owner: HttpSession;
let other: HttpSession;
let reportId = '';
let tokenId = '';

beforeAll(async () => {
  ({ db, close: closeDb } = openTestDb(inject('e2eDatabaseUrl')));
  const [a, b] = [await createClinician(db), await createClinician(db)];
  owner = (await signInHttp(baseUrl, a.email, a.password))!;
  other = (await signInHttp(baseUrl, b.email, b.password))!;
  reportId = (await api(baseUrl, '/api/v1/reports', { method: 'POST', session: owner, body: { age: 50, sex: 'female', goals: ['bone'] } })).body.id as string;
  tokenId = (await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: owner, body: { name: 'matrix' } })).body.id as string;
});
afterAll(async () => closeDb());

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

  it('server actions refuse a foreign Origin: the action does not run', async () => {
    const action = listServerActions().find((a) => a.name === 'revokeTokenAction')!;
    const response = await fetch(`${baseUrl}${action.pagePath}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Next-Action': action.id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin: 'https://evil.example', cookie: owner.cookie },
      body: JSON.stringify([{}, {}]),
    });
    await response.arrayBuffer();
    expect(response.status).toBeGreaterThanOrEqual(400);
    const token = await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(token.revokedAt).toBeNull();
  });

  it('the owner can use what the others cannot', async () => {
    expect((await api(baseUrl, `/api/v1/reports/${reportId}`, { session: owner })).status).toBe(200);
    const page = await fetch(`${baseUrl}/reports/${reportId}/handout`, { headers: { cookie: owner.cookie } });
    expect(page.status).toBe(200);
  });
});
