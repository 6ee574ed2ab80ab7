import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdmin, createClinician } from '../factories';
import { trialEntry } from '../fixtures/evidence';
import { e2eDatabase } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';
import { loadScenarios, scenarioProblems } from '../support/scenarios';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let clinician: HttpSession;
let otherClinician: HttpSession;
let admin: HttpSession;

beforeAll(async () => {
  const [c1, c2, a] = [await createClinician(db), await createClinician(db), await createAdmin(db)];
  clinician = (await signInHttp(baseUrl, c1.email, c1.password))!;
  otherClinician = (await signInHttp(baseUrl, c2.email, c2.password))!;
  admin = (await signInHttp(baseUrl, a.email, a.password))!;
});

describe('POST /api/v1/reports: the public scenarios', () => {
  for (const scenario of loadScenarios()) {
    it(`${scenario.file}: ${scenario.name}`, async () => {
      const created = await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, body: scenario.context });
      expect(created.status, JSON.stringify(created.body).slice(0, 500)).toBe(201);
      const report = created.body as never as Parameters<typeof scenarioProblems>[1] & { id: string; references: Array<{ id: string }>; handout: { readingGrade: number } };
      expect(scenarioProblems(scenario, report)).toEqual([]);
      const fetched = await api(baseUrl, `/api/v1/reports/${report.id}`, { session: clinician });
      expect(fetched.status).toBe(200);
      expect(fetched.body.id).toBe(report.id);
      console.log(`[reading grade] ${scenario.file}: ${report.handout.readingGrade}`);
    });
  }
});

describe('report access', () => {
  it('shows a report to its author only: another clinician and an admin get 404; no session gets 401', async () => {
    const created = await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, body: { age: 50, sex: 'male', goals: ['bone'], patientRef: 'ref 12' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await api(baseUrl, `/api/v1/reports/${id}`, { session: clinician })).status).toBe(200);
    expect((await api(baseUrl, `/api/v1/reports/${id}`, { session: otherClinician })).status).toBe(404);
    expect((await api(baseUrl, `/api/v1/reports/${id}`, { session: admin })).status).toBe(404);
    expect((await api(baseUrl, `/api/v1/reports/${id}`)).status).toBe(401);
    expect((await api(baseUrl, `/api/v1/reports/${id}/rerun`, { method: 'POST', session: otherClinician })).status).toBe(404);
    const page = await fetch(`${baseUrl}/reports/${id}`, { headers: { cookie: otherClinician.cookie } });
    expect(page.status).toBe(404);
    const list = await api(baseUrl, '/api/v1/reports?patientRef=ref%2012', { session: clinician });
    expect((list.body.reports as Array<{ id: string }>).map((r) => r.id)).toContain(id);
    const otherList = await api(baseUrl, '/api/v1/reports', { session: otherClinician });
    expect((otherList.body.reports as Array<{ id: string }>).map((r) => r.id)).not.toContain(id);
    const audit = await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['report.create', 'report.view']);
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain('ref 12');
  });

  it('flags a report whose evidence has changed, and a re-run makes a new report while the old one stays', async () => {
    const created = await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, body: { age: 60, sex: 'female', goals: ['cardiovascular'] } });
    const id = created.body.id as string;
    expect((await api(baseUrl, `/api/v1/reports/${id}`, { session: clinician })).body.evidenceChanged).toBe(false);

    const entry = trialEntry();
    expect((await api(baseUrl, '/api/v1/trials', { method: 'POST', session: admin, body: entry })).status).toBe(201);
    expect((await api(baseUrl, `/api/v1/trials/${entry.id}/publish`, { method: 'POST', session: admin })).status).toBe(200);

    const old = await api(baseUrl, `/api/v1/reports/${id}`, { session: clinician });
    expect(old.body.evidenceChanged).toBe(true);
    const rerun = await api(baseUrl, `/api/v1/reports/${id}/rerun`, { method: 'POST', session: clinician });
    expect(rerun.status).toBe(201);
    expect(rerun.body.id).not.toBe(id);
    expect(rerun.body.evidenceVersion).not.toBe(created.body.evidenceVersion);
    const again = await api(baseUrl, `/api/v1/reports/${id}`, { session: clinician });
    expect(again.body.evidenceVersion).toBe(created.body.evidenceVersion);
    expect(again.body.createdAt).toBe(created.body.createdAt);
    await api(baseUrl, `/api/v1/trials/${entry.id}/retract`, { method: 'POST', session: admin });
  });

  it('never changes a saved report', async () => {
    const created = await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, body: { age: 40, sex: 'male', goals: ['general'] } });
    await expect(db.$executeRaw`UPDATE "Report" SET headline = 'changed' WHERE id = ${created.body.id as string}::uuid`).rejects.toThrow(/append-only/);
  });
});

