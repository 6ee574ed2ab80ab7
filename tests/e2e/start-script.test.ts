/**
 * `npm start` as a newcomer runs it: first start, Ctrl-C (SIGINT to the whole process group, as a terminal sends it),
 * a second start on the same data, and recovery after `kill -9` of the whole process tree.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/embedded-db';
import { signInHttp } from '../support/http';
import { killGroup, npmStart as startNpm, processesFor, stopLeftovers, waitForExit } from '../support/npm-start';

const PASSWORD = 'start script demo passphrase';
let dataDir = '';
const started: ChildProcess[] = [];

afterAll(async () => {
  for (const child of started) if (child.pid && child.exitCode === null) killGroup(child, 'SIGKILL');
  await stopLeftovers(dataDir);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const npmStart = (port: number): ReturnType<typeof startNpm> => startNpm(port, dataDir, PASSWORD, started);

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
