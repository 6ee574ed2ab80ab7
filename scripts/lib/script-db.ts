/**
 * The database an operations script works on: DATABASE_URL when set; otherwise the embedded database in DATA_DIR —
 * the running one when `npm start` has it up (found through its postmaster.pid; starting it again would stop the live
 * server, see recoverStalePostmaster), else started for the script and stopped after it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive, startEmbeddedDb } from './embedded-db';

export type ScriptDb = { url: string; source: string; close: () => Promise<void> };

/** The URL of the embedded server running on DATA_DIR, or null when none is. */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | null> {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return null;
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/k2`;
}

/** `mustExist`: refuse to create a new embedded cluster (a backup of nothing is a mistake, not a backup). */
export async function openScriptDb(log: (line: string) => void, options: { mustExist?: boolean } = {}): Promise<ScriptDb> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, source: 'DATABASE_URL', close: async () => undefined };
  const dataDir = path.resolve(process.env.DATA_DIR || '.data');
  const running = await runningEmbeddedUrl(dataDir);
  if (running) return { url: running, source: `the running embedded database in ${dataDir}`, close: async () => undefined };
  if (options.mustExist && !existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))) {
    throw new Error(`There is no database in ${dataDir}: set DATABASE_URL, or DATA_DIR to where \`npm start\` keeps it.`);
  }
  const db = await startEmbeddedDb({ dataDir, log });
  return { url: db.url, source: `the embedded database in ${dataDir}`, close: () => db.stop() };
}
