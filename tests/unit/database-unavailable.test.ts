/**
 * isDatabaseUnavailable() decides between 503 (try again) and 500 (a bug). The shapes below are the errors Prisma
 * 7.10 with @prisma/adapter-pg 7.10 and pg 8 actually threw in each situation (recorded against a real PostgreSQL, and
 * PgBouncer 1.18 in transaction mode; tests/integration/database-restart.test.ts produces most of them live). Only the fields the function reads are kept.
 */
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '@/lib/server/db';

function prismaError(code: string, message: string, meta?: unknown): Error {
  return Object.assign(new Error(message), { name: 'PrismaClientKnownRequestError', code, clientVersion: '7.10.0', meta });
}
const adapter = (cause: Record<string, unknown>): unknown => ({ driverAdapterError: { name: 'DriverAdapterError', cause } });

describe('isDatabaseUnavailable', () => {
  const unavailable: Array<[string, unknown]> = [
    ['PostgreSQL stopped: a model query (ECONNREFUSED)', prismaError('P1001', "Invalid `db.user.findMany()` invocation:\n\nCan't reach database server at 127.0.0.1:5432", adapter({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }))],
    ['PostgreSQL stopped: a raw query', prismaError('P2010', "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`", adapter({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }))],
    ['fast shutdown under a running query (57P01)', prismaError('P2010', 'Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`', adapter({ originalCode: '57P01', kind: 'postgres', code: '57P01', severity: 'FATAL' }))],
    ['starting up (57P03), model query', prismaError('P2039', 'Database error. Code: `57P03`. Message: `the database system is starting up`', adapter({ originalCode: '57P03', kind: 'postgres', code: '57P03', severity: 'FATAL' }))],
    ['another backend crashed (57P02)', prismaError('P2039', 'Database error.', adapter({ originalCode: '57P02', kind: 'postgres', code: '57P02', severity: 'FATAL' }))],
    ['too many connections', prismaError('P2037', 'Too many database connections opened', adapter({ originalCode: '53300', kind: 'TooManyConnections', cause: 'sorry, too many clients already' }))],
    ['connection reset', prismaError('P1017', 'Server has closed the connection.', adapter({ kind: 'ConnectionClosed' }))],
    ['the connection ended mid-query (pg)', new Error('Connection terminated unexpectedly')],
    ['no answer within the connect timeout (pg)', Object.assign(new Error('Connection terminated due to connection timeout'), { cause: new Error('Connection terminated unexpectedly') })],
    ['pool checkout timed out (pg)', new Error('timeout exceeded when trying to connect')],
    ['a transaction whose connection was terminated (pg)', new Error('Client has encountered a connection error and is not queryable')],
    ['an interactive transaction that got no connection in time (P2028)', prismaError('P2028', 'Transaction API error: Unable to start a transaction in the given time.', {})],
    ['a raw socket error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect', errno: -111 })],
    ['PgBouncer: no server connection within query_wait_timeout (PostgreSQL down behind it)', prismaError('P2039', 'Database error. Code: `08P01`. Message: `query_wait_timeout`', adapter({ originalCode: '08P01', kind: 'postgres', code: '08P01', severity: 'FATAL', message: 'query_wait_timeout' }))],
    ['PgBouncer: server logins failing', prismaError('P2039', 'Database error. Code: `08P01`. Message: `server login has been failing, try again later (server_login_retry)`', adapter({ originalCode: '08P01', kind: 'postgres', code: '08P01', severity: 'FATAL' }))],
    ['wrapped one level down', new Error('loading the snapshot failed', { cause: prismaError('P1001', "Can't reach database server") })],
  ];
  for (const [label, error] of unavailable) {
    it(`503: ${label}`, () => expect(isDatabaseUnavailable(error)).toBe(true));
  }

  const bugs: Array<[string, unknown]> = [
    ['a unique violation', prismaError('P2002', 'Unique constraint failed on the fields: (`email`)', adapter({ kind: 'UniqueConstraintViolation', constraint: { fields: ['email'] } }))],
    ['a record not found', prismaError('P2025', 'An operation failed because it depends on one or more records that were required but not found.')],
    ['the append-only trigger', prismaError('P2010', 'Raw query failed. Code: `P0001`. Message: `AuditEvent is append-only: DELETE refused`', adapter({ originalCode: 'P0001', kind: 'postgres', code: 'P0001', severity: 'ERROR' }))],
    ['a statement timeout (the query, not the database)', prismaError('P2010', 'canceling statement due to statement timeout', adapter({ originalCode: '57014', kind: 'postgres', code: '57014', severity: 'ERROR' }))],
    ['an expired interactive transaction (our code held it too long)', prismaError('P2028', 'Transaction API error: Transaction already closed: the timeout for this transaction was 5000 ms.', {})],
    ['PgBouncer refusing a startup parameter (a configuration error, see docs/DEPLOY.md)', prismaError('P2010', 'Raw query failed. Code: `08P01`. Message: `unsupported startup parameter: statement_timeout`', adapter({ originalCode: '08P01', kind: 'postgres', code: '08P01', severity: 'FATAL' }))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'Connection terminated'],
    ['null', null],
  ];
  for (const [label, error] of bugs) {
    it(`not 503: ${label}`, () => expect(isDatabaseUnavailable(error)).toBe(false));
  }
});
