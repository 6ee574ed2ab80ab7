/**
 * The system under test for `npm run bench`: a fresh embedded PostgreSQL in a temp directory (durable settings, as
 * `npm start` runs it), migrated and seeded like `npm start` (demo accounts, curated content/), and the production
 * build served by `next start` with NODE_ENV=production on a free port. Everything it starts, stop() stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closeDb } from '../../lib/server/db';
import { ensureBuild } from '../lib/build';
import { findFreePort, startEmbeddedDb, type EmbeddedDb } from '../lib/embedded-db';
import { runMigrations } from '../lib/migrate';
import { seedDemoAccounts, seedEvidence } from '../lib/seed';
import type { BenchCdsClient } from './cds-jwt';

export type BenchApp = {
  baseUrl: string;
  /** The `next start` process, and the PostgreSQL postmaster (for CPU accounting). */
  appPid: number;
  postmasterPid: () => number | null;
  databaseUrl: string;
  demoPassword: string;
  /** The app's stdout/stderr. */
  logFile: string;
  stop: () => Promise<void>;
};

type Options = { root: string; cds: BenchCdsClient; log: (line: string) => void; profileDir?: string };

/** What is running, so that a signal mid-setup stops it too. */
const running: { app: ChildProcess | null; db: EmbeddedDb | null; dataDir: string | null } = { app: null, db: null, dataDir: null };

export async function stopEverything(): Promise<void> {
  const { app, db, dataDir } = running;
  running.app = null;
  running.db = null;
  running.dataDir = null;
  if (app && app.exitCode === null && app.signalCode === null) {
    const exited = new Promise<void>((resolve) => app.once('exit', () => resolve()));
    app.kill('SIGTERM');
    const timer = setTimeout(() => app.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  await closeDb().catch(() => undefined);
  if (db) await db.stop().catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return true;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function startBenchApp({ root, cds, log, profileDir }: Options): Promise<BenchApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'k2-bench-'));
  running.dataDir = dataDir;
  running.db = await startEmbeddedDb({ dataDir, log: () => undefined });
  const databaseUrl = running.db.url;
  log(`Embedded PostgreSQL on 127.0.0.1:${running.db.port} (${dataDir}).`);
  await runMigrations(databaseUrl);

  const demoPassword = randomBytes(12).toString('base64url');
  const authSecret = randomBytes(48).toString('base64url');
  await seedDemoAccounts(databaseUrl, demoPassword, { applyPassword: true });
  // The app's own services seed the evidence (and insert the synthetic trials later): this process gets the app's environment.
  process.env.DATABASE_URL = databaseUrl;
  process.env.AUTH_SECRET = authSecret;
  await seedEvidence();
  log('Migrated; demo accounts and the curated evidence (content/) seeded.');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: authSecret,
    CDS_HOOKS_CLIENTS: cds.envValue,
  };
  if (!(await ensureBuild(root, log, env))) log('The production build is up to date.');

  const port = await findFreePort();
  const logFile = path.join(dataDir, 'app.log');
  const logStream = createWriteStream(logFile);
  const nodeFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const app = spawn(process.execPath, [...nodeFlags, path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.app = app;
  app.stdout?.pipe(logStream);
  app.stderr?.pipe(logStream);

  const baseUrl = `http://127.0.0.1:${port}`;
  if (!(await waitUntilUp(`${baseUrl}/api/health`, app, 60_000))) {
    const text = await readFile(logFile, 'utf8').catch(() => '');
    throw new Error(`The app did not start. Its log:\n${text.slice(-4000)}`);
  }
  log(`next start (production build) is up on ${baseUrl} (pid ${app.pid}).`);
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const postmasterPid = (): number | null => {
    try {
      const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  };
  return { baseUrl, appPid: app.pid ?? 0, postmasterPid, databaseUrl, demoPassword, logFile, stop: stopEverything };
}
