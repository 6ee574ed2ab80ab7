import { describe, expect, it } from 'vitest';
import { db } from '@/lib/server/db';
import { LOCKOUT_MS, MAX_CONSECUTIVE_FAILURES, verifyLogin } from '@/lib/server/login';
import { createClinician, uniqueEmail } from '../factories';

describe('verifyLogin (lockout kept in PostgreSQL)', () => {
  it('signs in with the right password and audits it', async () => {
    const user = await createClinician(db);
    const result = await verifyLogin(user.email.toUpperCase(), user.password, '203.0.113.9');
    expect(result).toMatchObject({ ok: true, user: { id: user.id, role: 'CLINICIAN', tokenVersion: 0 } });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id, action: 'auth.sign-in' } });
    expect(audit.ip).toBe('203.0.113.9');
  });

  it('locks after 5 consecutive failures; the right password is then refused until the lock expires', async () => {
    const user = await createClinician(db);
    const now = new Date();
    for (let i = 1; i < MAX_CONSECUTIVE_FAILURES; i++) expect(await verifyLogin(user.email, 'wrong', null, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLogin(user.email, 'wrong', null, now)).toEqual({ ok: false, reason: 'locked' });
    expect(await verifyLogin(user.email, user.password, null, now)).toEqual({ ok: false, reason: 'locked' });
    expect(await verifyLogin(user.email, user.password, null, new Date(now.getTime() + LOCKOUT_MS - 1000))).toEqual({ ok: false, reason: 'locked' });

    const later = new Date(now.getTime() + LOCKOUT_MS + 1000);
    expect((await verifyLogin(user.email, user.password, null, later)).ok).toBe(true);
    expect(await db.loginThrottle.findUnique({ where: { email: user.email } })).toBeNull();

    const actions = (await db.auditEvent.findMany({ where: { actor: user.email }, orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.sign-in.failed')).toHaveLength(5);
    expect(actions.filter((a) => a === 'auth.lockout')).toHaveLength(1);
    expect(actions.filter((a) => a === 'auth.sign-in.refused-locked')).toHaveLength(2);
  });

  it('counts a fresh run of failures after a lock has expired', async () => {
    const user = await createClinician(db);
    const now = new Date();
    for (let i = 0; i < MAX_CONSECUTIVE_FAILURES; i++) await verifyLogin(user.email, 'wrong', null, now);
    const later = new Date(now.getTime() + LOCKOUT_MS + 1000);
    expect(await verifyLogin(user.email, 'wrong again', null, later)).toEqual({ ok: false, reason: 'invalid' });
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { email: user.email } })).failures).toBe(1);
  });

  it('treats an unknown address exactly like a known one, lockout included', async () => {
    const email = uniqueEmail('ghost');
    for (let i = 1; i < MAX_CONSECUTIVE_FAILURES; i++) expect(await verifyLogin(email, 'anything', null)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLogin(email, 'anything', null)).toEqual({ ok: false, reason: 'locked' });
  });

  it('refuses a disabled account even with the right password', async () => {
    const user = await createClinician(db, { disabled: true });
    expect(await verifyLogin(user.email, user.password, null)).toEqual({ ok: false, reason: 'invalid' });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id, action: 'auth.sign-in.failed' } });
    expect(audit.details).toMatchObject({ reason: 'disabled' });
  });

  it('holds under concurrent failures: exactly one lockout, no lost increments', async () => {
    const user = await createClinician(db);
    const results = await Promise.all(Array.from({ length: 8 }, () => verifyLogin(user.email, 'wrong', null)));
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(1);
    expect(await db.auditEvent.count({ where: { actor: user.email, action: 'auth.lockout' } })).toBe(1);
    expect(await verifyLogin(user.email, user.password, null)).toEqual({ ok: false, reason: 'locked' });
  });
});
