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

/** A registered CDS Hooks client (an EHR) with the given public JWK Set. */
export async function createCdsClient(db: DbClient, overrides: { iss?: string; name?: string; jwks: { keys: object[] }; enabled?: boolean; fhirServers?: string[] }): Promise<{ id: string; iss: string }> {
  return db.cdsClient.create({
    data: { iss: overrides.iss ?? `https://ehr-${randomUUID().slice(0, 8)}.test`, name: overrides.name ?? 'Test EHR', jwks: overrides.jwks, enabled: overrides.enabled ?? true, fhirServers: overrides.fhirServers ?? [] },
    select: { id: true, iss: true },
  });
}
