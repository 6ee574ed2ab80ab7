import 'server-only';
import { randomUUID } from 'node:crypto';
import { parsePatientContext, type PatientContext } from '@/lib/domain/patient-context';
import { UuidSchema } from '@/lib/domain/schemas/accounts';
import { buildReport } from '@/lib/domain/report/build-report';
import type { Report } from '@/lib/domain/report/types';
import { writeAudit, type AuditActor } from '../audit';
import { db, readReports } from '../db';
import { getEvidenceVersion } from '../evidence/service';
import type { Prisma } from '../generated/prisma/client';
import { getEvidenceSnapshot } from './snapshot';

export const PATIENT_REF_MAX = 40;

export class ReportInputError extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    super('Some fields of the patient context are not valid.');
  }
}

export type SavedReport = { report: Report; patientRef: string | null; stale: boolean; currentEvidenceVersion: string; rerunOf: string | null };
/** A history row: `patient` is age and sex in words, `medicines` the names as entered (issue 14: history rows say who). */
export type ReportListItem = { id: string; createdAt: string; patientRef: string | null; headline: string; goals: string[]; evidenceVersion: string; patient: string; medicines: string[] };

type SavedContext = { age?: unknown; sex?: unknown; pregnancy?: unknown; medications?: Array<{ name?: unknown }> };

function patientWords(context: unknown): { patient: string; medicines: string[] } {
  const c = (context ?? {}) as SavedContext;
  const age = typeof c.age === 'number' ? (c.age === 0 ? 'under 1 year' : `${c.age} y`) : '';
  const sex = typeof c.sex === 'string' ? c.sex : '';
  const pregnancy = c.pregnancy === 'pregnant' || c.pregnancy === 'breastfeeding' ? c.pregnancy : '';
  const medicines = Array.isArray(c.medications) ? c.medications.flatMap((m) => (typeof m?.name === 'string' ? [m.name] : [])) : [];
  return { patient: [age, sex, pregnancy].filter(Boolean).join(', '), medicines };
}

