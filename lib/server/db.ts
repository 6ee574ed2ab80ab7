import 'server-only';
import { createDb, type DbClient } from './db-client';
import { getEnv } from './env';

export type Db = DbClient;

const globalForDb = globalThis as unknown as { k2Db?: ReturnType<typeof createDb> };

function getDb(): Db {
  if (!globalForDb.k2Db) {
    const env = getEnv();
    globalForDb.k2Db = createDb(env.DATABASE_URL, env.DB_POOL_MAX);
  }
  return globalForDb.k2Db.db;
}

/** Close the process's pool (scripts that used the app's services, before they exit). */
export async function closeDb(): Promise<void> {
  const current = globalForDb.k2Db;
  globalForDb.k2Db = undefined;
  if (current) {
    await current.db.$disconnect();
    await current.pool.end();
  }
}

/**
 * The app's database client, one per process. Created on first use rather than at import, so that `next build`
 * (which imports route modules) needs no database.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = getDb();
    const value: unknown = Reflect.get(client, property);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

/** Errors that mean "the database is unreachable right now" (for 503 answers), not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ''} ${error instanceof Error ? error.message : ''}`;
  return /Can't reach database server|terminating connection|the database system is (starting up|shutting down)|ECONNREFUSED|ECONNRESET|ETIMEDOUT|timeout exceeded when trying to connect|Connection terminated|57P01|57P03|DatabaseNotReachable|P1001|P1017|ServerHasClosedTheConnection/i.test(
    text,
  );
}
