/**
 * `npm run db:backup:check` as a test: a seeded throw-away database is backed up, restored into a fresh database and
 * compared table by table; a non-empty target is refused without --force and replaced with it; a truncated backup
 * is refused without leaving rows behind; sequences continue after the restore. On this machine the engine is the
 * builtin one (no pg_dump for PostgreSQL 18 here: see scripts/lib/backup.ts); where a pg_dump 18 is installed, the
 * same test runs pg_dump/pg_restore.
 */
import { describe, expect, it } from 'vitest';
import { runBackupCheck } from '../../scripts/lib/backup-check';

describe('backup and restore', () => {
  it('restores every table of a seeded database exactly, and refuses what it must', async () => {
    const lines: string[] = [];
    const result = await runBackupCheck({ log: (line) => lines.push(line) });
    expect(result.tables.filter((t) => !t.same), lines.join('\n')).toEqual([]);
    expect(result.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['AuditEvent', 'EvidenceEntry', 'EvidenceRevision', 'Report', 'User', 'ApiToken']));
    expect(result.tables.find((t) => t.table === 'Report')?.restoredRows).toBe(3);
    expect(result.tables.find((t) => t.table === 'EvidenceEntry')?.restoredRows).toBeGreaterThan(10);
    expect(result.refusedNonEmpty).toBe(true);
    expect(result.forceReplaces).toBe(true);
    expect(result.damagedRefused).toBe(true);
    expect(result.sequencesContinue).toBe(true);
    expect(result.ok).toBe(true);
  });
});
