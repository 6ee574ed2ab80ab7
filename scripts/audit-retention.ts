/**
 * `npm run db:audit-retention [-- --dry-run] [--force]`: remove audit events older than AUDIT_RETENTION_DAYS (default
 * 2190 = 6 years; under 365 refused without --force), CDS Hooks call/feedback rows older than
 * CDS_LOG_RETENTION_DAYS (default 90; under 30 refused without --force), and the CDS card drafts past their own
 * 60-minute lifetime, from DATABASE_URL or the embedded database in DATA_DIR. Each purge of the logs is recorded as an
 * audit event. Meant to run daily (cron or a systemd timer: docs/DEPLOY.md).
 */
import { cutoffsFor, purgeBefore, retentionPolicy } from './lib/retention';
import { openScriptDb } from './lib/script-db';
import { runCli } from './lib/run-cli';

const log = (line: string): void => console.log(`[k2] ${line}`);

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--force' && a !== '--dry-run');
  if (unknown.length) {
    console.error('Usage: npm run db:audit-retention [-- --dry-run] [--force]');
    return 2;
  }
  let policy;
  try {
    policy = retentionPolicy(process.env, argv.includes('--force'));
  } catch (error) {
    console.error(`[k2] ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const db = await openScriptDb(log, { mustExist: true });
  try {
    const cutoffs = cutoffsFor(policy);
    const result = await purgeBefore(db.url, cutoffs, argv.includes('--dry-run'));
    const verb = result.dryRun ? 'Would remove' : 'Removed';
    log(`${verb} ${result.audit} audit event(s) before ${result.auditBefore.toISOString()} (${policy.auditDays} days), ` +
      `${result.cdsCalls} CDS call(s) + ${result.cdsFeedback} CDS feedback row(s) before ${result.cdsBefore.toISOString()} (${policy.cdsLogDays} days), ` +
      `and ${result.cdsDrafts} expired CDS card draft(s), from ${db.source}.`);
    return 0;
  } finally {
    await db.close();
  }
}

runCli('Retention', main);
