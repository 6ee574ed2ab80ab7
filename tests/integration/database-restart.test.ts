import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '@/lib/server/db';
import { checkDatabase } from '@/lib/server/health';
import { createDb } from '@/lib/server/db-client';
import { findFreePort, startEmbeddedDb, type EmbeddedDb } from '../../scripts/lib/embedded-db';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the database pool', () => {
  it('fails fast while PostgreSQL is down and recovers by itself when it is back', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'k2-restart-'));
    const port = await findFreePort();
    let server: EmbeddedDb = await startEmbeddedDb({ dataDir, port, ephemeral: true, log: () => undefined });
    const { db, pool } = createDb(server.url, 3);
    cleanups.push(async () => {
      await db.$disconnect();
      await pool.end();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    expect(await db.$queryRaw<Array<{ one: number }>>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    expect(await checkDatabase(db)).toBe('up');
    await server.stop();
    expect(await checkDatabase(db)).toBe('down');

    const started = Date.now();
    const failure = await db.$queryRaw`SELECT 1`.then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).not.toBeNull();
    expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
    expect(Date.now() - started).toBeLessThan(7_000); // bounded by connectionTimeoutMillis, never a hang

    server = await startEmbeddedDb({ dataDir, port, ephemeral: true, log: () => undefined });
    expect(await checkDatabase(db)).toBe('up');
    expect(await db.$queryRaw<Array<{ one: number }>>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });
});
