/**
 * Interactive transactions, and what must wait for their commit.
 *
 * Every interactive transaction of the app and the scripts goes through `transaction()` (or `transactionOn()` for a
 * client of one's own); ESLint forbids `$transaction` elsewhere (eslint.config.mjs). The helper registers the
 * transaction client (`tx`) it hands to the callback with a queue of effects; `afterCommit(client)` tells a writer
 * such as `writeAudit` when its side effects (a security event's log line) may happen:
 *   - `client` is the `tx` of a `transaction()`: queued, run once the outermost transaction has committed, dropped if
 *     it (or the nested transaction the effect belongs to) rolled back;
 *   - `client` is a plain client (`db`): the write was committed on its own, so at once;
 *   - `client` is a transaction client this module did not start (a raw `$transaction`): an error, before anything
 *     is written — there would be no way to know when, or whether, it commits.
 * The queue is keyed on the client object, not on the async context: a `writeAudit(db, …)` made while some
 * transaction is open elsewhere in the call chain is its own commit and is not held back by it.
 *
 * No `server-only` here: the seed script uses `transactionOn` with its own client.
 */
import { db } from './db';
import type { DbClient } from './db-client';
import type { Prisma } from './generated/prisma/client';
import { log } from './log';

/** The client an interactive transaction's callback receives. */
export type Tx = Parameters<Parameters<DbClient['$transaction']>[0]>[0];
export type TransactionOptions = { maxWait?: number; timeout?: number; isolationLevel?: Prisma.TransactionIsolationLevel };

type Effect = () => void;
type Scope = { effects: Effect[] };

// One registry per process, also across Next's separately bundled server chunks (like the logger).
const globalForTx = globalThis as unknown as { k2TxScopes?: WeakMap<object, Scope> };
const scopes: WeakMap<object, Scope> = (globalForTx.k2TxScopes ??= new WeakMap());

/**
 * A Prisma interactive-transaction client: it has `$transaction` (nested transactions) but not `$disconnect`, which
 * Prisma withholds from transaction clients. A top-level client (the `db` proxy, a script's own) has both.
 */
function isTransactionClient(client: object): boolean {
  const c = client as { $transaction?: unknown; $disconnect?: unknown };
  return typeof c.$transaction === 'function' && typeof c.$disconnect !== 'function';
}

export class UnmanagedTransactionError extends Error {
  constructor() {
    super('This transaction client was not started by transaction() (lib/server/transaction.ts): use it, so that the writes\' side effects wait for the commit.');
    this.name = 'UnmanagedTransactionError';
  }
}

function scopeOf(client: object): Scope | null {
  const scope = scopes.get(client);
  if (scope) return scope;
  if (isTransactionClient(client)) throw new UnmanagedTransactionError();
  return null;
}

function run(effects: Effect[]): void {
  for (const effect of effects) {
    try {
      effect();
    } catch (error) {
      // The transaction is committed whatever happens here: its caller must not see a failure.
      try {
        log.error({ err: error, event: 'after-commit.failed' }, 'an after-commit effect failed');
      } catch {
        // nothing left to tell
      }
    }
  }
}

/**
 * How to run a side effect of a write made through `client`: call this before the write (it throws for a
 * transaction client of a raw `$transaction`, so nothing is written), then pass the effect to the function it returns
 * once the write has succeeded. See the module comment for when the effect runs.
 */
export function afterCommit(client: object): (effect: Effect) => void {
  const scope = scopeOf(client);
  return scope ? (effect) => void scope.effects.push(effect) : (effect) => run([effect]);
}

/**
 * `client.$transaction(fn, options)`, keeping track of what must wait for the commit. With the `tx` of another
 * `transaction()` as `client`, a nested transaction (a savepoint): its effects join the enclosing transaction's when
 * it succeeds and are dropped when it fails (the enclosing one may catch that and go on). Options (isolation level,
 * timeout, maxWait) are Prisma's.
 */
export async function transactionOn<T>(client: DbClient | Tx, fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  const parent = scopeOf(client);
  const scope: Scope = { effects: [] };
  const result = await (client as DbClient).$transaction(async (tx) => {
    scopes.set(tx, scope);
    const value = await fn(tx);
    // A statement that failed inside the callback, caught there, leaves PostgreSQL's transaction aborted, and COMMIT
    // then rolls back without an error. Before effects are released as committed, make sure it is not: a query in an
    // aborted transaction fails (25P02), and the transaction rejects. Only the outermost transaction, only when there
    // is something to release (a nested one is a savepoint; the enclosing transaction does this check).
    if (!parent && scope.effects.length > 0) await tx.$queryRaw`SELECT 1`;
    return value;
  }, options);
  if (parent) parent.effects.push(...scope.effects);
  else run(scope.effects);
  return result;
}

/** An interactive transaction on the app's database: `db.$transaction(fn, options)` with after-commit effects. */
export function transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return transactionOn(db, fn, options);
}
