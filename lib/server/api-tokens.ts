import 'server-only';
import { randomBytes } from 'node:crypto';
import { writeAudit, type AuditActor } from './audit';
import { db } from './db';
import { transaction } from './transaction';
import { hashApiToken } from './session';

export type ApiTokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; expiresAt: Date | null };

const TOKEN_SELECT = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, expiresAt: true } as const;
export const MAX_ACTIVE_TOKENS = 20;

export async function listApiTokens(userId: string): Promise<ApiTokenRow[]> {
  return db.apiToken.findMany({ where: { userId }, select: TOKEN_SELECT, orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }] });
}

/** Create a personal API token. The secret is returned once; only its SHA-256 is stored. */
export async function createApiToken(
  userId: string,
  name: string,
  actor: AuditActor,
  ip: string | null,
  expiresInDays = 90,
): Promise<{ token: string; row: ApiTokenRow } | { error: string }> {
  const token = `k2_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + expiresInDays * 86_400_000);
  return transaction(async (tx) => {
    const active = await tx.apiToken.count({ where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } });
    if (active >= MAX_ACTIVE_TOKENS) return { error: `You have ${MAX_ACTIVE_TOKENS} active tokens; revoke one first.` };
    const row = await tx.apiToken.create({
      data: { userId, name, tokenHash: hashApiToken(token), prefix: token.slice(0, 10), expiresAt },
      select: TOKEN_SELECT,
    });
    await writeAudit(tx, { actor, action: 'api-token.create', entity: 'ApiToken', entityId: row.id, ip, details: { name, expiresInDays } });
    return { token, row };
  });
}

/** Revoke one of the user's own tokens; another user's token id is "not found". */
export async function revokeApiToken(userId: string, tokenId: string, actor: AuditActor, ip: string | null): Promise<ApiTokenRow | null> {
  return transaction(async (tx) => {
    const existing = await tx.apiToken.findFirst({ where: { id: tokenId, userId }, select: TOKEN_SELECT });
    if (!existing) return null;
    if (existing.revokedAt) return existing;
    const row = await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, select: TOKEN_SELECT });
    await writeAudit(tx, { actor, action: 'api-token.revoke', entity: 'ApiToken', entityId: row.id, ip, details: { name: row.name } });
    return row;
  });
}
