/**
 * Errors are generic (no message, stack or file path leaves the server) and the server's log is JSON that carries no
 * password, token, cookie, secret or patient context — checked on the real `next start` log of this e2e run.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser } from '../support/browser';
import { openTestDb } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';
import { createClinician } from '../factories';

const baseUrl = inject('baseUrl');
const logFile = inject('appLogFile');
const DEMO_EMAIL = 'clinician@demo.local';
const WRONG_PASSWORD = 'Wrong-Passphrase-Qx81-zebra';
/** Values of the patient context that would identify the patient were they to reach the log. */
const PATIENT = { medication: 'Zyxquorin-7731', patientRef: 'QREF-55214', k2DoseMcg: 8765.4, vitaminDNgPerMl: 37.77 };
const root = path.resolve(__dirname, '../..');
const LEAK_MARKERS = ['/work/', 'node_modules', ' at ', 'Error creating UUID', 'Inconsistent column', 'prisma', 'Prisma'];

let session: HttpSession;
let apiToken = '';
let reportId = '';

function sessionCookieValue(s: HttpSession): string {
  return /authjs\.session-token=([^;]+)/.exec(s.cookie)?.[1] ?? '';
}

beforeAll(async () => {
  // A failed attempt with a distinctive wrong password, then the right one (which resets the failure count).
  expect(await signInHttp(baseUrl, DEMO_EMAIL, WRONG_PASSWORD)).toBeNull();
  session = (await signInHttp(baseUrl, DEMO_EMAIL, inject('demoPassword')))!;
  expect(session).not.toBeNull();
  const created = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session, body: { name: 'log test' } });
  expect(created.status).toBe(201);
  apiToken = created.body.token as string;
  expect(apiToken).toMatch(/^k2_/);
});

afterAll(async () => {
  // Leave the demo account as it was (no extra live token).
  const list = await api(baseUrl, '/api/v1/tokens', { session });
  for (const token of (list.body.tokens as Array<{ id: string; name: string; revokedAt: string | null }> | undefined) ?? []) {
    if (token.name === 'log test' && !token.revokedAt) await api(baseUrl, `/api/v1/tokens/${token.id}`, { method: 'DELETE', session });
  }
});

describe('generic errors', () => {
  it('malformed JSON gets a generic 400', async () => {
    const res = await api(baseUrl, '/api/v1/reports', { method: 'POST', bearer: apiToken, rawBody: `{"medications":[{"name":"${PATIENT.medication}"` });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'The request body is not valid JSON.', fields: { _form: ['The request body is not valid JSON.'] } });
  });

  it('an unknown /api path gets a 404 without stack or file paths', async () => {
    const res = await fetch(`${baseUrl}/api/v1/no-such-endpoint`, { headers: { authorization: `Bearer ${apiToken}` } });
    const text = await res.text();
    expect(res.status).toBe(404);
    for (const marker of LEAK_MARKERS) expect(text).not.toContain(marker);
  });

  it('an id that is not a UUID, and an impossible date filter, are a 404 and an ignored filter — not a failure', async () => {
    // 36 hex digits pass a shape check but are not a UUID; they once reached PostgreSQL and made the page throw.
    expect((await fetch(`${baseUrl}/reports/${'a'.repeat(36)}`, { headers: { cookie: session.cookie } })).status).toBe(404);
    const history = await fetch(`${baseUrl}/reports?from=2026-13-45&to=2026-02-30`, { headers: { cookie: session.cookie } });
    expect(history.status).toBe(200);
    expect(await history.text()).toContain('Your reports');
  });

  it('a page that throws shows the generic error page: no message, stack or file path, only a digest that the log carries too', async () => {
    // A saved report the page cannot draw (its stored JSON is empty: corrupt data, written straight to the database for
    // a clinician of its own) makes the report page throw while rendering.
    const { db, close } = openTestDb(inject('e2eDatabaseUrl'));
    let owner: HttpSession;
    const brokenId = randomUUID();
    try {
      const clinician = await createClinician(db, { name: 'Dr Broken Report' });
      await db.report.create({
        data: { id: brokenId, authorId: clinician.id, createdAt: new Date(), evidenceVersion: 'x', rulesetVersion: 'x', context: {}, report: {}, headline: 'Broken', goals: [] },
      });
      owner = (await signInHttp(baseUrl, clinician.email, clinician.password))!;
      expect(owner).not.toBeNull();
    } finally {
      await close();
    }
    const url = `/reports/${brokenId}`;
    const res = await fetch(`${baseUrl}${url}`, { headers: { cookie: owner.cookie } });
    const html = await res.text();
    expect(res.status).toBe(500);
    for (const marker of LEAK_MARKERS) expect(html).not.toContain(marker);
    // In production Next sends the browser only a digest of a server error (in the RSC payload: E{"digest":"…"});
    // the log line of that request carries the same digest, which is how an operator finds it.
    const digest = /E\{\\"digest\\":\\"([\w-]+)\\"\}/.exec(html)?.[1];
    expect(digest, 'a digest in the page').toMatch(/^[\w-]+$/);
    await expect
      .poll(async () => (await readFile(logFile, 'utf8')).split('\n').some((l) => l.includes(`"digest":"${digest}"`) && l.includes('"route":"/reports/[id]"')))
      .toBe(true);

    // What a person sees: the app's generic error page (app/error.tsx, rendered in the browser).
    const browser = await openBrowser(baseUrl);
    try {
      await browser.context.addCookies([{ name: 'authjs.session-token', value: sessionCookieValue(owner), url: baseUrl }]);
      await browser.page.goto(url);
      await browser.page.getByRole('heading', { name: 'Something went wrong' }).waitFor();
      const visible = await browser.page.locator('body').innerText();
      expect(visible).toContain('The page could not be shown.');
      for (const marker of LEAK_MARKERS) expect(visible).not.toContain(marker);
    } finally {
      await browser.close();
    }
  });
});

