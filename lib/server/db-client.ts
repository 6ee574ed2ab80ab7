import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';
import { log } from './log';

// Never load what must not leave: the password hash is omitted unless a query selects it explicitly.
function newClient(pool: pg.Pool) {
  return new PrismaClient({ adapter: new PrismaPg(pool), omit: { user: { passwordHash: true } } });
}

export type DbClient = ReturnType<typeof newClient>;

/**
 * A Prisma client over its own pg pool. `connectionTimeoutMillis` bounds the wait when the database is down (the
 * adapter's default is to wait forever). A broken idle connection emits 'error' on the pool, which must be handled or
 * it would crash the process; pg then discards that client and opens a fresh one on the next query, so the app
 * survives a database restart. No `server-only` here: scripts (seed, start) and tests use it too.
 */
export function createDb(databaseUrl: string, poolMax = 10): { db: DbClient; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 30_000,
  });
  pool.on('error', (error) => {
    // Name and code only: the error text can carry connection details.
    log.warn({ err: error, event: 'db.idle-connection-failed' }, 'an idle database connection failed; it was dropped and will be replaced');
  });
  return { db: newClient(pool), pool };
}
