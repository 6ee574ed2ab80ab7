/**
 * Retention of the append-only logs (the retention migration, scripts/lib/retention.ts): the tables still refuse
 * UPDATE, DELETE and TRUNCATE; the purge functions remove only rows older than their cutoff, only inside themselves,
 * and record each purge as an audit event without personal data. The CDS card drafts past their expiry go too.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { purgeBefore } from '../../scripts/lib/retention';

const url = inject('databaseUrl');
let client: pg.Client;
// Rows far in the past belong to this file alone (every other test writes "now").
const OLD = new Date('1990-01-01T00:00:00Z');
const CUTOFF = new Date('1990-01-02T00:00:00Z');
const KEPT = new Date('1990-01-03T00:00:00Z');
/** Old, but after CUTOFF: rows the purge test must leave alone. */
const OLD_BUT_KEPT = new Date('1995-01-01T00:00:00Z');

beforeAll(async () => {
  client = new pg.Client({ connectionString: url });
  await client.connect();
});
afterAll(async () => client.end());

async function audit(at: Date, action: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(`INSERT INTO "AuditEvent" ("at", actor, action, entity, details) VALUES ($1, 'someone@test.local', $2, 'Test', '{"email":"someone@test.local"}') RETURNING id::text`, [at, action]);
  return rows[0]!.id;
}
async function cdsCall(at: Date, marker: string): Promise<void> {
  await client.query(`INSERT INTO "CdsCall" (id, "at", "serviceId", iss, "hookInstance", status) VALUES ($1, $2, 'k2-patient-view', 'https://ehr.test', $3, 200)`, [randomUUID(), at, marker]);
}
async function cdsFeedback(at: Date, marker: string): Promise<void> {
  await client.query(`INSERT INTO "CdsFeedback" (id, "at", "serviceId", iss, "cardUuid", outcome, "outcomeTimestamp") VALUES ($1, $2, 'k2-order-select', 'https://ehr.test', $3, 'accepted', $2)`, [randomUUID(), at, marker]);
}
async function cdsDraft(expiresAt: Date): Promise<string> {
  const id = randomUUID();
  await client.query(`INSERT INTO "CdsDraft" (id, data, iss, "expiresAt") VALUES ($1, '{"age":70}', 'https://ehr.test', $2)`, [id, expiresAt]);
  return id;
}
const count = async (sql: string, params: unknown[]): Promise<number> => Number((await client.query<{ n: string }>(sql, params)).rows[0]!.n);