describe('malformed contexts: 400 with field paths, never 500, nothing saved', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['wrong types', { age: 'seventy', sex: 1, goals: 'bone' }, ['age', 'goals', 'sex']],
    ['unknown enum values', { age: 50, sex: 'f', pregnancy: 'maybe', conditions: ['gout'], goals: ['longevity'] }, ['conditions.0', 'goals.0', 'pregnancy', 'sex']],
    ['negative and absurd numbers', { age: -3, sex: 'male', coronaryCalciumScore: -10, ckdStage: 9, conditions: ['ckd'], goals: ['bone'] }, ['age', 'ckdStage', 'coronaryCalciumScore']],
    ['a CKD stage without CKD', { age: 60, sex: 'male', ckdStage: 3, goals: ['bone'] }, ['conditions']],
    ['age 200', { age: 200, sex: 'male', goals: ['bone'] }, ['age']],
    ['25(OH)D unit mix-up', { age: 50, sex: 'male', vitaminD: { level: { value: 300, unit: 'ng/mL' } }, goals: ['bone'] }, ['vitaminD.level.value']],
    ['K2 in IU', { age: 50, sex: 'male', supplements: [{ kind: 'k2-mk7', amount: 100, unit: 'IU' }], goals: ['bone'] }, ['supplements.0.unit']],
    ['huge array', { age: 50, sex: 'male', medications: Array.from({ length: 51 }, (_, i) => ({ name: `drug ${i}` })), goals: ['bone'] }, ['medications']],
    ['huge string', { age: 50, sex: 'male', medications: [{ name: 'x'.repeat(5000) }], goals: ['bone'] }, ['medications.0.name']],
    // Found by the fuzz test: PostgreSQL cannot store these in the saved report (it was a 500).
    ['a NUL and a lone surrogate in medication names', { age: 50, sex: 'male', medications: [{ name: 'warfarin\u0000' }, { name: 'aspirin \ud83d' }], goals: ['bone'] }, ['medications.0.name', 'medications.1.name']],
    ['no goals', { age: 50, sex: 'male', goals: [] }, ['goals']],
    ['unknown field', { age: 50, sex: 'male', goals: ['bone'], name: 'Jane Doe' }, ['']],
    ['a name as patient reference', { age: 50, sex: 'male', goals: ['bone'], patientRef: 'Jane <Doe>' }, ['patientRef']],
  ];

  it.each(cases)('%s', async (_label, body, paths) => {
    const before = await db.report.count();
    const res = await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, body });
    expect(res.status).toBe(400);
    const fields = Object.keys((res.body.fields ?? {}) as object).sort();
    expect(fields.map((f) => (f === '_form' ? '' : f))).toEqual(paths);
    expect(await db.report.count()).toBe(before);
  });

  it('non-JSON and non-object bodies', async () => {
    const before = await db.report.count();
    expect((await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, rawBody: 'age=50' })).status).toBe(400);
    expect((await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, body: [1, 2] })).status).toBe(400);
    expect((await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, rawBody: 'null' })).status).toBe(400);
    expect(await db.report.count()).toBe(before);
  });
});
