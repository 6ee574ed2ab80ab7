/**
 * A security event's log line is written only once its audit row is durable (lib/server/audit.ts,
 * lib/server/transaction.ts): after the commit of the transaction() it was written in, never when that rolls back, and
 * after the insert for writeAudit(db, …). The log is captured by spying on the app's logger.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi, type MockInstance } from 'vitest';
import { AccountError, createAccount } from '@/lib/server/accounts';
import { writeAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { transaction, transactionOn, UnmanagedTransactionError } from '@/lib/server/transaction';
import { createAdmin, createClinician, uniqueEmail } from '../factories';

// This file's connections carry their own application_name, so that the tests below that cut a connection can find
// theirs among those of the other test files running at the same time. `db` opens its pool on first use, after this.
const APPLICATION_NAME = `k2-audit-after-commit-${randomUUID().slice(0, 8)}`;
const tagged = new URL(inject('databaseUrl'));
tagged.searchParams.set('application_name', APPLICATION_NAME);
process.env.DATABASE_URL = tagged.toString();

type Line = { level: 'info' | 'warn'; fields: Record<string, unknown> };
let lines: Line[] = [];
let spies: MockInstance[] = [];
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
});
afterAll(async () => admin.end());

beforeEach(() => {
  lines = [];
  const capture = (level: Line['level']) => (fields: unknown, msg?: unknown) => {
    if (msg === 'security event') lines.push({ level, fields: fields as Record<string, unknown> });
  };
  spies = [vi.spyOn(log, 'info').mockImplementation(capture('info') as never), vi.spyOn(log, 'warn').mockImplementation(capture('warn') as never)];
});
afterEach(() => {
  for (const spy of spies) spy.mockRestore();
});

/** The security lines about one entity (each test uses entity ids of its own). */
const linesFor = (entityId: string): Line[] => lines.filter((line) => line.fields.entityId === entityId);
const auditRows = (entityId: string): Promise<number> => db.auditEvent.count({ where: { entityId } });
const event = (action: string, entityId: string, details: Record<string, string> = {}) => ({ actor: { id: null, email: 'system' }, action, entity: 'Test', entityId, ip: '192.0.2.1', details });

/**
 * Run `start` while another session holds a SHARE lock on "AuditEvent", so that its audit INSERT waits; `whileBlocked`
 * runs once this file's INSERT is seen waiting (with its backend's pid), then the lock is released.
 */