/** An optional short patient reference: never a name or an identifier (the form says so); letters, digits, - _ . # / and spaces. */
export function parsePatientRef(value: unknown): { ok: true; value: string | null } | { ok: false; message: string } {
  if (value === undefined || value === null || value === '') return { ok: true, value: null };
  if (typeof value !== 'string') return { ok: false, message: 'The patient reference is text.' };
  const trimmed = value.trim();
  if (trimmed.length > PATIENT_REF_MAX) return { ok: false, message: `Use at most ${PATIENT_REF_MAX} characters.` };
  if (!/^[\p{L}\p{N} _.#/-]*$/u.test(trimmed)) return { ok: false, message: 'Use letters, digits, spaces and - _ . # / only.' };
  return { ok: true, value: trimmed || null };
}

/** Build a report from a context (validated here) and save it, with its audit row, in one transaction. */
export async function createReport(input: unknown, patientRefInput: unknown, actor: AuditActor & { id: string }, ip: string | null, rerunOf: string | null = null): Promise<Report> {
  const parsed = parsePatientContext(input);
  const ref = parsePatientRef(patientRefInput);
  if (!parsed.ok || !ref.ok) throw new ReportInputError({ ...(parsed.ok ? {} : parsed.fields), ...(ref.ok ? {} : { patientRef: [ref.message] }) });
  return saveReport(parsed.context, ref.value, actor, ip, rerunOf);
}

async function saveReport(context: PatientContext, patientRef: string | null, actor: AuditActor & { id: string }, ip: string | null, rerunOf: string | null): Promise<Report> {
  const snapshot = await getEvidenceSnapshot();
  const body = buildReport(context, snapshot);
  const report: Report = { id: randomUUID(), createdAt: new Date().toISOString(), ...body };
  // Audit the fact, not the patient: no context in the audit row.
  const details = { evidenceVersion: report.evidenceVersion, ...(rerunOf ? { rerunOf } : {}) };
  const action = rerunOf ? 'report.rerun' : 'report.create';
  // The report row and its audit row in ONE statement (atomic by itself, so no transaction around it): one round trip
  // instead of four (BEGIN, two INSERTs, COMMIT), and the report's JSON is passed as one text parameter instead of
  // being walked value by value by the query builder — together about a fifth of the CPU of a report POST
  // (docs/BENCHMARKS.md). Every value is a bound parameter. The audit columns are those writeAudit() fills
  // (lib/server/audit.ts); tests/integration/reports-save.test.ts reads both rows back.
  await db.$executeRaw`
    WITH saved AS (
      INSERT INTO "Report" ("id", "authorId", "createdAt", "patientRef", "evidenceVersion", "rulesetVersion", "context", "report", "headline", "goals", "rerunOf")
      VALUES (${report.id}::uuid, ${actor.id}::uuid, ${new Date(report.createdAt)}, ${patientRef}, ${report.evidenceVersion}, ${report.rulesetVersion},
              ${JSON.stringify(report.context)}::jsonb, ${JSON.stringify(report)}::jsonb, ${report.summary.headline}, ${report.goals.map((g) => g.goal)}::text[], ${rerunOf}::uuid)
      RETURNING "id"
    )
    INSERT INTO "AuditEvent" ("actorId", "actor", "action", "entity", "entityId", "ip", "details")
    SELECT ${actor.id}::uuid, ${actor.email}, ${action}, 'Report', saved."id"::text, ${ip}, ${JSON.stringify(details)}::jsonb FROM saved`;
  return report;
}

/**
 * One of the user's own report rows (all columns, or `select`). From the read replica when there is one; a report
 * written a moment ago may not have reached it yet (the form redirects straight to the new report), so a miss there
 * is asked of the primary before it is a 404.
 */
async function findOwnReport(userId: string, id: string): Promise<Prisma.ReportGetPayload<object> | null>;
async function findOwnReport<S extends Prisma.ReportSelect>(userId: string, id: string, select: S): Promise<Prisma.ReportGetPayload<{ select: S }> | null>;
async function findOwnReport(userId: string, id: string, select?: Prisma.ReportSelect): Promise<unknown> {
  const where = { id, authorId: userId };
  const read = await readReports(async (reader) => ({ row: await reader.report.findFirst({ where, ...(select ? { select } : {}) }), replicated: reader.replicated }));
  return read.row ?? (read.replicated ? await db.report.findFirst({ where, ...(select ? { select } : {}) }) : null);
}

/** One of the user's own reports; anyone else's does not exist (null → 404). Viewing is audited. */
export async function getOwnReport(userId: string, id: string, actor: AuditActor, ip: string | null, audit = true): Promise<SavedReport | null> {
  // Only a real UUID reaches the database (36 hex digits and dashes that are not a UUID made PostgreSQL throw: a 500).
  if (!UuidSchema.safeParse(id).success) return null;
  const row = await findOwnReport(userId, id);
  if (!row) return null;
  if (audit) await writeAudit(db, { actor, action: 'report.view', entity: 'Report', entityId: id, ip });
  const currentEvidenceVersion = await getEvidenceVersion();
  return {
    report: row.report as unknown as Report,
    patientRef: row.patientRef,
    stale: row.evidenceVersion !== currentEvidenceVersion,
    currentEvidenceVersion,
    rerunOf: row.rerunOf,
  };
}

/** What the report page needs besides the body (issue 14): no JSON columns, so a view of a cached report reads little. */
export type SavedReportHeader = { id: string; createdAt: string; patientRef: string | null; rulesetVersion: string; stale: boolean };

/**
 * The permission check and audit of a report view, without the report itself: one of the user's own reports (anyone
 * else's does not exist: null → 404). Viewing is audited. The body comes from the cache (body-cache.ts) or, on a miss,
 * from getOwnReportBody().
 */
export async function getOwnReportHeader(userId: string, id: string, actor: AuditActor, ip: string | null): Promise<SavedReportHeader | null> {
  if (!UuidSchema.safeParse(id).success) return null;
  const row = await findOwnReport(userId, id, { id: true, createdAt: true, patientRef: true, rulesetVersion: true, evidenceVersion: true });
  if (!row) return null;
  // The audit row and the current evidence version in ONE statement (a data-modifying WITH always runs to completion):
  // one round trip instead of two. The columns are those writeAudit() fills (lib/server/audit.ts); 'report.view' is
  // not a security event, so writeAudit() would log nothing either. Every value is a bound parameter.
  const [state] = await db.$queryRaw<Array<{ version: string | null }>>`
    WITH audited AS (
      INSERT INTO "AuditEvent" ("actorId", "actor", "action", "entity", "entityId", "ip", "details")
      VALUES (${actor.id ?? null}::uuid, ${actor.email}, 'report.view', 'Report', ${id}, ${ip}, '{}'::jsonb)
    )
    SELECT (SELECT "evidenceVersion" FROM "EvidenceState" WHERE "id" = 1) AS "version"`;
  const currentEvidenceVersion = state?.version ?? (await getEvidenceVersion());
  return { id: row.id, createdAt: row.createdAt.toISOString(), patientRef: row.patientRef, rulesetVersion: row.rulesetVersion, stale: row.evidenceVersion !== currentEvidenceVersion };
}

/** The saved report itself, for a body-cache miss after getOwnReportHeader() has checked and audited the view. */
export async function getOwnReportBody(userId: string, id: string): Promise<Report> {
  const row = await db.report.findFirst({ where: { id, authorId: userId }, select: { report: true } });
  if (!row) throw new Error('The report is gone.');
  return row.report as unknown as Report;
}

/** Re-run a saved report on the current evidence: a new report; the old one stays as it was. */
export async function rerunReport(userId: string, id: string, actor: AuditActor & { id: string }, ip: string | null): Promise<Report | null> {
  const row = await db.report.findFirst({ where: { id, authorId: userId }, select: { context: true, patientRef: true } });
  if (!row) return null;
  // The saved context is already normalised; re-parse its input part so that today's rules apply to it.
  const { normalized: _normalized, ...input } = row.context as unknown as PatientContext;
  return createReport(input, row.patientRef, actor, ip, id);
}

export async function listOwnReports(userId: string, filters: { patientRef?: string; medicine?: string; from?: Date; to?: Date; limit?: number }): Promise<ReportListItem[]> {
  const rows = await readReports((reader) => reader.report.findMany({
    where: {
      authorId: userId,
      ...(filters.patientRef ? { patientRef: { contains: filters.patientRef, mode: 'insensitive' } } : {}),
      ...(filters.from || filters.to ? { createdAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {}),
    },
    select: { id: true, createdAt: true, patientRef: true, headline: true, goals: true, evidenceVersion: true, context: true },
    orderBy: { createdAt: 'desc' },
    // A medicine search is applied to the newest 500 (the names live inside the saved context).
    take: filters.medicine ? 500 : Math.min(filters.limit ?? 100, 500),
  }));
  const needle = filters.medicine?.trim().toLowerCase();
  const items = rows.map(({ context, ...r }) => ({ ...r, createdAt: r.createdAt.toISOString(), ...patientWords(context) }));
  return (needle ? items.filter((r) => r.medicines.some((m) => m.toLowerCase().includes(needle))) : items).slice(0, Math.min(filters.limit ?? 100, 500));
}
