import 'server-only';
import { db } from './db';

export type AuditRow = { id: string; at: Date; actor: string; action: string; entity: string; entityId: string | null; ip: string | null; details: unknown };

/** Newest first, keyset-paginated by id. */
export async function listAuditEvents(options: { before?: bigint; limit?: number; action?: string; actor?: string; entity?: string; entityId?: string }): Promise<AuditRow[]> {
  const rows = await db.auditEvent.findMany({
    where: {
      ...(options.before ? { id: { lt: options.before } } : {}),
      ...(options.action ? { action: { contains: options.action, mode: 'insensitive' as const } } : {}),
      ...(options.actor ? { actor: { contains: options.actor, mode: 'insensitive' as const } } : {}),
      ...(options.entity ? { entity: options.entity } : {}),
      ...(options.entityId ? { entityId: { contains: options.entityId, mode: 'insensitive' as const } } : {}),
    },
    orderBy: { id: 'desc' },
    take: Math.min(options.limit ?? 50, 200),
  });
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}
