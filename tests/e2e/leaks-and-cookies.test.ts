/**
 * What must never leave the server: password hashes, token hashes, the AUTH_SECRET and other clinicians' data, in any
 * page (HTML and its RSC payload), RSC fetch or JSON answer; and session cookies readable by scripts. The user fields
 * that do leave are pinned by an allow-list: a new one (passwordHash, tokenVersion…) in any payload fails the test.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdmin, createClinician, uniqueEmail, type CreatedUser } from '../factories';
import { discoverPages, discoverRoutes } from '../support/app-routes';
import { e2eDatabase } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';
import { collectUserKeys, flightFromHtml, parseFlight } from '../support/payloads';

const baseUrl = inject('baseUrl');
const authSecret = inject('authSecret');
const db = e2eDatabase();
let admin: HttpSession;
let adminEmail = '';

beforeAll(async () => {
  const a = await createAdmin(db);
  adminEmail = a.email;
  admin = (await signInHttp(baseUrl, a.email, a.password))!;
});

const FORBIDDEN = [/passwordHash/i, /\$argon2/, /tokenHash/i, /tokenVersion/i, /pg-password|AUTH_SECRET/];

/** The user fields a clinician's own pages and JSON may carry (today: GET /api/v1/me). */
const CLINICIAN_USER_KEYS = ['authenticatedBy', 'email', 'id', 'name', 'role'];
/** The user fields an admin's pages and JSON may carry (the accounts page and GET /api/v1/users add these). */
const ADMIN_USER_KEYS = [...CLINICIAN_USER_KEYS, 'createdAt', 'disabled', 'lastLoginAt', 'userId'].sort();

type Payload = { label: string; text: string; data: unknown[] };

/** A page as a browser first loads it (HTML with its inlined RSC payload) and as the client router fetches it (RSC). */
async function pagePayloads(url: string, cookie: string): Promise<Payload[]> {
  const html = await fetch(`${baseUrl}${url}`, { headers: { accept: 'text/html', cookie } });
  const htmlText = await html.text();
  expect(html.status, `${url} (HTML)`).toBe(200);
  const flight = flightFromHtml(htmlText);
  expect(flight.length, `${url}: the HTML carries an RSC payload`).toBeGreaterThan(100);
  // Next answers `RSC: 1` with a redirect to the cache-busting `?_rsc=` URL; fetch follows it with the same headers.
  const rsc = await fetch(`${baseUrl}${url}`, { headers: { RSC: '1', cookie } });
  const rscText = await rsc.text();
  expect(rsc.status, `${url} (RSC)`).toBe(200);
  expect(rsc.headers.get('content-type'), `${url} (RSC)`).toContain('text/x-component');
  return [
    { label: `${url} (HTML)`, text: htmlText, data: parseFlight(flight) },
    { label: `${url} (RSC)`, text: rscText, data: parseFlight(rscText) },
  ];
}

async function jsonPayload(url: string, cookie: string): Promise<Payload> {
  const res = await fetch(`${baseUrl}${url}`, { headers: { cookie } });
  const text = await res.text();
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type'), url).toContain('application/json');
  return { label: url, text, data: [JSON.parse(text)] };
}

function userKeys(payloads: Payload[]): string[] {
  const keys = new Set<string>();
  for (const p of payloads) collectUserKeys(p.data, keys);
  return [...keys].sort();
}

function leaks(payloads: Payload[], secrets: Array<string | RegExp>): string[] {
  const found: string[] = [];
  for (const { label, text } of payloads) {
    for (const secret of secrets) if (typeof secret === 'string' ? text.includes(secret) : secret.test(text)) found.push(`${label} contains ${secret}`);
  }
  return found;
}