describe('retention of the append-only logs', () => {
  it('still refuses UPDATE, DELETE and TRUNCATE on the audit and CDS log tables, old rows included', async () => {
    const id = await audit(OLD_BUT_KEPT, 'test.retention.refused');
    const marker = `refused-${randomUUID()}`;
    await cdsCall(OLD_BUT_KEPT, marker);
    await cdsFeedback(OLD_BUT_KEPT, marker);
    for (const sql of [
      `UPDATE "AuditEvent" SET action = 'tampered' WHERE id = ${id}`,
      `DELETE FROM "AuditEvent" WHERE id = ${id}`,
      'TRUNCATE "AuditEvent"',
      `UPDATE "CdsCall" SET status = 500 WHERE "hookInstance" = '${marker}'`,
      `DELETE FROM "CdsCall" WHERE "hookInstance" = '${marker}'`,
      'TRUNCATE "CdsCall"',
      `DELETE FROM "CdsFeedback" WHERE "cardUuid" = '${marker}'`,
      `UPDATE "CdsFeedback" SET outcome = 'overridden' WHERE "cardUuid" = '${marker}'`,
      'TRUNCATE "CdsFeedback"',
    ]) {
      await expect(client.query(sql), sql).rejects.toThrow(/append-only/);
    }
    // Setting the purge's cutoff by hand and deleting newer rows than it does not work either.
    await client.query('BEGIN');
    try {
      await client.query(`SELECT set_config('k2.purge_before_auditevent', '1980-01-01', true)`);
      await expect(client.query(`DELETE FROM "AuditEvent" WHERE id = ${id}`)).rejects.toThrow(/append-only/);
    } finally {
      await client.query('ROLLBACK');
    }
    expect(await count(`SELECT count(*)::text AS n FROM "AuditEvent" WHERE id = $1`, [id])).toBe(1);
  });

  it('purges only rows older than the cutoff, and records the purge without personal data', async () => {
    const old = [await audit(OLD, 'test.retention.old'), await audit(OLD, 'test.retention.old'), await audit(new Date(CUTOFF.getTime() - 1), 'test.retention.old')];
    const kept = await audit(KEPT, 'test.retention.kept');
    const recent = await audit(new Date(), 'test.retention.recent');
    const marker = `purge-${randomUUID()}`;
    await cdsCall(OLD, marker);
    await cdsCall(OLD, marker);
    await cdsCall(KEPT, marker);
    await cdsFeedback(OLD, marker);
    await cdsFeedback(KEPT, marker);
    const started = new Date(Date.now() - 1_000);

    const result = await purgeBefore(url, { auditBefore: CUTOFF, cdsBefore: CUTOFF });

    // Other test files never write before 1990-01-02, so the counts are exactly ours.
    expect(result).toMatchObject({ audit: 3, cdsCalls: 2, cdsFeedback: 1, dryRun: false });
    expect(await count(`SELECT count(*)::text AS n FROM "AuditEvent" WHERE id = ANY($1::bigint[])`, [old])).toBe(0);
    expect(await count(`SELECT count(*)::text AS n FROM "AuditEvent" WHERE id = ANY($1::bigint[])`, [[kept, recent]])).toBe(2);
    expect(await count(`SELECT count(*)::text AS n FROM "CdsCall" WHERE "hookInstance" = $1`, [marker])).toBe(1);
    expect(await count(`SELECT count(*)::text AS n FROM "CdsFeedback" WHERE "cardUuid" = $1`, [marker])).toBe(1);

    const events = await client.query<{ actor: string; action: string; details: Record<string, unknown> }>(
      `SELECT actor, action, details FROM "AuditEvent" WHERE action IN ('audit.purge', 'cds-log.purge') AND "at" >= $1 AND (details->>'cutoff')::timestamptz = $2 ORDER BY id`,
      [started, CUTOFF],
    );
    expect(events.rows.map((e) => ({ actor: e.actor, action: e.action, keys: Object.keys(e.details).sort() }))).toEqual([
      { actor: 'system:retention', action: 'audit.purge', keys: ['cutoff', 'purged'] },
      { actor: 'system:retention', action: 'cds-log.purge', keys: ['calls', 'cutoff', 'feedback'] },
    ]);
    expect(events.rows[0]!.details.purged).toBe(3);
    expect(events.rows[1]!.details).toMatchObject({ calls: 2, feedback: 1 });
    expect(JSON.stringify(events.rows)).not.toContain('someone@test.local');
  });

  it('deletes the CDS card drafts past their expiry and keeps the live ones; a dry run only counts them', async () => {
    const expired = [await cdsDraft(new Date(Date.now() - 60_000)), await cdsDraft(OLD)];
    const live = await cdsDraft(new Date(Date.now() + 3_600_000));
    const draftsLeft = async (ids: string[]): Promise<number> => count(`SELECT count(*)::text AS n FROM "CdsDraft" WHERE id = ANY($1::uuid[])`, [ids]);
    const farPast = { auditBefore: new Date('1980-01-01T00:00:00Z'), cdsBefore: new Date('1980-01-01T00:00:00Z') };

    // Other files' drafts expire too, and every saveDraft() deletes the expired ones (tests/integration/cds-drafts.test.ts
    // may run alongside): so ours may go at any moment, and the counts are only bounded by what is left of ours.
    const dry = await purgeBefore(url, farPast, true);
    expect(dry).toMatchObject({ dryRun: true, audit: 0, cdsCalls: 0, cdsFeedback: 0 });
    expect(dry.cdsDrafts).toBeGreaterThanOrEqual(await draftsLeft(expired));
    expect(await draftsLeft([live])).toBe(1);

    const result = await purgeBefore(url, farPast);
    expect(result).toMatchObject({ dryRun: false, cdsDrafts: expect.any(Number) });
    expect(await draftsLeft(expired)).toBe(0);
    expect(await draftsLeft([live])).toBe(1);
  });

  it('leaves no way open after a purge, counts without deleting on a dry run, and refuses a cutoff in the future', async () => {
    const id = await audit(OLD, 'test.retention.after');
    await client.query('BEGIN');
    try {
      expect((await client.query<{ n: string }>('SELECT audit_purge_before($1)::text AS n', [new Date('1980-01-01T00:00:00Z')])).rows[0]!.n).toBe('0');
      await expect(client.query(`DELETE FROM "AuditEvent" WHERE id = ${id}`)).rejects.toThrow(/append-only/);
    } finally {
      await client.query('ROLLBACK');
    }
    const dry = await purgeBefore(url, { auditBefore: CUTOFF, cdsBefore: new Date('1980-01-01T00:00:00Z') }, true);
    expect(dry).toMatchObject({ audit: 1, cdsCalls: 0, cdsFeedback: 0, dryRun: true });
    expect(await count(`SELECT count(*)::text AS n FROM "AuditEvent" WHERE id = $1`, [id])).toBe(1);
    await expect(client.query('SELECT audit_purge_before($1)', [new Date(Date.now() + 86_400_000)])).rejects.toThrow(/in the past/);
    await expect(client.query('SELECT * FROM cds_log_purge_before($1)', [new Date(Date.now() + 86_400_000)])).rejects.toThrow(/in the past/);
  });
});