describe('the server log', () => {
  it('is JSON with level, time and msg on every line, has the request lines, and carries no secret or patient value', async () => {
    const me = await api(baseUrl, '/api/v1/me', { bearer: apiToken });
    expect(me.status).toBe(200);
    const created = await api(baseUrl, '/api/v1/reports', {
      method: 'POST',
      bearer: apiToken,
      body: {
        age: 71,
        sex: 'female',
        medications: [{ name: 'warfarin 5 mg' }, { name: PATIENT.medication }],
        supplements: [{ kind: 'k2-mk7', amount: PATIENT.k2DoseMcg, unit: 'mcg' }],
        vitaminD: { level: { value: PATIENT.vitaminDNgPerMl, unit: 'ng/mL' } },
        goals: ['bone'],
        patientRef: PATIENT.patientRef,
      },
    });
    expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
    reportId = created.body.id as string;
    const pdf = await fetch(`${baseUrl}/api/v1/reports/${reportId}/pdf?variant=handout`, { headers: { authorization: `Bearer ${apiToken}` } });
    expect(pdf.status).toBe(200);
    await pdf.arrayBuffer();
    const search = await api(baseUrl, `/api/v1/reports?patientRef=${PATIENT.patientRef}`, { bearer: apiToken });
    expect(search.status).toBe(200);
    // 400, 401, 403, 404
    expect((await api(baseUrl, '/api/v1/reports', { method: 'POST', bearer: apiToken, body: { age: 71, sex: 'female', medications: [{ name: PATIENT.medication }], goals: [] } })).status).toBe(400);
    expect((await api(baseUrl, '/api/v1/me', { bearer: `${apiToken}x` })).status).toBe(401);
    expect((await api(baseUrl, '/api/v1/users', { bearer: apiToken })).status).toBe(403);
    expect((await fetch(`${baseUrl}/cds-services`)).status).toBe(200);
    const missing = randomUUID();
    expect((await api(baseUrl, `/api/v1/reports/${missing}`, { bearer: apiToken })).status).toBe(404);

    // The last request's line is there: everything before it has been written too (pino writes synchronously).
    const lastLine = (text: string) => text.split('\n').some((l) => l.includes('"route":"/api/v1/reports/[id]"') && l.includes('"status":404'));
    await expect.poll(async () => lastLine(await readFile(logFile, 'utf8'))).toBe(true);
    const text = await readFile(logFile, 'utf8');
    const lines = text.slice(0, text.lastIndexOf('\n')).split('\n').filter((l) => l.trim() !== '');

    // Every line is a JSON object with level, time and msg, except Next's own start-up banner (printed before the
    // app's code runs), which is plain text of a known shape.
    const banner = [
      /^▲ Next\.js \d+\.\d+\.\d+$/,
      /^- (Local|Network|Environments): +\S+$/,
      /^- Experiments \(use with caution\):$/,
      /^[✓·⨯-] [a-zA-Z]+$/, // an experiment's flag, under the line above
      /^✓ Starting\.\.\.$/,
      /^✓ Ready in \d+(\.\d+)?m?s$/,
      /^✓ Running next\.config\.js took \d+(\.\d+)?m?s$/,
    ];
    const notJson: string[] = [];
    const entries: Array<Record<string, unknown>> = [];
    for (const line of lines) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        if (!banner.some((b) => b.test(line.trim()))) notJson.push(line);
        continue;
      }
      if (typeof parsed !== 'object' || parsed === null || !('level' in parsed) || !('time' in parsed) || !('msg' in parsed)) notJson.push(line);
      else entries.push(parsed as Record<string, unknown>);
    }
    expect(notJson).toEqual([]);

    // The request lines of these calls: method, route template (no query string), status, duration, user id.
    const requests = entries.filter((e) => e.msg === 'request' || e.msg === 'request failed');
    const has = (method: string, route: string, status: number) => requests.some((e) => e.method === method && e.route === route && e.status === status && typeof e.durationMs === 'number');
    expect(has('GET', '/api/v1/me', 200)).toBe(true);
    expect(has('POST', '/api/v1/tokens', 201)).toBe(true);
    expect(has('POST', '/api/v1/reports', 201)).toBe(true);
    expect(has('GET', '/api/v1/reports/[id]/pdf', 200)).toBe(true);
    expect(has('GET', '/api/v1/reports', 200)).toBe(true);
    expect(has('POST', '/api/v1/reports', 400)).toBe(true);
    expect(has('GET', '/api/v1/me', 401)).toBe(true);
    expect(has('GET', '/api/v1/users', 403)).toBe(true);
    expect(has('GET', '/api/v1/reports/[id]', 404)).toBe(true);
    expect(has('GET', '/cds-services', 200)).toBe(true);
    // Auth.js's endpoints too (the sign-ins of beforeAll: the csrf token, then the credentials, wrong and right).
    expect(has('GET', '/api/auth/csrf', 200)).toBe(true);
    expect(requests.filter((e) => e.method === 'POST' && e.route === '/api/auth/callback/credentials' && e.status === 302).length).toBeGreaterThanOrEqual(2);
    const reportLine = requests.find((e) => e.route === '/api/v1/reports/[id]/pdf' && e.status === 200);
    expect(reportLine?.userId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    // Security events: the failed sign-in, the refused token, the forbidden call.
    const events = entries.map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['auth.sign-in.failed', 'auth.sign-in', 'auth.api-token.refused', 'authz.forbidden']));

    // Nowhere in the whole file: credentials, secrets, the e-mail, or the patient's values.
    const forbidden = {
      password: inject('demoPassword'),
      wrongPassword: WRONG_PASSWORD,
      apiToken,
      apiTokenBody: apiToken.slice(3),
      sessionCookie: sessionCookieValue(session),
      authSecret: inject('authSecret'),
      email: DEMO_EMAIL,
      medication: PATIENT.medication,
      patientRef: PATIENT.patientRef,
      k2Dose: String(PATIENT.k2DoseMcg),
      vitaminD: String(PATIENT.vitaminDNgPerMl),
      reportQuery: 'patientRef=',
    };
    expect(forbidden.sessionCookie.length).toBeGreaterThan(20);
    // Searched: every line with the logger's own timestamp taken out (an ISO time such as "…T22:46:37.777Z" contains
    // the digits "37.77" by chance), so what is searched is everything the app chose to log.
    const searched = lines.map((line) => line.replace(/^(\{"level":"\w+","time":)"[0-9T:.Z-]+"/, '$1""')).join('\n');
    expect(searched.length).toBeGreaterThan(text.length * 0.8);
    expect(searched).not.toMatch(/"time":"\d/);
    const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const [what, value] of Object.entries(forbidden)) {
      // A number is found only as a whole number (8765.4, not 18765.43); anything else anywhere.
      const pattern = /^\d+(\.\d+)?$/.test(value) ? new RegExp(`(?<![\\d.])${escape(value)}(?![\\d])`) : new RegExp(escape(value));
      expect(pattern.test(`{"value":${JSON.stringify(value)}}`), `the search for ${what} can find it`).toBe(true);
      const found = pattern.exec(searched);
      expect(found ? searched.slice(Math.max(0, found.index - 120), found.index + value.length + 40) : null, `${what} in the log`).toBeNull();
    }
    expect(text).not.toMatch(/\$argon2/);
    // No stack trace or file path either.
    expect(text).not.toContain(root);
    expect(text).not.toContain('node_modules');
    expect(text).not.toMatch(/\bat \S+ \(.*:\d+:\d+\)/);
  });
});
