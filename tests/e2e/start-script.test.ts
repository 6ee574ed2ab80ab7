/**
 * `npm start` as a newcomer runs it: first start, Ctrl-C (SIGINT to the whole process group, as a terminal sends it),
 * a second start on the same data, and recovery after `kill -9` of the whole process tree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/embedded-db';
import { signInHttp } from '../support/http';

const root = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'start script demo passphrase';
let dataDir = '';
const started: ChildProcess[] = [];

afterAll(async () => {
  for (const child of started) if (child.pid && child.exitCode === null) killGroup(child, 'SIGKILL');
  await stopLeftovers();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Processes whose command line mentions our data directory (postgres) or port (next). */
async function processesFor(marker: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const env = cmd.includes('next') || cmd.includes('postgres') ? await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '') : '';
    if (cmd.includes(marker) || env.includes(`DATA_DIR=${marker}`)) pids.push(Number(entry));
  }
  return pids;
}

async function stopLeftovers(): Promise<void> {
  if (!dataDir) return;
  for (const pid of await processesFor(dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

async function npmStart(port: number): Promise<{ child: ChildProcess; output: () => string; ready: Promise<number> }> {
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true, // its own process group, like a terminal job
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD, DATABASE_URL: '', AUTH_SECRET: '' },
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
async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return Promise.race([
    new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
}

describe('npm start', () => {
  it('serves, stops cleanly on Ctrl-C, restarts on the same data, and recovers from kill -9', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'k2-start-'));
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;

    // First start: fresh database, migrations, demo accounts (the build is already fresh here).
    const first = await npmStart(port);
    await first.ready;
    expect(first.output()).toContain('admin@demo.local');
    expect(first.output()).toContain(PASSWORD);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect(await signInHttp(base, 'admin@demo.local', PASSWORD)).not.toBeNull();
    expect(await signInHttp(base, 'clinician@demo.local', PASSWORD)).not.toBeNull();

    // Ctrl-C: SIGINT to the whole process group. Nothing may be left running.
    killGroup(first.child, 'SIGINT');
    expect(await waitForExit(first.child, 30_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(await processesFor(dataDir)).toEqual([]);

    // Second start keeps the data.
    const second = await npmStart(port);
    const secondMs = await second.ready;
    expect(secondMs).toBeLessThan(30_000);
    expect(second.output()).not.toContain('Created demo account');
    expect(await signInHttp(base, 'clinician@demo.local', PASSWORD)).not.toBeNull();

    // kill -9 of the whole tree, then a start that must recover by itself.
    killGroup(second.child, 'SIGKILL');
    await waitForExit(second.child, 10_000);
    const third = await npmStart(port);
    await third.ready;
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect(await signInHttp(base, 'admin@demo.local', PASSWORD)).not.toBeNull();

    // SIGTERM to npm alone (as a service manager sends it) also stops everything.
    third.child.kill('SIGTERM');
    expect(await waitForExit(third.child, 30_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(await processesFor(dataDir)).toEqual([]);

    // kill -9 of npm alone: the launcher notices it was orphaned and stops the app and the database.
    const fourth = await npmStart(port);
    await fourth.ready;
    fourth.child.kill('SIGKILL');
    let left = await processesFor(dataDir);
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      left = await processesFor(dataDir);
    }
    expect(left).toEqual([]);
  });
});
