/** `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR. */
import path from 'node:path';
import { startEmbeddedDb } from './lib/embedded-db';
import { runMigrations } from './lib/migrate';

const log = (line: string): void => console.log(`[k2] ${line}`);

async function main(): Promise<void> {
  const external = process.env.DATABASE_URL;
  const database = external ? null : await startEmbeddedDb({ dataDir: path.resolve(process.env.DATA_DIR || '.data'), log });
  try {
    const applied = await runMigrations(external ?? database!.url, log);
    log(applied.length ? `${applied.length} migration(s) applied.` : 'Database schema is up to date.');
  } finally {
    await database?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[k2] Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
