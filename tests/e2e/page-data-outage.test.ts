/**
 * A database fault that starts after a page's session check, while the page reads its own data: the page must send
 * the user to /unavailable (which answers 503 while the database is down and brings them back) like an outage at the
 * session check does — not to the generic error page with a 500 — and the user must still be signed in afterwards.
 *
 * The fault is real, not a mock: the page's table is locked, and every app query that waits on that lock has its
 * backend terminated by PostgreSQL (pg_terminate_backend: SQLSTATE 57P01, what a fast shutdown or a failover does to
 * open connections), until the page has answered; then the lock is released. The session check reads User and
 * RevokedSession only, so it passes; the query that fails is the page's own (the test checks which ones were ended).
 * tests/e2e/db-outage.test.ts covers the whole database being stopped.
 */
import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdmin, createClinician } from '../factories';
import { e2eDatabase } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';

const db = e2eDatabase();
const baseUrl = inject('baseUrl');
const databaseUrl = inject('e2eDatabaseUrl');

/** The tables a page reads after its session check (never User or RevokedSession, which the session check reads). */
type Table = 'Report' | 'ApiToken' | 'EvidenceEntry' | 'EvidenceRevision' | 'AuditEvent' | 'CdsClient' | 'CdsDraft';

let clinician: HttpSession;
let admin: HttpSession;
let reportId = '';
let trialId = '';

