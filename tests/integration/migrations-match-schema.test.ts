// The SQL migrations (applied by node-pg-migrate) and prisma/schema.prisma must describe the same database: any
// difference means a hand edit to a migration, or a schema change whose migration was never written. The harness
// supplies DATABASE_URL pointing at a freshly migrated database.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { diffDatabaseToSchema } from '../../scripts/lib/schema-engine';

const SCHEMA_PATH = path.join(process.cwd(), 'prisma', 'schema.prisma'); // vitest runs from the repository root

describe('migrations match the Prisma schema', () => {
  it('leaves nothing for the schema engine to change in a freshly migrated database', async () => {
    const databaseUrl = process.env.DATABASE_URL;
    expect(databaseUrl, 'DATABASE_URL must point at a freshly migrated database').toBeTruthy();
    const schema = readFileSync(SCHEMA_PATH, 'utf8');

    const pending = await diffDatabaseToSchema(databaseUrl ?? '', schema);

    expect(
      pending,
      'The migrated database differs from prisma/schema.prisma. SQL that would reconcile it:\n\n' + pending,
    ).toBe('');
  }, 30_000);
});