describe('no secrets in what the server sends', () => {
  it('admin pages (HTML and RSC payload) and JSON lists carry no password or token hashes; user fields are the allowed ones', async () => {
    const payloads: Payload[] = [];
    for (const url of ['/', '/admin/accounts', '/admin/audit', '/settings/tokens', '/reports']) payloads.push(...(await pagePayloads(url, admin.cookie)));
    for (const url of ['/api/v1/users', '/api/v1/me', '/api/v1/tokens']) payloads.push(await jsonPayload(url, admin.cookie));
    expect(leaks(payloads, [...FORBIDDEN, authSecret])).toEqual([]);
    expect(userKeys(payloads)).toEqual(ADMIN_USER_KEYS);
    // The accounts page really lists users (so the checks above looked at user data).
    expect(payloads.find((p) => p.label === '/admin/accounts (RSC)')!.text).toContain(adminEmail);
  });

  describe("a clinician's pages and JSON", () => {
    let viewer: CreatedUser;
    let other: CreatedUser;
    let viewerSession: HttpSession;
    let otherSession: HttpSession;
    let viewerReportId = '';
    /** Everything of the other clinician's that must not reach the viewer. */
    const otherData: string[] = [];
    /** Hashes stored in the database for both clinicians. */
    const storedHashes: string[] = [];

    beforeAll(async () => {
      other = await createClinician(db, { name: 'Dr Zebulon Quillfeather', email: uniqueEmail('quillfeather') });
      otherSession = (await signInHttp(baseUrl, other.email, other.password))!;
      const otherReport = await api(baseUrl, '/api/v1/reports', {
        method: 'POST',
        session: otherSession,
        body: { age: 67, sex: 'male', goals: ['cardiovascular'], patientRef: 'QF-ZEB-7731', medications: [{ name: 'Quillfeatherol' }] },
      });
      expect(otherReport.status).toBe(201);
      const otherToken = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: otherSession, body: { name: 'quillfeather-pipeline' } });
      expect(otherToken.status).toBe(201);
      otherData.push(other.email, other.name, other.id, 'QF-ZEB-7731', 'Quillfeatherol', 'quillfeather-pipeline');
      for (const value of [otherReport.body.id, otherToken.body.id, otherToken.body.token, otherToken.body.prefix]) {
        expect(typeof value === 'string' && value.length >= 10, `a distinctive value: ${String(value)}`).toBe(true);
        otherData.push(value as string);
      }

      viewer = await createClinician(db, { name: 'Dr Vera Viewer' });
      viewerSession = (await signInHttp(baseUrl, viewer.email, viewer.password))!;
      const own = await api(baseUrl, '/api/v1/reports', { method: 'POST', session: viewerSession, body: { age: 58, sex: 'female', goals: ['bone'], patientRef: 'VV-OWN-2001' } });
      expect(own.status).toBe(201);
      viewerReportId = own.body.id as string;
      expect((await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: viewerSession, body: { name: 'viewer-script' } })).status).toBe(201);

      const users = await db.user.findMany({ where: { id: { in: [viewer.id, other.id] } }, select: { passwordHash: true, apiTokens: { select: { tokenHash: true } } } });
      for (const u of users) storedHashes.push(u.passwordHash, ...u.apiTokens.map((t) => t.tokenHash));
      expect(storedHashes).toHaveLength(4);
    });

    /** Every page a clinician can open (all but /admin/* and /login), with the clinician's own report for [id] (a CDS service's for /decision-support). */
    const clinicianPages = (): string[] =>
      discoverPages()
        .filter((p) => !p.startsWith('/admin') && p !== '/login')
        .map((p) => (p.startsWith('/decision-support/') ? p.replace('[id]', 'k2-order-select') : p.replace('[id]', viewerReportId)));

    /** Every JSON GET a clinician can call; the test below checks that no route is left out. */
    const clinicianJson = (): string[] => [
      '/api/v1/me',
      '/api/v1/tokens',
      '/api/v1/reports',
      `/api/v1/reports/${viewerReportId}`,
      '/api/v1/evidence/version',
      ...['trials', 'claims', 'interactions', 'sources', 'medications'].map((kind) => `/api/v1/${kind}`),
      '/api/v1/trials/zwakenberg-2019',
      '/api/v1/terminology/medications?q=Jantovan',
    ];
    /** GET routes a clinician cannot call (admin only), or that are not JSON. */
    const NOT_CLINICIAN_JSON = ['api/v1/users', 'api/v1/users/[id]', 'api/v1/evidence/export', 'api/v1/reports/[id]/pdf', ...['trials', 'claims', 'interactions', 'sources', 'medications'].map((kind) => `api/v1/${kind}/[id]/[action]`)];

    it('covers every JSON GET route under /api/v1', () => {
      const covered = new Set([
        ...clinicianJson().map((u) => u.slice(1).replace(/\?.*$/, '').replace(viewerReportId, '[id]').replace('zwakenberg-2019', '[id]')),
        ...['claims', 'interactions', 'sources', 'medications'].map((kind) => `api/v1/${kind}/[id]`),
        ...NOT_CLINICIAN_JSON,
      ]);
      const gets = discoverRoutes()
        .filter((r) => r.key.startsWith('api/v1/') && r.methods.includes('GET'))
        .map((r) => r.key);
      expect(gets.filter((key) => !covered.has(key))).toEqual([]);
    });

    it("carry no hashes, no secret and nothing of another clinician's; user fields are the allowed ones", async () => {
      const payloads: Payload[] = [];
      for (const url of clinicianPages()) payloads.push(...(await pagePayloads(url, viewerSession.cookie)));
      for (const url of clinicianJson()) payloads.push(await jsonPayload(url, viewerSession.cookie));
      expect(payloads.length, "6 pages twice, 10 JSON answers").toBeGreaterThanOrEqual(2 * 6 + 10);

      expect(leaks(payloads, [...FORBIDDEN, authSecret, ...storedHashes, ...otherData])).toEqual([]);
      expect(userKeys(payloads)).toEqual(CLINICIAN_USER_KEYS);

      // Controls: the scan reads real data — the viewer's own report and name are there.
      const text = (label: string) => payloads.find((p) => p.label === label)!.text;
      expect(text('/reports (HTML)')).toContain('VV-OWN-2001');
      expect(text('/reports (RSC)')).toContain('VV-OWN-2001');
      expect(text('/api/v1/reports')).toContain('VV-OWN-2001');
      expect(text('/ (HTML)')).toContain('Dr Vera Viewer');
      // The other clinician's data does show up where it belongs — on their own pages — so a leak would be seen.
      const theirs = await pagePayloads('/reports', otherSession.cookie);
      for (const value of ['QF-ZEB-7731', other.name]) expect(theirs[1]!.text).toContain(value);
    });
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax and scoped to the whole site', async () => {
    const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const user = await createAdmin(db);
    const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
      body: new URLSearchParams({ csrfToken, email: user.email, password: user.password }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
  });
});

describe('headers and the image optimiser', () => {
  it('sends a nonce CSP with the required directives on every signed-in page', async () => {
    for (const url of ['/', '/reports', '/reports/new', '/settings/tokens', '/admin/accounts', '/admin/audit', '/admin/evidence/trials', '/admin/cds-clients']) {
      const res = await fetch(`${baseUrl}${url}`, { headers: { cookie: admin.cookie } });
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, url).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp, url + ' ' + directive).toContain(directive);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('refuses to fetch images from other hosts through /_next/image', async () => {
    const res = await fetch(`${baseUrl}/_next/image?url=${encodeURIComponent('https://evil.example/x.png')}&w=64&q=75`);
    expect(res.status).toBe(400);
  });
});