beforeAll(async () => {
  const [c, a] = await Promise.all([createClinician(db), createAdmin(db)]);
  clinician = (await signInHttp(baseUrl, c.email, c.password))!;
  admin = (await signInHttp(baseUrl, a.email, a.password))!;
  expect(clinician).not.toBeNull();
  expect(admin).not.toBeNull();
  const report = await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, body: { age: 67, sex: 'female', goals: ['bone'], patientRef: 'race 1' } });
  expect(report.status).toBe(201);
  reportId = report.body.id as string;
  const token = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: clinician, body: { name: 'outage race' } });
  expect(token.status).toBe(201);
  // A seeded trial with a revision, for its page and its history.
  const revision = await db.evidenceRevision.findFirst({ where: { kind: 'trial' }, select: { entryId: true } });
  expect(revision).not.toBeNull();
  trialId = revision!.entryId;
});

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** A page opened in a browser: an HTML navigation with the session cookie, redirects not followed. */
function openPage(pathname: string, session: HttpSession): Promise<Response> {
  return fetch(`${baseUrl}${pathname}`, { headers: { cookie: session.cookie, accept: 'text/html' }, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
}

/**
 * Open a page while every query on `table` fails as if the database had gone away under it: the table is locked
 * (ACCESS EXCLUSIVE, in a transaction of the test's own), and each backend that waits on that lock is terminated, until
 * the answer has arrived; then the lock is released. Returns the answer and the SQL of the queries that were ended.
 */
async function openWithFailingTable(table: Table, pathname: string, session: HttpSession): Promise<{ response: Response; body: string; ended: string[] }> {
  const locker = new pg.Client({ connectionString: databaseUrl });
  const watcher = new pg.Client({ connectionString: databaseUrl });
  await Promise.all([locker.connect(), watcher.connect()]);
  const ended: string[] = [];
  try {
    await locker.query('BEGIN');
    // The table name comes from the fixed list above, never from input.
    await locker.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
    const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    let settled = false;
    const answer = openPage(pathname, session)
      .then(async (response) => ({ response, body: await response.text() }))
      .finally(() => {
        settled = true;
      });
    const deadline = Date.now() + 60_000;
    while (!settled && Date.now() < deadline) {
      // Each poll is its own transaction, so pg_stat_activity is current.
      const { rows } = await watcher.query<{ pid: number; query: string }>('SELECT pid, query FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [lockerPid]);
      for (const row of rows) {
        const { rows: done } = await watcher.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [row.pid]);
        if (done[0]?.ok) ended.push(row.query);
      }
      await sleep(20);
    }
    return { ...(await answer), ended };
  } finally {
    await locker.query('ROLLBACK').catch(() => undefined);
    await Promise.all([locker.end().catch(() => undefined), watcher.end().catch(() => undefined)]);
  }
}

/** The Set-Cookie lines of an answer that would end the session (an expired session cookie). */
function sessionCleared(response: Response): string[] {
  return response.headers.getSetCookie().filter((c) => /authjs\.session-token/.test(c) && /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c));
}

type Case = { page: string; who: 'clinician' | 'admin'; table: Table; path: () => string; shows: string };

const CASES: Case[] = [
  { page: '/reports/[id]', who: 'clinician', table: 'Report', path: () => `/reports/${reportId}`, shows: 'race 1' },
  { page: '/reports/[id]/handout', who: 'clinician', table: 'Report', path: () => `/reports/${reportId}/handout`, shows: 'Note from your clinician' },
  { page: '/reports', who: 'clinician', table: 'Report', path: () => '/reports?patientRef=race', shows: 'Your reports' },
  { page: '/settings/tokens', who: 'clinician', table: 'ApiToken', path: () => '/settings/tokens', shows: 'outage race' },
  // A CDS card's link: its draft is read after the session check too (an unknown draft is a notice, not an error).
  { page: '/reports/new?draft=', who: 'clinician', table: 'CdsDraft', path: () => '/reports/new?draft=6f1c2a9e-3b4d-4c5e-9f60-7a8b9c0d1e2f', shows: 'New evidence report' },
  { page: '/admin/evidence/[kind]', who: 'admin', table: 'EvidenceEntry', path: () => '/admin/evidence/trials', shows: 'data-testid="result-count"' },
  { page: '/admin/evidence/[kind]/[id]', who: 'admin', table: 'EvidenceEntry', path: () => `/admin/evidence/trials/${encodeURIComponent(trialId)}`, shows: trialId },
  { page: '/admin/evidence/[kind]/new', who: 'admin', table: 'EvidenceEntry', path: () => '/admin/evidence/claims/new', shows: 'New claim' },
  { page: '/admin/evidence/transfer', who: 'admin', table: 'EvidenceEntry', path: () => '/admin/evidence/transfer', shows: 'data-testid="entry-totals"' },
  { page: '/admin/evidence/[kind]/[id]/history', who: 'admin', table: 'EvidenceRevision', path: () => `/admin/evidence/trials/${encodeURIComponent(trialId)}/history`, shows: trialId },
  { page: '/admin/audit', who: 'admin', table: 'AuditEvent', path: () => '/admin/audit', shows: 'Audit log' },
  { page: '/admin/cds-clients', who: 'admin', table: 'CdsClient', path: () => '/admin/cds-clients', shows: 'CDS Hooks clients' },
];

describe('a database fault after the session check, during the page’s own reads', () => {
  it.each(CASES)('$page, $table failing: the 503 page, still signed in, then the page again', async (c) => {
    const session = c.who === 'admin' ? admin : clinician;
    const pathname = c.path();

    const { response, body, ended } = await openWithFailingTable(c.table, pathname, session);

    // The fault hit the page's own query on that table (the session check had passed: it reads other tables).
    expect(ended.length, 'no query waited on the locked table').toBeGreaterThanOrEqual(1);
    expect(ended.some((sql) => sql.includes(`"${c.table}"`)), ended.join('\n')).toBe(true);
    // Sent to the "database unavailable" page with the way back, not the error page (500); the session is untouched.
    expect(response.status, body.slice(0, 300)).toBe(307);
    expect(response.headers.get('location')).toBe(`/unavailable?next=${encodeURIComponent(pathname)}`);
    expect(body).not.toContain('Something went wrong');
    expect(sessionCleared(response)).toEqual([]);

    // The fault is gone: /unavailable sends the user straight back, and the same cookie opens the page.
    const back = await fetch(`${baseUrl}${response.headers.get('location')}`, { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(pathname);
    const after = await openPage(pathname, session);
    const afterBody = await after.text();
    expect(after.status, afterBody.slice(0, 300)).toBe(200);
    expect(afterBody).toContain(c.shows);
  });
});
