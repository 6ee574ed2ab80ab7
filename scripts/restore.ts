/**
 * `npm run db:restore -- <file> [--force]`: restore a backup made by `npm run db:backup` (either format, recognised by
 * its first bytes) into DATABASE_URL, or into the embedded database in DATA_DIR. A database that is not empty is
 * refused unless --force, which drops everything in its public schema first. Stop the app before restoring over its
 * own database.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { restoreDatabase, TargetNotEmptyError } from './lib/backup';
import { openScriptDb } from './lib/script-db';
import { runCli } from './lib/run-cli';

const log = (line: string): void => console.log(`[k2] ${line}`);
const USAGE = 'Usage: npm run db:restore -- <file> [--force]   (into DATABASE_URL, or the embedded database in DATA_DIR)';

async function main(argv: string[]): Promise<number> {
  const force = argv.includes('--force');
  const rest = argv.filter((a) => a !== '--force');
  if (rest.length !== 1 || rest[0]!.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const file = path.resolve(rest[0]!);
  if (!existsSync(file)) {
    console.error(`[k2] No such file: ${file}`);
    return 2;
  }
  const db = await openScriptDb(log);
  try {
    log(`Restoring ${file} into ${db.source} …`);
    const result = await restoreDatabase(file, db.url, { force, log });
    log(`Restored (${result.engine === 'pg_dump' ? 'pg_restore' : 'k2-backup/1'}). Start the app: it applies any newer migrations.`);
    return 0;
  } catch (error) {
    if (error instanceof TargetNotEmptyError) {
      console.error(`[k2] ${error.message}`);
      return 3;
    }
    throw error;
  } finally {
    await db.close();
  }
}

runCli('Restore', main);
