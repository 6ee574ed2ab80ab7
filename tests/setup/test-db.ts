/** A throw-away embedded PostgreSQL for a test run: temp dir, free port, migrated. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb } from '../../scripts/lib/embedded-db';
import { runMigrations } from '../../scripts/lib/migrate';

export type TestDb = { url: string; dataDir: string; stop: () => Promise<void> };

export async function startTestDb(label: string): Promise<TestDb> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `k2-${label}-`));
  const db = await startEmbeddedDb({ dataDir, ephemeral: true, log: () => undefined });
  try {
    await runMigrations(db.url);
  } catch (error) {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: db.url,
    dataDir,
    stop: async () => {
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
