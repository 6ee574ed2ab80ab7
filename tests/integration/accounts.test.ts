import { describe, expect, it } from 'vitest';
import { AccountError, createAccount, updateAccount } from '@/lib/server/accounts';
import { db } from '@/lib/server/db';
import { verifyLogin } from '@/lib/server/login';
import { verifyPassword } from '@/lib/server/passwords';
import { createAdmin, createClinician, uniqueEmail } from '../factories';

const tokenVersion = async (id: string): Promise<number> => (await db.user.findUniqueOrThrow({ where: { id } })).tokenVersion;

describe('accounts', () => {
  it('creates an account with an argon2id hash that is never selected by default', async () => {
    const admin = await createAdmin(db);
    const email = uniqueEmail('created');
    const account = await createAccount({ email, name: 'New', role: 'CLINICIAN', password: 'a created passphrase' }, { id: admin.id, email: admin.email }, '198.51.100.7');
    expect(account).not.toHaveProperty('passwordHash');
    const row = await db.user.findUniqueOrThrow({ where: { id: account.id } });
    expect(row).not.toHaveProperty('passwordHash');
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: account.id }, select: { passwordHash: true } });
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(passwordHash, 'a created passphrase')).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: account.id, action: 'account.create' } });
    expect(audit).toMatchObject({ actorId: admin.id, actor: admin.email, ip: '198.51.100.7' });
  });

  it('refuses a duplicate e-mail (any case) as a field error and writes no audit row', async () => {
    const admin = await createAdmin(db);
    const existing = await createClinician(db);
    const auditBefore = await db.auditEvent.count();
    const attempt = createAccount({ email: existing.email, name: 'Dup', role: 'CLINICIAN', password: 'a duplicate passphrase' }, { id: admin.id, email: admin.email }, null);
    await expect(attempt).rejects.toMatchObject({ status: 409, field: 'email' });
    await expect(attempt).rejects.toBeInstanceOf(AccountError);
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  it('ends live sessions (token version) on disable, password reset and role change — not on a rename', async () => {
    const admin = await createAdmin(db);
    const actor = { id: admin.id, email: admin.email };
    const user = await createClinician(db);
    await updateAccount(user.id, { name: 'Renamed' }, actor, null);
    expect(await tokenVersion(user.id)).toBe(0);
    await updateAccount(user.id, { disabled: true }, actor, null);
    expect(await tokenVersion(user.id)).toBe(1);
    await updateAccount(user.id, { disabled: false }, actor, null);
    expect(await tokenVersion(user.id)).toBe(1);
    await updateAccount(user.id, { password: 'a brand new passphrase' }, actor, null);
    expect(await tokenVersion(user.id)).toBe(2);
    await updateAccount(user.id, { role: 'ADMIN' }, actor, null);
    expect(await tokenVersion(user.id)).toBe(3);
    const actions = (await db.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['account.update', 'account.disable', 'account.enable', 'account.password-reset', 'account.update']);
  });

  it('clears a lockout when an admin sets a new password', async () => {
    const admin = await createAdmin(db);
    const user = await createClinician(db);
    for (let i = 0; i < 5; i++) await verifyLogin(user.email, 'wrong', null);
    expect((await verifyLogin(user.email, user.password, null)).ok).toBe(false);
    await updateAccount(user.id, { password: 'the reset passphrase' }, { id: admin.id, email: admin.email }, null);
    expect((await verifyLogin(user.email, 'the reset passphrase', null)).ok).toBe(true);
  });

  it('does not let an admin disable or demote themself, and 404s an unknown id', async () => {
    const admin = await createAdmin(db);
    const actor = { id: admin.id, email: admin.email };
    await expect(updateAccount(admin.id, { disabled: true }, actor, null)).rejects.toMatchObject({ status: 400 });
    await expect(updateAccount(admin.id, { role: 'CLINICIAN' }, actor, null)).rejects.toMatchObject({ status: 400 });
    await expect(updateAccount('00000000-0000-4000-8000-000000000000', { name: 'x' }, actor, null)).rejects.toMatchObject({ status: 404 });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe('ADMIN');
  });
});
