import 'server-only';
import { db } from './db';
import { transaction } from './transaction';
import { writeAudit } from './audit';
import { getDummyHash, verifyPassword } from './passwords';

/** NIST 800-63B allows up to 100; we lock sooner because these accounts see patient context. */
export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type LoginResult =
  | { ok: true; user: { id: string; email: string; name: string; role: 'CLINICIAN' | 'ADMIN'; tokenVersion: number } }
  | { ok: false; reason: 'invalid' | 'locked' };

/**
 * Check a sign-in attempt. Failures are counted per e-mail address in PostgreSQL (so the lockout holds across app
 * instances and restarts), for unknown addresses too, so that the answer never reveals whether an account exists.
 * While locked, even the right password is refused.
 */
export async function verifyLogin(emailInput: string, password: string, ip: string | null, now = new Date()): Promise<LoginResult> {
  const email = emailInput.trim().toLowerCase();
  const throttle = await db.loginThrottle.findUnique({ where: { email } });
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    await writeAudit(db, {
      actor: { id: null, email },
      action: 'auth.sign-in.refused-locked',
      entity: 'User',
      ip,
      details: { lockedUntil: throttle.lockedUntil.toISOString() },
    });
    return { ok: false, reason: 'locked' };
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, tokenVersion: true, disabled: true, passwordHash: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);

  if (user && passwordOk && !user.disabled) {
    await transaction(async (tx) => {
      await tx.loginThrottle.deleteMany({ where: { email } });
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
      await writeAudit(tx, { actor: { id: user.id, email }, action: 'auth.sign-in', entity: 'User', entityId: user.id, ip });
    });
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, tokenVersion: user.tokenVersion } };
  }

  // A failure. The increment is a single atomic UPSERT, so concurrent attempts cannot both read "4 failures".
  // An expired lock starts a fresh count.
  const locked = await transaction(async (tx) => {
    const expired = throttle?.lockedUntil && throttle.lockedUntil <= now;
    const row = expired
      ? await tx.loginThrottle.update({ where: { email }, data: { failures: 1, lastFailureAt: now, lockedUntil: null } })
      : await tx.loginThrottle.upsert({
          where: { email },
          create: { email, failures: 1, lastFailureAt: now },
          update: { failures: { increment: 1 }, lastFailureAt: now },
        });
    const reason = user?.disabled && passwordOk ? 'disabled' : 'bad-credentials';
    await writeAudit(tx, {
      actor: { id: user?.id ?? null, email },
      action: 'auth.sign-in.failed',
      entity: 'User',
      entityId: user?.id ?? null,
      ip,
      details: { reason, consecutiveFailures: row.failures },
    });
    if (row.failures >= MAX_CONSECUTIVE_FAILURES && !row.lockedUntil) {
      const lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
      await tx.loginThrottle.update({ where: { email }, data: { lockedUntil } });
      await writeAudit(tx, {
        actor: { id: user?.id ?? null, email },
        action: 'auth.lockout',
        entity: 'User',
        entityId: user?.id ?? null,
        ip,
        details: { lockedUntil: lockedUntil.toISOString(), consecutiveFailures: row.failures },
      });
      return true;
    }
    return false;
  });
  return { ok: false, reason: locked ? 'locked' : 'invalid' };
}
