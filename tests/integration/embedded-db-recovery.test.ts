import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb, type EmbeddedDb } from '../../scripts/lib/embedded-db';

const dirs: string[] = [];
const servers: EmbeddedDb[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop().catch(() => undefined);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'k2-recovery-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, lines: string[]): Promise<EmbeddedDb> {
  const server = await startEmbeddedDb({ dataDir, ephemeral: true, log: (line) => lines.push(line) });
  servers.push(server);
  return server;
}

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
  } finally {
    await client.end();
  }
}

async function postmasterPid(dataDir: string): Promise<number> {
  return Number.parseInt((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL launcher', () => {
  it('keeps data across a clean stop and start', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir, []);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (v text)');
    await client.query("INSERT INTO kept VALUES ('still here')");
    await client.end();
    await first.stop();
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start(dataDir, []);
    const again = new pg.Client({ connectionString: second.url });
    await again.connect();
    expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
    await again.end();
    await second.stop();
  });

  it('recovers after the postmaster was killed with SIGKILL (stale postmaster.pid)', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir, []);
    const pid = await postmasterPid(dataDir);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);
    await first.stop();

    const lines: string[] = [];
    const second = await start(dataDir, lines);
    expect(await selectOne(second.url)).toBe(1);
    expect(lines.join('\n')).toMatch(/stale postmaster\.pid/);
    await second.stop();
  });

  it('stops an orphaned postmaster still running on the data directory, then starts', async () => {
    const dataDir = await tempDir();
    await start(dataDir, []); // its owner "crashes": never stopped
    const orphan = await postmasterPid(dataDir);
    expect(alive(orphan)).toBe(true);

    const lines: string[] = [];
    const second = await start(dataDir, lines);
    expect(alive(orphan)).toBe(false);
    expect(await postmasterPid(dataDir)).not.toBe(orphan);
    expect(await selectOne(second.url)).toBe(1);
    expect(lines.join('\n')).toMatch(/still running/);
    await second.stop();
  });

  it('ignores a postmaster.pid whose pid belongs to an unrelated live process', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir, []);
    await first.stop();
    // Our own pid is alive but is not a postgres on this data directory (the pid-reuse case after a reboot).
    await writeFile(path.join(dataDir, 'pg', 'postmaster.pid'), `${process.pid}\n${path.join(dataDir, 'pg')}\n`);
    const lines: string[] = [];
    const second = await start(dataDir, lines);
    expect(await selectOne(second.url)).toBe(1);
    expect(alive(process.pid)).toBe(true);
    await second.stop();
  });
});
