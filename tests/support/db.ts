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