async function withAuditInsertBlocked<T>(start: () => Promise<T>, whileBlocked: (pid: number) => Promise<void>): Promise<PromiseSettledResult<T>> {
  await admin.query('BEGIN');
  let outcome: Promise<PromiseSettledResult<T>> | undefined;
  try {
    await admin.query('LOCK TABLE "AuditEvent" IN SHARE MODE');
    outcome = start().then(
      (value) => ({ status: 'fulfilled', value }) as const,
      (reason: unknown) => ({ status: 'rejected', reason }) as const,
    );
    let pid = 0;
    await expect
      .poll(async () => {
        const { rows } = await admin.query<{ pid: number }>(
          // (Not by its query text: the lock is taken while the INSERT is parsed, before pg_stat_activity shows it.)
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND $2 = ANY(pg_blocking_pids(pid))`,
          [APPLICATION_NAME, await lockerPid()],
        );
        pid = rows[0]?.pid ?? 0;
        return rows.length;
      }, { timeout: 15_000, interval: 50 })
      .toBe(1);
    await whileBlocked(pid);
  } finally {
    await admin.query('ROLLBACK');
  }
  return outcome;
}
let lockerPidValue: number | undefined;
async function lockerPid(): Promise<number> {
  lockerPidValue ??= (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return lockerPidValue;
}

describe('security event log lines wait for the audit row to be durable', () => {
  it('logs a committed transaction’s event exactly once, after the commit', async () => {
    const id = randomUUID();
    const result = await transaction(async (tx) => {
      await writeAudit(tx, event('account.update', id));
      // Written in the transaction, not logged yet, and not visible outside it.
      expect(linesFor(id)).toEqual([]);
      expect(await db.auditEvent.count({ where: { entityId: id } })).toBe(0);
      return 'done';
    });
    expect(result).toBe('done');
    expect(linesFor(id)).toEqual([{ level: 'info', fields: { event: 'account.update', userId: null, entityId: id, ip: '192.0.2.1' } }]);
    expect(await auditRows(id)).toBe(1);
  });

  it('logs nothing and keeps no audit row when the transaction throws after the event', async () => {
    const id = randomUUID();
    await expect(
      transaction(async (tx) => {
        await writeAudit(tx, event('auth.sign-in.failed', id, { reason: 'bad-credentials' }));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(linesFor(id)).toEqual([]);
    expect(await auditRows(id)).toBe(0);
  });

  it('logs nothing when a failed statement was caught in the transaction (PostgreSQL then rolls the COMMIT back)', async () => {
    const id = randomUUID();
    const attempt = transaction(async (tx) => {
      await writeAudit(tx, event('api-token.create', id));
      await tx.$queryRaw`SELECT 1 / 0`.catch(() => 'ignored');
      return 'carried on';
    });
    await expect(attempt).rejects.toMatchObject({ message: expect.stringMatching(/current transaction is aborted|25P02/) });
    expect(linesFor(id)).toEqual([]);
    expect(await auditRows(id)).toBe(0);
  });

  it('drops a nested transaction’s event when it rolls back, and releases a committed one with the outer commit', async () => {
    const outer = randomUUID();
    const rolledBack = randomUUID();
    const kept = randomUUID();
    await transaction(async (tx) => {
      await expect(
        transactionOn(tx, async (inner) => {
          await writeAudit(inner, event('cds-client.create', rolledBack));
          throw new Error('the nested change failed');
        }),
      ).rejects.toThrow('the nested change failed');
      await transactionOn(tx, async (inner) => writeAudit(inner, event('cds-client.enable', kept)));
      // The nested transaction is committed into the outer one only: still nothing in the log.
      expect(linesFor(kept)).toEqual([]);
      await writeAudit(tx, event('cds-client.disable', outer));
    });
    expect(linesFor(rolledBack)).toEqual([]);
    expect(await auditRows(rolledBack)).toBe(0);
    expect(lines.filter((line) => [kept, outer].some((id) => id === line.fields.entityId)).map((line) => line.fields.event)).toEqual(['cds-client.enable', 'cds-client.disable']);
    expect(await auditRows(kept)).toBe(1);
    expect(await auditRows(outer)).toBe(1);
  });

  it('does not log a committed nested event when the outer transaction rolls back', async () => {
    const id = randomUUID();
    await expect(
      transaction(async (tx) => {
        await transactionOn(tx, async (inner) => writeAudit(inner, event('account.create', id)));
        throw new Error('the outer change failed');
      }),
    ).rejects.toThrow('the outer change failed');
    expect(linesFor(id)).toEqual([]);
    expect(await auditRows(id)).toBe(0);
  });

  it('logs writeAudit(db, …) only after its insert, and nothing when the insert fails', async () => {
    const id = randomUUID();
    const settled = await withAuditInsertBlocked(
      () => writeAudit(db, event('auth.sign-in.refused-locked', id, { lockedUntil: '2030-01-01T00:00:00.000Z' })),
      async () => expect(linesFor(id)).toEqual([]),
    );
    expect(settled.status).toBe('fulfilled');
    expect(linesFor(id)).toEqual([{ level: 'warn', fields: { event: 'auth.sign-in.refused-locked', userId: null, entityId: id, ip: '192.0.2.1', lockedUntil: '2030-01-01T00:00:00.000Z' } }]);
    expect(await auditRows(id)).toBe(1);

    // jsonb refuses the NUL character: PostgreSQL rejects the row.
    const refused = randomUUID();
    await expect(writeAudit(db, event('auth.sign-in.failed', refused, { reason: 'bad\u0000credentials' }))).rejects.toThrow();
    expect(linesFor(refused)).toEqual([]);
    expect(await auditRows(refused)).toBe(0);
  });

  it('logs writeAudit(db, …) made during a transaction at once: it is its own commit, whatever the transaction does', async () => {
    const own = randomUUID();
    await expect(
      transaction(async () => {
        await writeAudit(db, event('auth.sign-out', own));
        expect(linesFor(own)).toHaveLength(1);
        throw new Error('the surrounding change failed');
      }),
    ).rejects.toThrow('the surrounding change failed');
    expect(linesFor(own)).toHaveLength(1);
    expect(await auditRows(own)).toBe(1);
  });

  it('refuses the client of a raw $transaction before writing anything', async () => {
    const id = randomUUID();
    await expect(db.$transaction(async (tx) => writeAudit(tx, event('account.update', id)))).rejects.toBeInstanceOf(UnmanagedTransactionError);
    expect(linesFor(id)).toEqual([]);
    expect(await auditRows(id)).toBe(0);
  });

  it('passes the transaction options on (isolation level)', async () => {
    const level = await transaction(async (tx) => (await tx.$queryRaw<Array<{ level: string }>>`SELECT current_setting('transaction_isolation') AS level`)[0]!.level, { isolationLevel: 'Serializable', timeout: 10_000, maxWait: 5_000 });
    expect(level).toBe('serializable');
  });
});

describe('service paths', () => {
  it('createAccount: one line for the account created, none for the duplicate e-mail', async () => {
    const actorUser = await createAdmin(db);
    const actor = { id: actorUser.id, email: actorUser.email };
    const email = uniqueEmail('after-commit');
    const account = await createAccount({ email, name: 'Logged once', role: 'CLINICIAN', password: 'a logged passphrase' }, actor, '198.51.100.9');
    await expect(createAccount({ email, name: 'Duplicate', role: 'CLINICIAN', password: 'a duplicate passphrase' }, actor, '198.51.100.9')).rejects.toBeInstanceOf(AccountError);
    const created = lines.filter((line) => line.fields.event === 'account.create' && line.fields.userId === actor.id);
    expect(created).toEqual([{ level: 'info', fields: { event: 'account.create', userId: actor.id, entityId: account.id, ip: '198.51.100.9' } }]);
  });

  it('createAccount cut off by a database outage while writing its audit row: no account, no row, no line', async () => {
    const actorUser = await createClinician(db);
    const actor = { id: actorUser.id, email: actorUser.email };
    const email = uniqueEmail('outage');
    const settled = await withAuditInsertBlocked(
      () => createAccount({ email, name: 'Never created', role: 'CLINICIAN', password: 'an unlucky passphrase' }, actor, '198.51.100.10'),
      async (pid) => {
        // The account row is written (in the transaction) and the audit INSERT is waiting: the connection goes.
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      },
    );
    expect(settled.status).toBe('rejected');
    expect(lines.filter((line) => line.fields.userId === actor.id)).toEqual([]);
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: actor.id } })).toBe(0);
  });
});
