import type { TestProject } from 'vitest/node';
import { startTestDb } from './test-db';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** Integration tests run against a real PostgreSQL (embedded), migrated with the project's own migrations. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await startTestDb('integration');
  project.provide('databaseUrl', db.url);
  return () => db.stop();
}
