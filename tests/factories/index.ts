/** Typed test factories on the real database (no mocks). */
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../../lib/server/db-client';
import { hashPassword } from '../../lib/server/passwords';

export type CreatedUser = { id: string; email: string; name: string; role: 'CLINICIAN' | 'ADMIN'; password: string };

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@test.local`;
}

export async function createUser(
  db: DbClient,
  overrides: Partial<{ email: string; name: string; role: 'CLINICIAN' | 'ADMIN'; password: string; disabled: boolean }> = {},
): Promise<CreatedUser> {
  const password = overrides.password ?? 'correct horse battery staple';
  const email = overrides.email ?? uniqueEmail(overrides.role === 'ADMIN' ? 'admin' : 'clinician');
  const user = await db.user.create({
    data: {
      email,
      name: overrides.name ?? 'Test User',
      role: overrides.role ?? 'CLINICIAN',
      disabled: overrides.disabled ?? false,
      passwordHash: await hashPassword(password),
    },
    select: { id: true, email: true, name: true, role: true },
  });
  return { ...user, password };
}

export function createClinician(db: DbClient, overrides: Parameters<typeof createUser>[1] = {}): Promise<CreatedUser> {
  return createUser(db, { ...overrides, role: 'CLINICIAN' });
}

export function createAdmin(db: DbClient, overrides: Parameters<typeof createUser>[1] = {}): Promise<CreatedUser> {
  return createUser(db, { ...overrides, role: 'ADMIN' });
}
