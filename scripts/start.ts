/**
 * `npm start` (and `npm run dev` with --dev): database up → migrate → seed → build if missing or stale → serve.
 * Environment (SPEC "Running it"): PORT, DATA_DIR, DATABASE_URL, SEED_DEMO, DEMO_PASSWORD, AUTH_SECRET; DB_PORT fixes
 * the embedded database's port (default: a free one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/build';
import { startEmbeddedDb, type EmbeddedDb } from './lib/embedded-db';
import { runMigrations } from './lib/migrate';
import { keptSecret } from './lib/secrets';
import { DEMO_ACCOUNTS, seedDemoAccounts, seedEvidence } from './lib/seed';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const log = (line: string): void => console.log(`[k2] ${line}`);

function parsePort(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`[k2] ${name} must be a port number (1–65535), got "${value}".`);
    process.exit(2);
  }
  return port;
}

const port = parsePort(process.env.PORT, 3000, 'PORT');
const dataDir = path.resolve(root, process.env.DATA_DIR || '.data');
const appPidFile = path.join(dataDir, 'app.pid');

let database: EmbeddedDb | null = null;
let app: ChildProcess | null = null;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  log('Stopping …');
  if (app && app.exitCode === null && app.signalCode === null) {
    const exited = new Promise<void>((resolve) => app?.once('exit', () => resolve()));
    app.kill('SIGTERM');
    const timer = setTimeout(() => app?.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await unlink(appPidFile).catch(() => undefined);
  if (database) {
    await database.stop().catch((error: unknown) => log(`Database stop: ${error instanceof Error ? error.message : String(error)}`));
    log('Database stopped.');
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void stopAll(0));
}

// If whatever started us dies without a signal reaching us (kill -9 of npm alone), we are re-parented: stop too,
// rather than keep a server and a database running that nobody can stop with Ctrl-C.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart) {
    log('The parent process is gone.');
    void stopAll(1);
  }
}, 1_000).unref();

/** A `kill -9` of this script can leave its Next.js server running and holding the port: stop it. */
async function stopOrphanedApp(): Promise<void> {
  if (!existsSync(appPidFile)) return;
  const pid = Number.parseInt(await readFile(appPidFile, 'utf8'), 10);
  await unlink(appPidFile).catch(() => undefined);
  if (!Number.isInteger(pid) || pid <= 0) return;
  let cmd = '';
  try {
    cmd = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    return; // not running
  }
  if (!cmd.includes('next')) return;
  log(`Stopping the app server left by an earlier run (pid ${pid}).`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  process.kill(pid, 'SIGKILL');
}

/** Restart delays after the embedded PostgreSQL died: quick first (it is usually a crash), then backing off to 5 s. */
const RESTART_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 5_000];

/**
 * Supervise the embedded PostgreSQL (issue 15, item 3): when it exits without being asked to (a crash, kill -9), log
 * it, then restart it on the same port and data directory — startEmbeddedDb() recovers the data directory first, as
 * at start (a stale postmaster.pid; PostgreSQL itself replays its WAL) — with backoff until it is up, logging each
 * attempt. The app keeps running and answers 503 with Retry-After meanwhile; its pool reconnects once it is back.
 */
function supervise(current: EmbeddedDb): void {
  void current.exited.then(async (how) => {
    if (stopping) return;
    const since = Date.now();
    log(`Embedded PostgreSQL exited unexpectedly (${how}): restarting it on 127.0.0.1:${current.port} …`);
    for (let attempt = 1; !stopping; attempt++) {
      const delay = RESTART_DELAYS_MS[Math.min(attempt - 1, RESTART_DELAYS_MS.length - 1)]!;
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        const restarted = await startEmbeddedDb({ dataDir, port: current.port, log });
        if (stopping) {
          await restarted.stop();
          return;
        }
        database = restarted;
        log(`Embedded PostgreSQL is back on 127.0.0.1:${restarted.port} after ${((Date.now() - since) / 1000).toFixed(1)} s (attempt ${attempt}).`);
        supervise(restarted);
        return;
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        log(`Restart attempt ${attempt} failed (${reason}); trying again in ${RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)]! / 1000} s.`);
      }
    }
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main(): Promise<void> {
  const started = Date.now();
  await stopOrphanedApp();

  const authSecret = process.env.AUTH_SECRET || (await keptSecret(dataDir, 'auth-secret', 48));
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    log('Using the PostgreSQL server of DATABASE_URL.');
  } else {
    database = await startEmbeddedDb({ dataDir, port: process.env.DB_PORT ? parsePort(process.env.DB_PORT, 0, 'DB_PORT') : undefined, log });
    databaseUrl = database.url;
    log(`Embedded PostgreSQL is up on 127.0.0.1:${database.port} (data in ${path.join(dataDir, 'pg')}).`);
    supervise(database);
  }

  const applied = await runMigrations(databaseUrl, log);
  if (applied.length === 0) log('Database schema is up to date.');

  const seedDemo = !process.env.DATABASE_URL || process.env.SEED_DEMO === '1';
  let demoPassword: string | null = null;
  let demoAccounts: Array<{ email: string; passwordWorks: boolean }> = [];
  if (seedDemo) {
    demoPassword = process.env.DEMO_PASSWORD || (await keptSecret(dataDir, 'demo-password', 12));
    demoAccounts = await seedDemoAccounts(databaseUrl, demoPassword, { applyPassword: Boolean(process.env.DEMO_PASSWORD) }, log);
  }

  // The app's own services seed the evidence: give this process the environment the app gets.
  process.env.DATABASE_URL = databaseUrl;
  process.env.AUTH_SECRET = authSecret;
  await seedEvidence(log);
  // The seed used the app's pool in this process; close it, or its idle connections would outlive their use and fail
  // (57P01, a warning in the log) when the database stops at Ctrl-C.
  await (await import('../lib/server/db')).closeDb();

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, NEXT_TELEMETRY_DISABLED: '1' };
  if (!dev) await ensureBuild(root, log, env);

  const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
  app = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', String(port)], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...env, NODE_ENV: dev ? 'development' : 'production' },
  });
  if (app.pid) await writeFile(appPidFile, `${app.pid}\n`);
  app.on('exit', (code, signal) => {
    if (!stopping) {
      log(`The app server exited (${signal ?? `code ${code}`}).`);
      void stopAll(code ?? 1);
    }
  });

  const base = `http://localhost:${port}`;
  if (await waitForHealth(`${base}/api/health`, app, dev ? 180_000 : 60_000)) {
    const lines = [
      '',
      `K2 Evidence Desk is running: ${base}/login   (ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl-C stops it)`,
      ...(seedDemo && demoPassword
        ? [
            'Demo accounts:',
            ...DEMO_ACCOUNTS.map((a) =>
              demoAccounts.find((d) => d.email === a.email)?.passwordWorks === false
                ? `  ${a.email.padEnd(22)} ${a.role.padEnd(9)} password: changed since it was created (DEMO_PASSWORD=… npm start sets one)`
                : `  ${a.email.padEnd(22)} ${a.role.padEnd(9)} password: ${demoPassword}`,
            ),
            process.env.DEMO_PASSWORD ? '' : `  (the password is kept in ${path.join(dataDir, 'demo-password')}; set DEMO_PASSWORD to choose one)`,
          ]
        : []),
    ];
    console.log(lines.join('\n'));
  } else if (!stopping) {
    log(`The app did not answer on ${base}/api/health.`);
    await stopAll(1);
  }
}

main().catch(async (error: unknown) => {
  console.error(`[k2] Start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
