import { describe, expect, it } from 'vitest';
import { db } from '@/lib/server/db';
import { verifyPassword } from '@/lib/server/passwords';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../scripts/lib/seed';

const hashOf = async (email: string): Promise<string> => (await db.user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } })).passwordHash;

describe('demo account seed', () => {
  it('creates both accounts once, keeps them on re-seed, and applies an explicit DEMO_PASSWORD', async () => {
    const url = process.env.DATABASE_URL!;
    const created = await seedDemoAccounts(url, 'first demo passphrase', { applyPassword: false });
    expect(created).toEqual(DEMO_ACCOUNTS.map((a) => ({ email: a.email, passwordWorks: true })));
    // Re-seeded with the same password: it still works. With another (a lost password file, or an account whose
    // password was changed in the app): the accounts keep theirs, and the seed says the given one does not sign in.
    expect(await seedDemoAccounts(url, 'first demo passphrase', { applyPassword: false })).toEqual(created);
    expect(await seedDemoAccounts(url, 'another passphrase!!', { applyPassword: false })).toEqual(DEMO_ACCOUNTS.map((a) => ({ email: a.email, passwordWorks: false })));
    for (const account of DEMO_ACCOUNTS) {
      const user = await db.user.findUniqueOrThrow({ where: { email: account.email } });
      expect(user.role).toBe(account.role);
      expect(await verifyPassword(await hashOf(account.email), 'first demo passphrase')).toBe(true);
    }
    expect(await db.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } })).toBe(2);

    expect(await seedDemoAccounts(url, 'the chosen demo passphrase', { applyPassword: true })).toEqual(created);
    const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@demo.local' } });
    expect(await verifyPassword(await hashOf('admin@demo.local'), 'the chosen demo passphrase')).toBe(true);
    expect(admin.tokenVersion).toBe(1);
  });
});
