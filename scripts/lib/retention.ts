/**
 * Retention of the append-only logs: audit events older than AUDIT_RETENTION_DAYS (default 2190 days = 6 years) and
 * CDS Hooks call/feedback rows older than CDS_LOG_RETENTION_DAYS (default 90), removed by the database functions of
 * the retention migration (audit_purge_before, cds_log_purge_before), which are the only way past the append-only
 * triggers and which record each purge as an audit event. Also the CDS card drafts past their `expiresAt` (patient
 * context kept for 60 minutes, lib/server/cds/drafts.ts): each new draft deletes the expired ones, and this catches
 * those left when no CDS call comes (a plain DELETE: the table is not append-only, and the purge is not audited, as
 * the drafts are not). Used by `npm run db:audit-retention`.
 */
import pg from 'pg';
import { z } from 'zod';

export const DEFAULT_AUDIT_RETENTION_DAYS = 2190;
export const DEFAULT_CDS_LOG_RETENTION_DAYS = 90;
/** Below these, a retention is a mistake until someone says --force: audit trails are usually kept for years. */
export const MIN_AUDIT_RETENTION_DAYS = 365;
export const MIN_CDS_LOG_RETENTION_DAYS = 30;

const Days = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} is a number of days.` })
    .int(`${name} is a whole number of days.`)
    .min(1, `${name} is at least 1 day.`)
    .max(36_500, `${name} is at most 36500 days.`)
    .default(fallback);

const RetentionEnv = z.object({
  AUDIT_RETENTION_DAYS: Days('AUDIT_RETENTION_DAYS', DEFAULT_AUDIT_RETENTION_DAYS),
  CDS_LOG_RETENTION_DAYS: Days('CDS_LOG_RETENTION_DAYS', DEFAULT_CDS_LOG_RETENTION_DAYS),
});
export type RetentionPolicy = { auditDays: number; cdsLogDays: number };

/** The policy from the environment; throws one readable line per problem, and for short retentions without force. */
export function retentionPolicy(env: Record<string, string | undefined>, force: boolean): RetentionPolicy {
  const parsed = RetentionEnv.safeParse({ AUDIT_RETENTION_DAYS: env.AUDIT_RETENTION_DAYS || undefined, CDS_LOG_RETENTION_DAYS: env.CDS_LOG_RETENTION_DAYS || undefined });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  const policy = { auditDays: parsed.data.AUDIT_RETENTION_DAYS, cdsLogDays: parsed.data.CDS_LOG_RETENTION_DAYS };
  const short: string[] = [];
  if (policy.auditDays < MIN_AUDIT_RETENTION_DAYS) short.push(`AUDIT_RETENTION_DAYS=${policy.auditDays} is under ${MIN_AUDIT_RETENTION_DAYS} days`);
  if (policy.cdsLogDays < MIN_CDS_LOG_RETENTION_DAYS) short.push(`CDS_LOG_RETENTION_DAYS=${policy.cdsLogDays} is under ${MIN_CDS_LOG_RETENTION_DAYS} days`);
  if (short.length && !force) throw new Error(`${short.join('; ')}: refused (pass --force if that is really the policy).`);
  return policy;
}

export type PurgeResult = { auditBefore: Date; cdsBefore: Date; audit: number; cdsCalls: number; cdsFeedback: number; cdsDrafts: number; dryRun: boolean };

/** Remove what is older than the cutoffs (or, dryRun, only count it). Each purge is one transaction with its audit row. */
export async function purgeBefore(url: string, cutoffs: { auditBefore: Date; cdsBefore: Date }, dryRun = false): Promise<PurgeResult> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const ready = await client.query(`SELECT 1 FROM pg_proc WHERE proname IN ('audit_purge_before', 'cds_log_purge_before') UNION ALL SELECT 1 WHERE to_regclass('"CdsDraft"') IS NOT NULL`);
    if (ready.rowCount !== 3) throw new Error('This database does not have the retention functions yet: run `npm run db:migrate` (or start the app) first.');
    if (dryRun) {
      const count = async (table: string, column: string, before: Date): Promise<number> =>
        Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${client.escapeIdentifier(table)} WHERE ${client.escapeIdentifier(column)} < $1`, [before])).rows[0]!.n);
      return {
        ...cutoffs,
        audit: await count('AuditEvent', 'at', cutoffs.auditBefore),
        cdsCalls: await count('CdsCall', 'at', cutoffs.cdsBefore),
        cdsFeedback: await count('CdsFeedback', 'at', cutoffs.cdsBefore),
        cdsDrafts: await count('CdsDraft', 'expiresAt', new Date()),
        dryRun,
      };
    }
    const audit = await client.query<{ n: string }>('SELECT audit_purge_before($1)::text AS n', [cutoffs.auditBefore]);
    const cds = await client.query<{ calls: string; feedback: string }>('SELECT calls::text, feedback::text FROM cds_log_purge_before($1)', [cutoffs.cdsBefore]);
    const drafts = await client.query('DELETE FROM "CdsDraft" WHERE "expiresAt" < now()');
    return { ...cutoffs, audit: Number(audit.rows[0]!.n), cdsCalls: Number(cds.rows[0]!.calls), cdsFeedback: Number(cds.rows[0]!.feedback), cdsDrafts: drafts.rowCount ?? 0, dryRun };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function cutoffsFor(policy: RetentionPolicy, now = new Date()): { auditBefore: Date; cdsBefore: Date } {
  const day = 86_400_000;
  return { auditBefore: new Date(now.getTime() - policy.auditDays * day), cdsBefore: new Date(now.getTime() - policy.cdsLogDays * day) };
}
