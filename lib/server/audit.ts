import 'server-only';
import type { Prisma } from './generated/prisma/client';
import { log } from './log';
import { afterCommit } from './transaction';

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
 * Append one audit row. Pass the transaction client (`tx` of `transaction()`, lib/server/transaction.ts) so that the
 * change and its audit row commit together; the table refuses UPDATE and DELETE (see the init migration).
 *
 * A security event is also logged, but only once its row is durable: after the insert with a plain client (`db`),
 * after the commit inside `transaction()` — and never if that rolls back, so the log never reports what did not
 * happen. A `tx` of a raw `$transaction` is refused (UnmanagedTransactionError) before anything is written.
 */
export async function writeAudit(client: AuditWriter, entry: AuditEntry): Promise<void> {
  const whenDurable = afterCommit(client);
  const line = securityLogLine(entry);
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
  if (line) whenDurable(() => (line.warning ? log.warn(line.fields, 'security event') : log.info(line.fields, 'security event')));
}

/** Audit actions that are security events, mirrored to the log (the audit table stays the record). */
const SECURITY_EVENT = /^(auth|api-token|account|cds-client)\./;
const WARNING_EVENT = /^auth\.(sign-in\.failed|sign-in\.refused-locked|lockout)$/;
/** The details a security log line may carry: counts, reasons and times — never the e-mail, names or changed values. */
const LOGGED_DETAILS = ['reason', 'consecutiveFailures', 'lockedUntil'] as const;

/**
 * A security event's log line: the action, the actor's user id (null for an unknown address: the e-mail is not
 * logged), the entity id, the client IP and a few whitelisted details.
 */
function securityLogLine(entry: AuditEntry): { fields: Record<string, unknown>; warning: boolean } | null {
  if (!SECURITY_EVENT.test(entry.action)) return null;
  const details = entry.details && typeof entry.details === 'object' && !Array.isArray(entry.details) ? (entry.details as Record<string, unknown>) : {};
  const safe = Object.fromEntries(LOGGED_DETAILS.filter((key) => ['string', 'number'].includes(typeof details[key])).map((key) => [key, details[key]]));
  const fields = { event: entry.action, userId: entry.actor.id, entityId: entry.entityId ?? null, ip: entry.ip ?? null, ...safe };
  return { fields, warning: WARNING_EVENT.test(entry.action) };
}
