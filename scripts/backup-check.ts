/**
 * `npm run db:backup:check [-- --engine=auto|pg_dump|builtin]`: prove that a backup restores, on a throw-away embedded
 * PostgreSQL (scripts/lib/backup-check.ts). Prints each table's rows before and after; exits 1 on any difference.
 */
import { runBackupCheck } from './lib/backup-check';
import type { BackupEngine } from './lib/backup';
import { runCli } from './lib/run-cli';

const log = (line: string): void => console.log(`[k2] ${line}`);

async function main(argv: string[]): Promise<number> {
  const engineArg = argv.map((a) => /^--engine=(auto|pg_dump|builtin)$/.exec(a)?.[1]).find(Boolean);
  if (argv.length > (engineArg ? 1 : 0)) {
    console.error('Usage: npm run db:backup:check [-- --engine=auto|pg_dump|builtin]');
    return 2;
  }
  const started = Date.now();
  const result = await runBackupCheck({ engine: (engineArg ?? 'auto') as BackupEngine | 'auto', log });
  const width = Math.max(...result.tables.map((t) => t.table.length));
  for (const t of result.tables) log(`  ${t.table.padEnd(width)}  ${String(t.rows).padStart(5)} → ${String(t.restoredRows).padStart(5)}  ${t.same ? 'same' : 'DIFFERENT'}`);
  const yes = (value: boolean): string => (value ? 'yes' : 'NO');
  log(`Non-empty target refused without --force: ${yes(result.refusedNonEmpty)}; --force replaces it: ${yes(result.forceReplaces)}; ` +
    `a truncated backup refused (nothing half restored): ${yes(result.damagedRefused)}; sequences continue after the restore: ${yes(result.sequencesContinue)}.`);
  log(`${result.ok ? 'Backup check passed' : 'Backup check FAILED'} (${result.engine}, ${result.bytes} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s).`);
  return result.ok ? 0 : 1;
}

runCli('Backup check', main, { withStack: true });
