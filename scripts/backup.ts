/**
 * `npm run db:backup -- [file] [--engine=auto|pg_dump|builtin]`: back up DATABASE_URL (or the embedded database in
 * DATA_DIR, running or not) to a file — pg_dump's custom format when a pg_dump of the server's major version is
 * installed, else the built-in k2-backup/1 format (see scripts/lib/backup.ts). Default file:
 * DATA_DIR/backups/k2-<UTC time>.backup. Restore with `npm run db:restore`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { backupDatabase, type BackupEngine } from './lib/backup';
import { openScriptDb } from './lib/script-db';
import { runCli } from './lib/run-cli';

const log = (line: string): void => console.log(`[k2] ${line}`);
const USAGE = 'Usage: npm run db:backup -- [file] [--engine=auto|pg_dump|builtin]';

async function main(argv: string[]): Promise<number> {
  let engine: BackupEngine | 'auto' = 'auto';
  const files: string[] = [];
  for (const arg of argv) {
    const match = /^--engine=(auto|pg_dump|builtin)$/.exec(arg);
    if (match) engine = match[1] as BackupEngine | 'auto';
    else if (arg.startsWith('-')) {
      console.error(USAGE);
      return 2;
    } else files.push(arg);
  }
  if (files.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = path.resolve(files[0] ?? path.join(process.env.DATA_DIR || '.data', 'backups', `k2-${stamp}.backup`));
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = await openScriptDb(log, { mustExist: true });
  try {
    log(`Backing up ${db.source} …`);
    const result = await backupDatabase(db.url, file, { engine, log });
    log(`Backup written: ${result.file} (${(result.bytes / 1024).toFixed(1)} KiB, ${result.engine === 'pg_dump' ? 'pg_dump custom format' : 'k2-backup/1'}).`);
    return 0;
  } finally {
    await db.close();
  }
}

runCli('Backup', main);
