import 'server-only';
import { db as appDb } from './db';

/** 'up' when PostgreSQL answers a trivial query within 3 seconds. */
export async function checkDatabase(db: { $queryRaw: typeof appDb.$queryRaw } = appDb): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('health check timed out')), 3_000);
    });
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
