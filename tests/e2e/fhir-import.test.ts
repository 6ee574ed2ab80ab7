import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClinician } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { draftLinkOf, fixtureHookRequest, postCds, signCdsJwt, type TestCdsKey } from '../support/cds';
import { e2eDatabase } from '../support/db';
import { hl7PatientBundles, hl7PatientExamples, resourcesOf } from '../support/hl7-examples';
import { api, signInHttp, type HttpSession } from '../support/http';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let clinician: HttpSession;
const browsers: Browser[] = [];
const envCds = inject('envCdsClient');
/** The key of the CDS client configured in CDS_HOOKS_CLIENTS (tests/setup/e2e-global.ts). */
const envCdsKey = async (): Promise<TestCdsKey> => ({ alg: 'ES384', kid: 'env-1', privateKey: (await importJWK(envCds.privateJwk, 'ES384')) as TestCdsKey['privateKey'], publicJwk: {} });
const fixtureText = (name: string): string => readFileSync(path.resolve(import.meta.dirname, '../fixtures/fhir', name), 'utf8');

beforeAll(async () => {
  const c = await createClinician(db);
  clinician = (await signInHttp(baseUrl, c.email, c.password))!;
});
afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

describe('POST /api/v1/fhir/patient-context', () => {
  it('answers 401 without a session or token', async () => {
    expect((await api(baseUrl, '/api/v1/fhir/patient-context', { method: 'POST', body: JSON.parse(fixtureText('warfarin-ckd-bundle.json')) })).status).toBe(401);
  });

  it('answers a malformed bundle with 400 and the path of the problem', async () => {
    const notJson = await api(baseUrl, '/api/v1/fhir/patient-context', { method: 'POST', session: clinician, rawBody: '{"resourceType":' });
    expect(notJson.status).toBe(400);
    const bad = await api(baseUrl, '/api/v1/fhir/patient-context', { method: 'POST', session: clinician, body: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient' } }, { resource: { id: 'no-type' } }] } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object)).toEqual(['entry.1.resource.resourceType']);
    const notBundle = await api(baseUrl, '/api/v1/fhir/patient-context', { method: 'POST', session: clinician, body: { resourceType: 'Patient' } });
    expect(notBundle.status).toBe(400);
    expect(notBundle.body.fields).toHaveProperty('resourceType');
  });

  it('returns the context, mapped and ignored lists', async () => {
    const res = await api(baseUrl, '/api/v1/fhir/patient-context', { method: 'POST', session: clinician, body: JSON.parse(fixtureText('warfarin-ckd-bundle.json')) });
    expect(res.status).toBe(200);
    expect(res.body.context).toMatchObject({ sex: 'female', ckdStage: 4 });
    expect(res.body.mapped).toContainEqual({ resource: 'Condition/c-ckd4', as: 'conditions: ckd (stage 4)' });
    expect((res.body.ignored as Array<{ resource: string }>).map((i) => i.resource)).toContain('MedicationStatement/ms-old-aspirin');
  });
});

describe('POST /api/v1/fhir/patient-context with Synthea-style R4 bundles', () => {
  const dir = path.resolve(import.meta.dirname, '../fixtures/fhir/synthea');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it.each(files)('%s answers 200 with a context; a deceased patient is not aged to today', async (file) => {
    const bundle = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { entry: Array<{ resource: Record<string, unknown> }> };
    const res = await api(baseUrl, '/api/v1/fhir/patient-context', { method: 'POST', session: clinician, body: bundle });
    expect(res.status).toBe(200);
    expect(res.body.context).toBeTypeOf('object');
    const patient = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'Patient')!;
    if (patient.deceasedDateTime) {
      const born = Number(String(patient.birthDate).slice(0, 4));
      expect((res.body.context as { age?: number }).age).toBeLessThan(new Date().getUTCFullYear() - born - 1);
      expect((res.body.notes as string[]).join(' ')).toMatch(/died/);
    }
  });
});

describe('POST /api/v1/fhir/patient-context with the FHIR R4 specification\'s example records (hl7.fhir.r4.examples)', () => {
  const records = [...hl7PatientBundles(), ...hl7PatientExamples()];

  it(`all ${records.length} answer 200 with a context, never 4xx/5xx; a deceased patient is not aged to today`, async () => {
    expect(records.length).toBeGreaterThanOrEqual(10);
    for (const [name, bundle] of records) {
      const res = await api(baseUrl, '/api/v1/fhir/patient-context', { method: 'POST', session: clinician, body: bundle });
      expect(res.status, name).toBe(200);
      expect(res.body.context, name).toBeTypeOf('object');
      const patient = resourcesOf(bundle).find((r) => r.resourceType === 'Patient')!;
      if (patient.deceasedDateTime || patient.deceasedBoolean === true) expect((res.body.notes as string[]).join(' '), name).toMatch(/died/);
    }
  });
});

describe('New report from a pasted FHIR bundle (Chromium)', () => {
  it('fills the form, shows what was imported, and builds the report', async () => {
    const user = await createClinician(db);
    const b = await openBrowser(baseUrl);
    browsers.push(b);
    const { page } = b;
    await signInWithBrowser(page, user.email, user.password);
    await page.getByTestId('welcome').waitFor();
    await page.goto('/reports/new');
    await page.getByText('Import from a FHIR record (optional)').click();
    await page.getByLabel('FHIR R4 Bundle (JSON)').fill(fixtureText('warfarin-ckd-bundle.json'));
    await page.getByRole('button', { name: 'Import and fill the form' }).click();
    await page.getByTestId('fhir-import-result').waitFor();
    expect(await page.getByTestId('fhir-mapped').textContent()).toContain('Condition/c-ckd4');
    expect(await page.getByTestId('fhir-ignored').textContent()).toContain('MedicationStatement/ms-old-aspirin');

    const form = page.getByRole('form', { name: 'Patient context' });
    expect(await form.getByLabel('Age (years)').inputValue()).toBe('74');
    expect(await form.getByLabel('Sex').inputValue()).toBe('female');
    expect(await form.getByLabel('Medication 1', { exact: true }).inputValue()).toBe('warfarin (COUMADIN) 5 mg tablet');
    expect(await form.getByLabel('Chronic kidney disease').isChecked()).toBe(true);
    expect(await form.getByLabel('Atrial fibrillation').isChecked()).toBe(true);
    expect(await form.getByLabel('CKD stage (optional)').inputValue()).toBe('4');
    expect(await form.getByLabel('25(OH)D level (optional)').inputValue()).toBe('62.4');

    await form.getByLabel('Bone', { exact: true }).check();
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    const findings = page.locator('[data-testid^="safety-"]');
    await findings.first().waitFor();
    expect(await findings.first().getAttribute('data-testid')).toBe('safety-vka-interaction');
  });

  it("pre-fills the form from a real CDS card's link, which carries only a draft id; again on reload", async () => {
    const { page } = browsers[0]!;
    const url = `${baseUrl}/cds-services/k2-patient-view`;
    const answer = await postCds(url, fixtureHookRequest('warfarin-ckd-bundle.json', 'patient-view'), await signCdsJwt({ iss: envCds.iss, aud: url, key: await envCdsKey() }));
    expect(answer.status).toBe(200);
    const link = draftLinkOf(answer.body);
    expect(link.url).toBe(`${baseUrl}/reports/new?draft=${link.draftId}`);

    for (const load of ['open', 'reload']) {
      if (load === 'open') await page.goto(link.url);
      else await page.reload();
      await page.getByText('Pre-filled from the EHR.').waitFor();
      const form = page.getByRole('form', { name: 'Patient context' });
      expect(await form.getByLabel('Sex').inputValue(), load).toBe('female');
      expect(await form.getByLabel('Medication 1', { exact: true }).inputValue(), load).toBe('warfarin (COUMADIN) 5 mg tablet');
      expect(await form.getByLabel('Chronic kidney disease').isChecked(), load).toBe(true);
      expect(await form.getByLabel('CKD stage (optional)').inputValue(), load).toBe('4');
      expect(await form.getByLabel('25(OH)D level (optional)').inputValue(), load).toBe('62.4');
      expect(await form.getByLabel('General health').isChecked(), load).toBe(true);
      expect(await page.getByTestId('draft-expired').count(), load).toBe(0);
    }
    // What the browser keeps (history, the address bar) is the id only.
    expect(page.url()).toBe(link.url);
    expect(page.url()).not.toMatch(/warfarin|coumadin|female|ckd|62\.4/i);
  });

  it('an expired draft, an unknown id, a malformed one and an old ?prefill= link: the notice and an empty form', async () => {
    const { page } = browsers[0]!;
    const url = `${baseUrl}/cds-services/k2-patient-view`;
    const answer = await postCds(url, fixtureHookRequest('warfarin-ckd-bundle.json', 'patient-view'), await signCdsJwt({ iss: envCds.iss, aud: url, key: await envCdsKey() }));
    const expired = draftLinkOf(answer.body);
    expect((await db.cdsDraft.update({ where: { id: expired.draftId }, data: { expiresAt: new Date(Date.now() - 1_000) } })).id).toBe(expired.draftId);
    // The old kind of link, with the context in it: never read any more.
    const prefill = Buffer.from(JSON.stringify({ age: 66, sex: 'male', medications: [{ name: 'apixaban', rxnorm: '1364430' }], conditions: ['atrial-fibrillation'] })).toString('base64url');

    for (const target of [expired.url, `/reports/new?draft=${randomUUID()}`, '/reports/new?draft=not-a-draft', `/reports/new?prefill=${prefill}`]) {
      await page.goto(target);
      await page.getByTestId('draft-expired').waitFor();
      expect(await page.getByTestId('draft-expired').textContent(), target).toBe("This link from the EHR has expired or is not valid. Open the patient's card again, or enter the details below.");
      expect(await page.getByText('Pre-filled from the EHR.').count(), target).toBe(0);
      const form = page.getByRole('form', { name: 'Patient context' });
      expect(await form.getByLabel('Age (years)').inputValue(), target).toBe('');
      expect(await form.getByLabel('Sex').inputValue(), target).toBe('female');
      expect(await form.getByLabel('Medication 1', { exact: true }).inputValue(), target).toBe('');
      expect(await form.getByLabel('Chronic kidney disease').isChecked(), target).toBe(false);
      expect(await form.getByLabel('Atrial fibrillation').isChecked(), target).toBe(false);
      expect(await form.getByLabel('General health').isChecked(), target).toBe(false);
    }
    // Without a link, no notice.
    await page.goto('/reports/new');
    await page.getByRole('heading', { name: 'New evidence report' }).waitFor();
    expect(await page.getByTestId('draft-expired').count()).toBe(0);
  });
});
