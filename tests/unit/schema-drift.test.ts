// Keeps prisma/schema.prisma, prisma/schema.snapshot.prisma and prisma/migrations in step: a schema change that
// alters the database must come with a migration (`npm run db:new-migration -- <name>`), which also refreshes the
// snapshot. Runs offline through the wasm schema engine (scripts/lib/schema-engine.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { diffSchemas } from '../../scripts/lib/schema-engine';

const ROOT = process.cwd(); // vitest runs from the repository root
const SCHEMA_PATH = path.join(ROOT, 'prisma', 'schema.prisma');
const SNAPSHOT_PATH = path.join(ROOT, 'prisma', 'schema.snapshot.prisma');
const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');

const MIGRATION_FILE_PATTERN = /^\d{14}_[a-z0-9_]+\.sql$/;

describe('database schema drift', () => {
  it('has a migration for every database change in prisma/schema.prisma', async () => {
    const schema = readFileSync(SCHEMA_PATH, 'utf8');
    const snapshot = readFileSync(SNAPSHOT_PATH, 'utf8');

    const pending = await diffSchemas(snapshot, schema);

    expect(
      pending,
      'prisma/schema.prisma changes the database but no migration covers it. ' +
        'Run `npm run db:new-migration -- <name>`, review and commit the SQL. Pending SQL:\n\n' + pending,
    ).toBe('');
  });

  it('keeps the migrations folder in the format node-pg-migrate runs', () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((file) => !file.startsWith('.'));

    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file, `unexpected file in prisma/migrations: ${file}`).toMatch(MIGRATION_FILE_PATTERN);
      const content = readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      expect(content.startsWith('-- Up Migration'), `${file} must start with "-- Up Migration"`).toBe(true);
    }
  });

  it('detects drift: a model missing from the snapshot produces CREATE TABLE', async () => {
    const snapshot = readFileSync(SNAPSHOT_PATH, 'utf8');
    const withNewModel = `${snapshot}\nmodel DriftProbe {\n  id Int @id\n}\n`;

    const pending = await diffSchemas(snapshot, withNewModel);

    expect(pending).toContain('CREATE TABLE "DriftProbe"');
  });
});
