import 'server-only';
import { writeAudit } from './audit';
import { transaction } from './transaction';
import type { SessionUser } from './session';

/** Revoke a cookie session by its id until it could have expired anyway, and audit the sign-out. */
export async function endSession(user: SessionUser, expiresAt: Date, ip: string | null): Promise<void> {
  if (!user.sid) return;
  const sid = user.sid;
  await transaction(async (tx) => {
    await tx.revokedSession.upsert({ where: { sid }, create: { sid, userId: user.id, expiresAt }, update: {} });
    await tx.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await writeAudit(tx, { actor: { id: user.id, email: user.email }, action: 'auth.sign-out', entity: 'User', entityId: user.id, ip });
  });
}
