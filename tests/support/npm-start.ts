/** `npm start` as a test runs it: its own process group and data directory, its output kept, and what it leaves found. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export type NpmStart = { child: ChildProcess; output: () => string; ready: Promise<number> };

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Processes whose command line mentions `marker` (postgres: its data directory) or whose DATA_DIR is it (next). */
export async function processesFor(marker: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const env = cmd.includes('next') || cmd.includes('postgres') ? await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '') : '';
    if (cmd.includes(marker) || env.includes(`DATA_DIR=${marker}`)) pids.push(Number(entry));
  }
  return pids;
}

/** SIGKILL whatever a test's `npm start` left running on its data directory. */
export async function stopLeftovers(dataDir: string): Promise<void> {
  if (!dataDir) return;
  for (const pid of await processesFor(dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** Start `npm start` on `port` with `dataDir`; `ready` resolves (with the milliseconds it took) once it says so. */
export function npmStart(port: number, dataDir: string, password: string, started: ChildProcess[]): NpmStart {
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true, // its own process group, like a terminal job
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_PASSWORD: password, DATABASE_URL: '', AUTH_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let text = '';
  const begin = Date.now();
  const ready = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      if (text.includes('K2 Evidence Desk is running')) resolve(Date.now() - begin);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${text.slice(-3000)}`)));
  });
  return { child, output: () => text, ready };
}

/** True when the process exited (by code or signal) within the time. */
export async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return Promise.race([
    new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
}
