/**
 * `npm run db:seed`: the curated evidence of content/ (as `npm start` seeds it: new entries created, the seed's own
 * entries brought up to the files, entries an admin changed left alone), into DATABASE_URL or the embedded database
 * in DATA_DIR. For deployments that run `next start` directly (docs/DEPLOY.md): run it once per release, after
 * `npm run db:migrate`. Demo accounts are not created here.
 */
import { closeDb } from '../lib/server/db';
import { openScriptDb } from './lib/script-db';
import { seedEvidence } from './lib/seed';

const log = (line: string): void => console.log(`[k2] ${line}`);

async function main(): Promise<void> {
  const db = await openScriptDb(log, { mustExist: true });
  try {
    // The import runs through the app's own services, which read their configuration from the environment.
    process.env.DATABASE_URL = db.url;
    process.env.AUTH_SECRET ||= 'db-seed-does-not-sign-anything-0123456789';
    await seedEvidence(log);
    log(`Curated evidence is up to date in ${db.source}.`);
  } finally {
    await closeDb();
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[k2] Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
