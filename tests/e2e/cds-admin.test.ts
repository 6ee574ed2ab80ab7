import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createAdmin, createClinician } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { makeCdsKey, postCds, signCdsJwt } from '../support/cds';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
const browsers: Browser[] = [];

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

async function signedIn(role: 'admin' | 'clinician'): Promise<Browser> {
  const user = role === 'admin' ? await createAdmin(db) : await createClinician(db);
  const b = await openBrowser(baseUrl);
  browsers.push(b);
  await signInWithBrowser(b.page, user.email, user.password);
  await b.page.getByTestId('signed-in-as').waitFor();
  return b;
}

describe('admin: CDS Hooks clients (Chromium)', () => {
  it('refuses a private key, registers a client whose JWTs then work, disables it, and shows calls', async () => {
    const { page } = await signedIn('admin');
    await page.goto('/');
    await page.getByRole('link', { name: 'CDS clients' }).click();
    await page.waitForURL(/\/admin\/cds-clients$/);

    const key = await makeCdsKey('ES384');
    const iss = `https://ehr-${randomUUID().slice(0, 8)}.hospital.test`;
    const form = page.getByRole('form', { name: 'Register CDS client' });
    await form.getByLabel('Issuer (iss)').fill(iss);
    await form.getByLabel('Name').fill('Hospital EHR');
    await form.getByLabel('Public keys (JWK Set JSON)').fill(JSON.stringify({ keys: [{ ...key.publicJwk, d: 'cHJpdmF0ZQ' }] }));
    await form.getByRole('button', { name: 'Register client' }).click();
    await page.locator('[data-field-error="jwks"]').waitFor();
    expect(await page.locator('[data-field-error="jwks"]').textContent()).toMatch(/private field "d"/);
    expect(await db.cdsClient.count({ where: { iss } })).toBe(0);

    // FHIR base URLs, one a line: an http URL of a non-loopback host (or one with a user name) is refused.
    await form.getByLabel('Public keys (JWK Set JSON)').fill(JSON.stringify({ keys: [key.publicJwk] }));
    await form.getByLabel('FHIR base URLs (one a line, optional)').fill('https://fhir.hospital.test/R4/\nhttp://fhir.hospital.test/R4');
    await form.getByRole('button', { name: 'Register client' }).click();
    await page.locator('[data-field-error="fhirServers"]').waitFor();
    expect(await page.locator('[data-field-error="fhirServers"]').textContent()).toMatch(/http:\/\/fhir\.hospital\.test\/R4: An https URL/);
    expect(await db.cdsClient.count({ where: { iss } })).toBe(0);

    await form.getByLabel('FHIR base URLs (one a line, optional)').fill('https://fhir.hospital.test/R4/\n\nhttps://FHIR.hospital.test:443/other');
    await form.getByRole('button', { name: 'Register client' }).click();
    await page.getByTestId(`cds-client-${iss}`).waitFor();
    const row = await db.cdsClient.findUniqueOrThrow({ where: { iss } });
    expect(row.enabled).toBe(true);
    expect(row.fhirServers).toEqual(['https://fhir.hospital.test/R4', 'https://fhir.hospital.test/other']);
    const urls = page.getByRole('form', { name: `FHIR base URLs of ${iss}` });
    expect(await urls.getByRole('textbox').inputValue()).toBe('https://fhir.hospital.test/R4\nhttps://fhir.hospital.test/other');

    // The FHIR base URLs of a registered client can be changed: validated the same way, audited.
    await urls.getByRole('textbox').fill('https://fhir.hospital.test/R4\nhttps://user@fhir.hospital.test/x');
    await urls.getByRole('button', { name: 'Save FHIR URLs' }).click();
    await urls.locator('[data-field-error="fhirServers"]').waitFor();
    expect(await urls.locator('[data-field-error="fhirServers"]').textContent()).toMatch(/user name/);
    expect((await db.cdsClient.findUniqueOrThrow({ where: { iss } })).fhirServers).toEqual(['https://fhir.hospital.test/R4', 'https://fhir.hospital.test/other']);
    await urls.getByRole('textbox').fill('https://fhir.hospital.test/R5/');
    await urls.getByRole('button', { name: 'Save FHIR URLs' }).click();
    await expect.poll(async () => (await db.cdsClient.findUniqueOrThrow({ where: { iss } })).fhirServers).toEqual(['https://fhir.hospital.test/R5']);
    expect(await db.auditEvent.count({ where: { entityId: row.id, action: 'cds-client.fhir-servers' } })).toBe(1);
    expect((await db.auditEvent.findFirstOrThrow({ where: { entityId: row.id }, orderBy: { id: 'asc' } })).action).toBe('cds-client.create');

    const url = `${baseUrl}/cds-services/k2-patient-view`;
    const hook = { hook: 'patient-view', hookInstance: randomUUID(), context: { patientId: 'p1', userId: 'Practitioner/1' }, prefetch: { patient: { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1950-01-01' } } };
    expect((await postCds(url, hook, await signCdsJwt({ iss, aud: url, key }))).status).toBe(200);

    await page.reload();
    expect(await page.getByTestId('cds-calls').textContent()).toContain(hook.hookInstance);

    await page.getByTestId(`cds-client-${iss}`).getByRole('button', { name: 'Disable' }).click();
    await page.getByTestId(`cds-client-${iss}`).getByRole('button', { name: 'Enable' }).waitFor();
    expect((await db.cdsClient.findUniqueOrThrow({ where: { iss } })).enabled).toBe(false);
    expect((await postCds(url, { ...hook, hookInstance: randomUUID() }, await signCdsJwt({ iss, aud: url, key }))).status).toBe(401);
  });

  it('answers 403 to a clinician and shows no nav link', async () => {
    const { page, context } = await signedIn('clinician');
    expect(await page.getByRole('link', { name: 'CDS clients' }).count()).toBe(0);
    const res = await context.request.get(`${baseUrl}/admin/cds-clients`);
    expect(res.status()).toBe(403);
  });
});
