import { describe, expect, it } from 'vitest';
import { db } from '@/lib/server/db';
import { createReport, rerunReport } from '@/lib/server/reports/service';
import { createClinician } from '../factories';

const context = { age: 58, sex: 'female', conditions: ['osteopenia', 'postmenopausal'], goals: ['bone'] };

describe('saving a report (one statement: the report row and its audit row)', () => {
  it('stores every column and the audit row, and a re-run points at its original', async () => {
    const user = await createClinician(db);
    const actor = { id: user.id, email: user.email };
    const report = await createReport(context, ' bed 4 ', actor, '203.0.113.9');

    const row = await db.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(row).toMatchObject({ authorId: user.id, patientRef: 'bed 4', evidenceVersion: report.evidenceVersion, rulesetVersion: report.rulesetVersion, headline: report.summary.headline, goals: ['bone'], rerunOf: null });
    expect(row.createdAt.toISOString()).toBe(report.createdAt);
    expect(row.report).toEqual(JSON.parse(JSON.stringify(report)));
    expect(row.context).toEqual(JSON.parse(JSON.stringify(report.context)));

    const audit = await db.auditEvent.findMany({ where: { entity: 'Report', entityId: report.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: user.id, actor: user.email, action: 'report.create', ip: '203.0.113.9', details: { evidenceVersion: report.evidenceVersion } });

    const rerun = (await rerunReport(user.id, report.id, actor, null))!;
    expect(await db.report.findUniqueOrThrow({ where: { id: rerun.id }, select: { rerunOf: true, patientRef: true } })).toEqual({ rerunOf: report.id, patientRef: 'bed 4' });
    const rerunAudit = await db.auditEvent.findFirstOrThrow({ where: { entity: 'Report', entityId: rerun.id } });
    expect(rerunAudit).toMatchObject({ action: 'report.rerun', ip: null, details: { evidenceVersion: rerun.evidenceVersion, rerunOf: report.id } });
  });

  it('is atomic: when the audit row cannot be written, the report is not saved either', async () => {
    const user = await createClinician(db);
    const before = await db.report.count({ where: { authorId: user.id } });
    // The audit row's actor column is NOT NULL: a missing e-mail makes that half of the statement fail.
    await expect(createReport(context, null, { id: user.id, email: null as unknown as string }, null)).rejects.toThrow();
    expect(await db.report.count({ where: { authorId: user.id } })).toBe(before);
  });
});
