/**
 * Seed data for a new database. Now: the two demo accounts of SPEC "Running it" (embedded database, or SEED_DEMO=1).
 * Curated evidence content is seeded here too once it exists (issue 3). Idempotent: an existing account is left as it
 * is, except that an explicitly given DEMO_PASSWORD is applied to the demo accounts.
 */
import { writeAudit } from '../../lib/server/audit';
import { createDb } from '../../lib/server/db-client';
import { hashPassword, verifyPassword } from '../../lib/server/passwords';
import { transactionOn } from '../../lib/server/transaction';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.local', name: 'Demo Admin', role: 'ADMIN' },
  { email: 'clinician@demo.local', name: 'Demo Clinician', role: 'CLINICIAN' },
] as const;

export async function seedDemoAccounts(
  databaseUrl: string,
  password: string,
  options: { applyPassword: boolean },
  log: (line: string) => void = () => undefined,
): Promise<Array<{ email: string; passwordWorks: boolean }>> {
  const { db, pool } = createDb(databaseUrl, 2);
  // Whether `password` signs each account in afterwards: an existing account keeps its own password unless
  // applyPassword, so the caller must not print `password` for one whose password was changed (or kept elsewhere).
  const result: Array<{ email: string; passwordWorks: boolean }> = [];
  try {
    for (const account of DEMO_ACCOUNTS) {
      const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true, passwordHash: true } });
      if (!existing) {
        const passwordHash = await hashPassword(password);
        await transactionOn(db, async (tx) => {
          const user = await tx.user.create({ data: { ...account, passwordHash }, select: { id: true } });
          await writeAudit(tx, { actor: { id: null, email: 'system' }, action: 'seed.demo-account', entity: 'User', entityId: user.id, details: { email: account.email } });
        });
        log(`Created demo account ${account.email}`);
      } else if (options.applyPassword && !(await verifyPassword(existing.passwordHash, password))) {
        const passwordHash = await hashPassword(password);
        await transactionOn(db, async (tx) => {
          await tx.user.update({ where: { id: existing.id }, data: { passwordHash, tokenVersion: { increment: 1 }, disabled: false } });
          await tx.loginThrottle.deleteMany({ where: { email: account.email } });
          await writeAudit(tx, { actor: { id: null, email: 'system' }, action: 'seed.demo-password', entity: 'User', entityId: existing.id, details: { email: account.email } });
        });
        log(`Applied DEMO_PASSWORD to ${account.email}`);
      } else if (!options.applyPassword && !(await verifyPassword(existing.passwordHash, password))) {
        result.push({ email: account.email, passwordWorks: false });
        continue;
      }
      result.push({ email: account.email, passwordWorks: true });
    }
    return result;
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

/**
 * Seed the curated evidence (content/*.json) through the same import as admins use, marked as the seed's: new
 * entries are created, entries the seed wrote are brought up to the files, entries an admin changed are left alone.
 * Needs DATABASE_URL (and AUTH_SECRET) in the environment, like the app itself.
 */
export async function seedEvidence(log: (line: string) => void = () => undefined): Promise<void> {
  const { readContent } = await import('./content');
  const { importEvidence } = await import('../../lib/server/evidence/service');
  const result = await importEvidence(await readContent(), { id: null, email: 'system:seed' }, null, { seed: true });
  if (!result.ok) {
    throw new Error(`The curated content in content/ is invalid:\n${result.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
  if (result.created + result.updated > 0) log(`Evidence seeded: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged.`);
}
