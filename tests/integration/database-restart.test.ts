import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
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

    // Connections cut under the app's feet are outages too (503), not bugs (500): a query running when the server
    // terminates its backend (57P01, as in a fast shutdown), and a transaction whose connection was terminated
    // between two statements (node-postgres: "not queryable").
    const killer = new pg.Client({ connectionString: server.url });
    await killer.connect();
    cleanups.push(() => killer.end());
    const terminate = (state: string, like: string): Promise<unknown> =>
      killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = $1 AND query LIKE $2', [state, like]);
    const running = db.$queryRaw`SELECT pg_sleep(5)`.then(() => null, (error: unknown) => error);
    await expect.poll(async () => (await killer.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(5)%' AND pid <> pg_backend_pid()")).rowCount).toBe(1);
    await terminate('active', '%pg_sleep(5)%');
    const midQuery = await running;
    expect(isDatabaseUnavailable(midQuery), String(midQuery)).toBe(true);

    const inTransaction = await db
      .$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 'k2-cut-transaction'`;
        await terminate('idle in transaction', '%k2-cut-transaction%');
        await new Promise((r) => setTimeout(r, 200));
        return tx.user.count();
      })
      .then(() => null, (error: unknown) => error);
    expect(inTransaction).not.toBeNull();
    expect(isDatabaseUnavailable(inTransaction), String(inTransaction)).toBe(true);
    // …and the pool has replaced what was cut.
    expect(await db.$queryRaw<Array<{ one: number }>>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });

  it('classifies a server that is starting up, or that drops the connection at once, as unavailable', async () => {
    // A stand-in server: PostgreSQL's own FATAL 57P03 "starting up" message on the wire, or an immediate close.
    const fatal = (sqlState: string, message: string): Buffer => {
      const fields = Buffer.from(`SFATAL\0VFATAL\0C${sqlState}\0M${message}\0\0`);
      const length = Buffer.alloc(4);
      length.writeInt32BE(fields.length + 4);
      return Buffer.concat([Buffer.from('E'), length, fields]);
    };
    for (const behaviour of ['starting up', 'drops the connection'] as const) {
      const stub = net.createServer((socket) => {
        socket.on('error', () => undefined);
        if (behaviour === 'drops the connection') socket.destroy();
        else socket.once('data', () => socket.end(fatal('57P03', 'the database system is starting up')));
      });
      await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
      const { port } = stub.address() as net.AddressInfo;
      const { db, pool } = createDb(`postgresql://k2:k2@127.0.0.1:${port}/k2`, 1);
      try {
        const model = await db.user.count().then(() => null, (error: unknown) => error);
        const transaction = await db.$transaction(async (tx) => tx.user.count()).then(() => null, (error: unknown) => error);
        expect(isDatabaseUnavailable(model), `${behaviour}: ${String(model)}`).toBe(true);
        expect(isDatabaseUnavailable(transaction), `${behaviour}: ${String(transaction)}`).toBe(true);
      } finally {
        await pool.end().catch(() => undefined);
        await new Promise((resolve) => stub.close(resolve));
      }
    }
  });
});
