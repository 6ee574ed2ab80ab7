/**
 * The proof that backups restore: a throw-away embedded PostgreSQL, migrated and seeded as `npm start` does (demo
 * accounts, curated evidence) plus a few reports and an API token, backed up, restored into a fresh database on the
 * same server, and compared table by table (row count and an MD5 of the rows' content). Also: a second restore into
 * the now non-empty database is refused without --force. Used by `npm run db:backup:check` and by an integration test.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { backupDatabase, restoreDatabase, tableFingerprints, TargetNotEmptyError, type BackupEngine } from './backup';
import { startEmbeddedDb } from './embedded-db';
import { runMigrations } from './migrate';
import { seedDemoAccounts, seedEvidence } from './seed';

export type BackupCheckResult = {
  engine: BackupEngine;
  bytes: number;
  tables: Array<{ table: string; rows: number; restoredRows: number; same: boolean }>;
  refusedNonEmpty: boolean;
  forceReplaces: boolean;
  damagedRefused: boolean;
  sequencesContinue: boolean;
  ok: boolean;
};

const PATIENTS = [
  { age: 72, sex: 'male', goals: ['cardiovascular'], medications: [{ name: 'warfarin' }], patientRef: 'check 1' },
  { age: 58, sex: 'female', goals: ['bone'], conditions: ['postmenopausal', 'osteopenia'], patientRef: 'check 2' },
  { age: 66, sex: 'female', goals: ['bone', 'cardiovascular'], conditions: ['ckd'], ckdStage: 3, patientRef: 'check 3' },
];

/** The app's services (evidence import, reports) use the app's own client, configured from the environment. */
async function withAppDatabase<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const { closeDb } = await import('../../lib/server/db');
  const saved = { url: process.env.DATABASE_URL, secret: process.env.AUTH_SECRET };
  process.env.DATABASE_URL = url;
  process.env.AUTH_SECRET ??= 'backup-check-secret-0123456789abcdef0123';
  try {
    await closeDb();
    return await fn();
  } finally {
    await closeDb();
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    if (saved.secret === undefined) delete process.env.AUTH_SECRET;
    else process.env.AUTH_SECRET = saved.secret;
  }
}

export async function runBackupCheck(options: { engine?: BackupEngine | 'auto'; log?: (line: string) => void } = {}): Promise<BackupCheckResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'k2-backup-check-'));
  const server = await startEmbeddedDb({ dataDir: path.join(dir, 'data'), database: 'k2', ephemeral: true, log: () => undefined });
  try {
    const source = server.url;
    await runMigrations(source);
    await seedDemoAccounts(source, 'backup check passphrase 2026', { applyPassword: true });
    await withAppDatabase(source, async () => {
      await seedEvidence();
      const { createReport } = await import('../../lib/server/reports/service');
      const { db } = await import('../../lib/server/db');
      const clinician = await db.user.findUniqueOrThrow({ where: { email: 'clinician@demo.local' }, select: { id: true, email: true } });
      for (const { patientRef, ...context } of PATIENTS) await createReport(context, patientRef, clinician, '127.0.0.1');
      // A token row as the app stores it (only a hash; the secret here is random and discarded).
      await db.apiToken.create({ data: { userId: clinician.id, name: 'backup check', tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'), prefix: 'k2_check' } });
    });
    const before = await tableFingerprints(source);
    // The seeding above went to this database (not to one configured elsewhere in the environment).
    for (const [table, min] of [['User', 2], ['EvidenceEntry', 10], ['Report', PATIENTS.length], ['ApiToken', 1], ['AuditEvent', 5]] as const) {
      if ((before[table]?.rows ?? 0) < min) throw new Error(`The check's own database has ${before[table]?.rows ?? 0} rows in ${table} (at least ${min} expected): seeding went elsewhere.`);
    }

    const file = path.join(dir, 'k2.backup');
    const backup = await backupDatabase(source, file, { engine: options.engine ?? 'auto', log });
    log(`Backup: ${backup.engine}, ${backup.bytes} bytes.`);

    const admin = new pg.Client({ connectionString: source.replace(/\/k2$/, '/postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE k2_restored');
    await admin.query('CREATE DATABASE k2_damaged');
    await admin.end();
    const target = source.replace(/\/k2$/, '/k2_restored');
    await restoreDatabase(file, target, { log });
    const after = await tableFingerprints(target);

    const tables = Object.keys({ ...before, ...after })
      .sort()
      .map((table) => ({ table, rows: before[table]?.rows ?? -1, restoredRows: after[table]?.rows ?? -1, same: before[table]?.md5 === after[table]?.md5 && before[table]?.rows === after[table]?.rows }));

    const refusedNonEmpty = await restoreDatabase(file, target, { log }).then(
      () => false,
      (error: unknown) => error instanceof TargetNotEmptyError,
    );
    // --force replaces what is there (here: the same data again, so the same fingerprints).
    await restoreDatabase(file, target, { force: true, log: () => undefined });
    const forced = await tableFingerprints(target);
    const forceReplaces = Object.keys(before).every((t) => forced[t]?.md5 === before[t]!.md5 && forced[t]?.rows === before[t]!.rows);
    // A backup cut short (a full disk, an interrupted copy) is refused, not half restored.
    const damaged = path.join(dir, 'damaged.backup');
    await writeFile(damaged, (await readFile(file)).subarray(0, Math.floor(backup.bytes * 0.6)));
    const damagedTarget = source.replace(/\/k2$/, '/k2_damaged');
    const damagedRefused = await restoreDatabase(damaged, damagedTarget, { log: () => undefined }).then(
      () => false,
      () => true,
    );
    const damagedRows = damagedRefused ? await tableFingerprints(damagedTarget) : {};
    const damagedLeftNoRows = Object.values(damagedRows).every((t) => t.rows === 0);
    // The restored database takes new rows: its sequences continue after the restored ids.
    const restored = new pg.Client({ connectionString: target });
    await restored.connect();
    let sequencesContinue = false;
    try {
      const { rows } = await restored.query<{ id: string }>(`INSERT INTO "AuditEvent" (actor, action, entity) VALUES ('system', 'backup.check', 'Backup') RETURNING id::text`);
      const max = await restored.query<{ max: string }>(`SELECT max(id)::text AS max FROM "AuditEvent" WHERE action <> 'backup.check'`);
      sequencesContinue = BigInt(rows[0]!.id) > BigInt(max.rows[0]!.max);
    } finally {
      await restored.end();
    }
    const ok = tables.every((t) => t.same) && refusedNonEmpty && forceReplaces && damagedRefused && damagedLeftNoRows && sequencesContinue;
    return { engine: backup.engine, bytes: backup.bytes, tables, refusedNonEmpty, forceReplaces, damagedRefused: damagedRefused && damagedLeftNoRows, sequencesContinue, ok };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
