import 'server-only';
import type { RegisterCdsClientInput } from '@/lib/domain/cds/clients';
import { writeAudit, type AuditActor } from '../audit';
import { db } from '../db';
import { transaction } from '../transaction';
import { Prisma } from '../generated/prisma/client';

export class CdsClientError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type CdsClientRow = { id: string; iss: string; name: string; enabled: boolean; createdAt: Date; keyCount: number; fhirServers: string[] };

export async function listCdsClients(): Promise<CdsClientRow[]> {
  const rows = await db.cdsClient.findMany({ orderBy: { createdAt: 'desc' } });
  return rows.map((r) => ({ id: r.id, iss: r.iss, name: r.name, enabled: r.enabled, createdAt: r.createdAt, fhirServers: r.fhirServers, keyCount: Array.isArray((r.jwks as { keys?: unknown }).keys) ? (r.jwks as { keys: unknown[] }).keys.length : 0 }));
}

/** Register a client (input validated by RegisterCdsClientSchema), audited in the same transaction. */
export async function registerCdsClient(input: Omit<RegisterCdsClientInput, 'fhirServers'> & { fhirServers?: string[] }, actor: AuditActor, ip: string | null): Promise<{ id: string; iss: string }> {
  try {
    return await transaction(async (tx) => {
      const row = await tx.cdsClient.create({ data: { iss: input.iss, name: input.name, jwks: input.jwks as unknown as Prisma.InputJsonValue, fhirServers: input.fhirServers ?? [] }, select: { id: true, iss: true } });
      await writeAudit(tx, { actor, action: 'cds-client.create', entity: 'CdsClient', entityId: row.id, ip, details: { iss: input.iss, name: input.name, keys: input.jwks.keys.length, fhirServers: input.fhirServers ?? [] } });
      return row;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new CdsClientError('A client with this issuer is already registered.', 'iss');
    throw error;
  }
}

export async function setCdsClientEnabled(id: string, enabled: boolean, actor: AuditActor, ip: string | null): Promise<{ iss: string }> {
  return transaction(async (tx) => {
    const found = await tx.cdsClient.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw new CdsClientError('No such client.');
    const row = await tx.cdsClient.update({ where: { id }, data: { enabled }, select: { iss: true } });
    await writeAudit(tx, { actor, action: enabled ? 'cds-client.enable' : 'cds-client.disable', entity: 'CdsClient', entityId: id, ip, details: { iss: row.iss } });
    return row;
  });
}

/** Replace a client's FHIR base URLs (validated by FhirServersSchema), audited in the same transaction. */
export async function setCdsClientFhirServers(id: string, fhirServers: string[], actor: AuditActor, ip: string | null): Promise<{ iss: string }> {
  return transaction(async (tx) => {
    const found = await tx.cdsClient.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw new CdsClientError('No such client.');
    const row = await tx.cdsClient.update({ where: { id }, data: { fhirServers }, select: { iss: true } });
    await writeAudit(tx, { actor, action: 'cds-client.fhir-servers', entity: 'CdsClient', entityId: id, ip, details: { iss: row.iss, fhirServers } });
    return row;
  });
}

export async function recentCdsCalls(limit = 50): Promise<Array<{ id: string; at: Date; serviceId: string; iss: string; hookInstance: string | null; cardsCount: number; status: number }>> {
  return db.cdsCall.findMany({ orderBy: { at: 'desc' }, take: limit });
}

export async function recentCdsFeedback(limit = 50): Promise<Array<{ id: string; at: Date; serviceId: string; iss: string; cardUuid: string; outcome: string; overrideReason: unknown; userComment: string | null }>> {
  return db.cdsFeedback.findMany({ orderBy: { at: 'desc' }, take: limit, select: { id: true, at: true, serviceId: true, iss: true, cardUuid: true, outcome: true, overrideReason: true, userComment: true } });
}
