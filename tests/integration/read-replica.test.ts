/**
 * DATABASE_REPLICA_URL: saved reports are read through Prisma's read-replica extension, everything else from the
 * primary. The "replica" here is a second migrated database whose rows differ on purpose, so that each read shows
 * where it went (real streaming replication needs pg_basebackup, which the embedded server does not ship).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, db } from '@/lib/server/db';
import { createDb } from '@/lib/server/db-client';
import { createReport, getOwnReport, listOwnReports } from '@/lib/server/reports/service';
import { runMigrations } from '../../scripts/lib/migrate';
import { createClinician } from '../factories';

const primaryUrl = inject('databaseUrl');
const replicaName = `k2_replica_${randomUUID().slice(0, 8)}`;
const replicaUrl = primaryUrl.replace(/\/[^/]+$/, `/${replicaName}`);
// Read by the app's environment on first use of the database (below, after this line).
process.env.DATABASE_REPLICA_URL = replicaUrl;
let replica: ReturnType<typeof createDb>;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: primaryUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(replicaName)}`);
  await admin.end();
  await runMigrations(replicaUrl);
  replica = createDb(replicaUrl, 2);
});

afterAll(async () => {
  await closeDb();
  await replica.db.$disconnect();
  await replica.pool.end();
  delete process.env.DATABASE_REPLICA_URL;
});

describe('report reads on a read replica', () => {
  it('reads reports from the replica, falls back to the primary for one just written, and leaves every other read on the primary', async () => {
    const user = await createClinician(db);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, email: true, name: true, role: true, passwordHash: true } });
    await replica.db.user.create({ data: row });

    // Written through the app: on the primary only (the replica here never catches up).
    const justWritten = await createReport({ age: 61, sex: 'female', goals: ['bone'] }, 'primary only', { id: user.id, email: user.email }, null);
    // On the replica only.
    const onReplica = await db.report.findUniqueOrThrow({ where: { id: justWritten.id } });
    const replicaOnlyId = randomUUID();
    await replica.db.report.create({
      data: { ...onReplica, id: replicaOnlyId, patientRef: 'replica only', context: onReplica.context as object, report: { ...(onReplica.report as object), id: replicaOnlyId } },
    });

    expect((await getOwnReport(user.id, replicaOnlyId, user, null, false))?.patientRef).toBe('replica only');
    expect((await getOwnReport(user.id, justWritten.id, user, null, false))?.patientRef).toBe('primary only');
    expect((await listOwnReports(user.id, {})).map((r) => r.patientRef)).toEqual(['replica only']);
    // The app's own client (sessions, lockout, evidence, CDS replay checks) is not routed anywhere: it reads the primary.
    expect(await db.report.findUnique({ where: { id: replicaOnlyId } })).toBeNull();
    expect(await db.report.findUnique({ where: { id: justWritten.id } })).not.toBeNull();
  });
});
