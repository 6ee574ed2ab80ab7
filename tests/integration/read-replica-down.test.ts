/**
 * DATABASE_REPLICA_URL pointing at a replica that does not answer (here: a port nothing listens on, so connections are
 * refused): report reads fall back to the primary instead of failing, and the replica is left alone for a while
 * before it is tried again.
 */
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { closeDb, db, REPLICA_RETRY_AFTER_MS } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { createReport, getOwnReport, listOwnReports } from '@/lib/server/reports/service';
import { findFreePort } from '../../scripts/lib/embedded-db';
import { createClinician } from '../factories';

const primaryUrl = inject('databaseUrl');
// Read by the app's environment on first use of the database (in the test, after this line).
const closedPort = await findFreePort();
process.env.DATABASE_REPLICA_URL = primaryUrl.replace(/@[^/]+\//, `@127.0.0.1:${closedPort}/`);

afterAll(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await closeDb();
  delete process.env.DATABASE_REPLICA_URL;
});

describe('report reads when the read replica is unreachable', () => {
  it('come from the primary, and the replica is tried again only after the retry interval', async () => {
    expect(process.env.DATABASE_REPLICA_URL).toContain(`:${closedPort}/`);
    const warn = vi.spyOn(log, 'warn');
    const replicaWarnings = () => warn.mock.calls.filter(([line]) => (line as { event?: string }).event === 'db.replica-unavailable').length;
    const user = await createClinician(db);
    const actor = { id: user.id, email: user.email };
    const saved = await createReport({ age: 61, sex: 'female', goals: ['bone'] }, 'kept on the primary', actor, null);

    vi.useFakeTimers({ toFake: ['Date'] });
    expect((await getOwnReport(user.id, saved.id, actor, null, false))?.patientRef).toBe('kept on the primary');
    expect(replicaWarnings()).toBe(1);
    // Within the interval the replica is not asked at all: no second refusal, no second warning.
    expect((await listOwnReports(user.id, {})).map((r) => r.patientRef)).toEqual(['kept on the primary']);
    expect(replicaWarnings()).toBe(1);
    // After it, the replica is asked again (and still refuses: the answer again comes from the primary).
    vi.setSystemTime(Date.now() + REPLICA_RETRY_AFTER_MS + 1_000);
    expect((await listOwnReports(user.id, {})).map((r) => r.patientRef)).toEqual(['kept on the primary']);
    expect(replicaWarnings()).toBe(2);
    // A missing report is still a miss (null → 404), not an error.
    expect(await getOwnReport(user.id, '00000000-0000-4000-8000-000000000000', actor, null, false)).toBeNull();
  });
});
