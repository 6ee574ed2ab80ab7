import 'server-only';
import { readReplicas } from '@prisma/extension-read-replicas';
import { createDb, type DbClient } from './db-client';
import { getEnv } from './env';
import { log } from './log';

export type Db = DbClient;

type ReportReader = { report: Db['report']; replicated: boolean };
const globalForDb = globalThis as unknown as { k2Db?: ReturnType<typeof createDb>; k2Replica?: { pool: ReturnType<typeof createDb>['pool']; client: DbClient; reader: ReportReader } };

function getDb(): Db {
  if (!globalForDb.k2Db) {
    const env = getEnv();
    globalForDb.k2Db = createDb(env.DATABASE_URL, env.DB_POOL_MAX);
  }
  return globalForDb.k2Db.db;
}

/**
 * Where saved reports are read: the read replica of DATABASE_REPLICA_URL when one is configured (through Prisma's
 * read-replica extension: reads go to the replica, anything else to the primary), else the primary. Only report reads
 * use it — sign-in, session and lockout checks, evidence versions and CDS replay checks must see the latest writes, so
 * they always read the primary. A replica lags: a report just written may not be there yet (the caller falls back to
 * the primary for a single report; a list may miss the newest for the length of the lag).
 */
export function reportReader(): ReportReader {
  const url = getEnv().DATABASE_REPLICA_URL;
  if (!url) return { report: getDb().report, replicated: false };
  if (!globalForDb.k2Replica) {
    const replica = createDb(url, getEnv().DB_POOL_MAX);
    const extended = getDb().$extends(readReplicas({ replicas: [replica.db] }));
    globalForDb.k2Replica = { pool: replica.pool, client: replica.db, reader: { report: extended.report as unknown as Db['report'], replicated: true } };
  }
  return globalForDb.k2Replica.reader;
}

/** How long report reads skip a replica that failed to answer before they try it again. */
export const REPLICA_RETRY_AFTER_MS = 30_000;
let replicaDownUntil = 0;

/**
 * Read saved reports through `reportReader()`, falling back to the primary when the replica is unreachable (stopped,
 * refusing connections, timing out): the primary holds every report, so a replica outage costs load, not service.
 * After a failure the replica is left alone for REPLICA_RETRY_AFTER_MS, so that each request does not wait for the
 * connection timeout again. Errors other than "unreachable" are the caller's.
 */
export async function readReports<T>(read: (reader: ReportReader) => Promise<T>): Promise<T> {
  const reader = reportReader();
  if (!reader.replicated || Date.now() < replicaDownUntil) return read({ report: getDb().report, replicated: false });
  try {
    return await read(reader);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    replicaDownUntil = Date.now() + REPLICA_RETRY_AFTER_MS;
    log.warn({ event: 'db.replica-unavailable', retryAfterMs: REPLICA_RETRY_AFTER_MS }, 'read replica unreachable: reading reports from the primary');
    return read({ report: getDb().report, replicated: false });
  }
}

/** Close the process's pools (scripts that used the app's services, before they exit). */
export async function closeDb(): Promise<void> {
  const current = globalForDb.k2Db;
  const replica = globalForDb.k2Replica;
  globalForDb.k2Db = undefined;
  globalForDb.k2Replica = undefined;
  replicaDownUntil = 0;
  if (replica) {
    await replica.client.$disconnect();
    await replica.pool.end();
  }
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

/** The answer's wording wherever a database outage is shown (API 503s, forms, the /unavailable page). */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable. Try again in a few seconds.';

// PostgreSQL SQLSTATEs that mean "not now" rather than "wrong": class 08 (connection exception), 53300 (too many
// connections), 57P01/57P02/57P03 (terminated by an administrator's shutdown or by another backend's crash; the server
// is starting up or shutting down).
const UNAVAILABLE_SQLSTATE = /^(08000|08001|08003|08004|08006|53300|57P01|57P02|57P03)$/;
// Prisma's own codes: P1001 can't reach the server, P1002 it timed out, P1017 it closed the connection.
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1017']);
// The driver adapter's kinds for socket-level failures (see convertDriverError in @prisma/adapter-pg).
const UNAVAILABLE_KIND = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// Socket errors from node-postgres, which the adapter passes on unchanged when it does not map them.
const UNAVAILABLE_NODE_CODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres' and Prisma's own words for the same situations: a connection that ended mid-query or timed out, a
// client checked out by a transaction whose connection was terminated, a transaction that could not get a connection.
// And PgBouncer's (docs/DEPLOY.md), which it sends as SQLSTATE 08P01 — a code it shares with real protocol errors, so
// its messages are matched instead: no server connection within query_wait_timeout, the server refusing logins.
const UNAVAILABLE_TEXT =
  /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|terminating connection due to|the database system is (starting up|shutting down|in recovery mode)|Unable to start a transaction in the given time|query_wait_timeout|server login has been failing|server_login_retry|pgbouncer cannot connect to server|server conn crashed/i;

type ErrorLike = {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } } };
  cause?: unknown;
};

/**
 * Errors that mean "the database is unreachable right now" (answered 503 with Retry-After, never 500), not a bug.
 * Written against the shapes Prisma 7 with @prisma/adapter-pg produces when PostgreSQL is stopped (ECONNREFUSED:
 * P1001, adapter kind DatabaseNotReachable), shut down under a running query (P2010/P2039 carrying 57P01), starting up
 * (57P03), gone while a transaction held its connection (node-postgres' "not queryable"), or silent (connection
 * timeout; an interactive transaction that cannot get a connection in time, P2028) — tests/unit/database-unavailable.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 4; depth++) {
    const e = current as ErrorLike;
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_NODE_CODE.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
    const adapterCause = e.meta?.driverAdapterError?.cause;
    if (adapterCause) {
      if (typeof adapterCause.kind === 'string' && UNAVAILABLE_KIND.has(adapterCause.kind)) return true;
      for (const sqlState of [adapterCause.code, adapterCause.originalCode]) {
        if (typeof sqlState === 'string' && UNAVAILABLE_SQLSTATE.test(sqlState)) return true;
      }
    }
    if (typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}
