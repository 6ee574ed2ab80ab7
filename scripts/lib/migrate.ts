/**
 * Applies the committed SQL migrations (prisma/migrations/*.sql) with node-pg-migrate: it records what ran in
 * `pgmigrations`, holds an advisory lock so that two starts never migrate at once, and runs all pending files in one
 * transaction. The SQL itself is produced offline by scripts/new-migration.ts (see ARCHITECTURE.md).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');

/**
 * Run every pending migration (or only the first `count`: a restore recreates the schema its backup was taken at);
 * returns the names of those applied now.
 */
export async function runMigrations(databaseUrl: string, log: (line: string) => void = () => undefined, count = Infinity): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count,
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    // node-pg-migrate prints every statement through info(); keep our output to one line per migration.
    logger: { debug: () => undefined, info: () => undefined, warn: (m: string) => log(m), error: (m: string) => log(m) },
  });
  for (const migration of applied) log(`Applied migration ${migration.name}`);
  return applied.map((m) => m.name);
}
