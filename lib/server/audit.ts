import 'server-only';
import type { Prisma } from './generated/prisma/client';

export type AuditActor = { id: string | null; email: string };
export type AuditEntry = {
  actor: AuditActor;
  action: string;
  entity: string;
  entityId?: string | null;
  ip?: string | null;
  details?: Prisma.InputJsonValue;
};

type AuditWriter = { auditEvent: { create: (args: { data: Prisma.AuditEventUncheckedCreateInput }) => Promise<unknown> } };

export const SYSTEM_ACTOR: AuditActor = { id: null, email: 'system' };

/**
 * Append one audit row. Pass the transaction client (`tx`) so that the change and its audit row commit together;
 * the table refuses UPDATE and DELETE (see the init migration).
 */
export async function writeAudit(client: AuditWriter, entry: AuditEntry): Promise<void> {
  await client.auditEvent.create({
    data: {
      actorId: entry.actor.id,
      actor: entry.actor.email,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
    },
  });
}
