import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdmin, createClinician } from '../factories';
import warfarin from '../fixtures/scenarios/warfarin-natto.json';
import { e2eDatabase } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';
import { pdfText } from '../support/pdf';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let clinician: HttpSession;
let otherClinician: HttpSession;
let admin: HttpSession;
let reportId: string;

beforeAll(async () => {
  const [c1, c2, a] = [await createClinician(db), await createClinician(db), await createAdmin(db)];
  clinician = (await signInHttp(baseUrl, c1.email, c1.password))!;
  otherClinician = (await signInHttp(baseUrl, c2.email, c2.password))!;
  admin = (await signInHttp(baseUrl, a.email, a.password))!;
  const created = await api(baseUrl, '/api/v1/reports', { method: 'POST', session: clinician, body: { ...warfarin.context, patientRef: 'pdf-ref 9' } });
  expect(created.status).toBe(201);
  reportId = created.body.id as string;
});

function getPdf(path: string, session?: HttpSession): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: session ? { cookie: session.cookie } : {}, redirect: 'manual' });
}

describe('GET /api/v1/reports/{id}/pdf', () => {
  it('the clinician PDF: application/pdf, an attachment with a sensible name, no-store, the report inside; audited as a print without patient data', async () => {
    const response = await getPdf(`/api/v1/reports/${reportId}/pdf?variant=clinician`, clinician);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="k2-report-\\d{4}-\\d{2}-\\d{2}-${reportId.slice(0, 8)}\\.pdf"$`));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text } = await pdfText(bytes);
    expect(text).toMatch(/warfarin/i);
    expect(text).toContain(reportId);
    expect(text).not.toContain('pdf-ref 9'); // the patient reference stays in the app

    const audit = await db.auditEvent.findMany({ where: { entityId: reportId, action: 'report.print' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ variant: 'clinician', paper: 'a4', truncated: false });
    expect(JSON.stringify(audit[0]!.details)).not.toMatch(/warfarin|pdf-ref|72/i);
  });

  it('the handout on US Letter', async () => {
    const response = await getPdf(`/api/v1/reports/${reportId}/pdf?variant=handout&paper=letter`, clinician);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('k2-handout-');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.toString('latin1')).toContain('/MediaBox [0 0 612 792]');
    expect((await pdfText(bytes)).text).toContain('Is it safe for you?');
    // The patient reference the clinician gave the report fills the handout's "For" line (issue 14).
    expect((await pdfText(bytes)).text).toMatch(/For:\s*pdf-ref 9/);
  });

  it('to its author only: another clinician and an admin get 404, no session gets 401, an unknown id 404', async () => {
    expect((await getPdf(`/api/v1/reports/${reportId}/pdf?variant=clinician`, otherClinician)).status).toBe(404);
    expect((await getPdf(`/api/v1/reports/${reportId}/pdf?variant=handout`, admin)).status).toBe(404);
    const anonymous = await getPdf(`/api/v1/reports/${reportId}/pdf?variant=clinician`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/json');
    expect((await getPdf('/api/v1/reports/00000000-0000-4000-8000-000000000000/pdf', clinician)).status).toBe(404);
    expect((await getPdf('/api/v1/reports/not-a-uuid/pdf', clinician)).status).toBe(404);
    const prints = await db.auditEvent.count({ where: { entityId: reportId, action: 'report.print' } });
    expect(prints).toBe(2); // only the author's two prints above
  });

  it('a bad variant or paper gets 400 with field errors', async () => {
    const bad = await api(baseUrl, `/api/v1/reports/${reportId}/pdf?variant=patient`, { session: clinician });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object)).toEqual(['variant']);
    const paper = await api(baseUrl, `/api/v1/reports/${reportId}/pdf?variant=handout&paper=a3`, { session: clinician });
    expect(paper.status).toBe(400);
    expect(Object.keys(paper.body.fields as object)).toEqual(['paper']);
  });

  it('many at once: each gets its PDF or, when the render slots stay busy, 503 with Retry-After — never a 500', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => getPdf(`/api/v1/reports/${reportId}/pdf?variant=clinician`, clinician)));
    for (const r of responses) {
      expect([200, 503]).toContain(r.status);
      if (r.status === 503) expect(r.headers.get('retry-after')).toBe('5');
      await r.arrayBuffer();
    }
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
  });
});
