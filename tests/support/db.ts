import { afterAll, beforeAll, inject } from 'vitest';
import { createDb, type DbClient } from '@/lib/server/db-client';

/** A database client for a test file, with the function that closes its pool. */
export function openTestDb(url: string): { db: DbClient; close: () => Promise<void> } {
  const { db, pool } = createDb(url, 2);
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pool.end();
    },
  };
}

/**
 * An e2e file's client of the e2e app's database. Call it at the top of the file, before the file's own hooks: it
 * opens the client in a beforeAll that runs before theirs and closes it in an afterAll that runs after theirs
 * (vitest runs after-hooks in reverse order). The client can be used from the file's beforeAll on.
 */
export function e2eDatabase(): DbClient {
  let opened: ReturnType<typeof openTestDb> | undefined;
  beforeAll(() => {
    opened = openTestDb(inject('e2eDatabaseUrl'));
  });
  afterAll(async () => {
    await opened?.close();
    opened = undefined;
  });
  return new Proxy({} as DbClient, {
    get(_target, property) {
      if (!opened) throw new Error('e2eDatabase(): the database is used outside the hooks and tests of its file.');
      const value: unknown = Reflect.get(opened.db, property);
      return typeof value === 'function' ? value.bind(opened.db) : value;
    },
  });
}
