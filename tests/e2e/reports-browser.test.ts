import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbClient } from '@/lib/server/db-client';
import { createClinician } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { openTestDb } from '../support/db';

const baseUrl = inject('baseUrl');
let db: DbClient;
let closeDb: () => Promise<void>;
const browsers: Browser[] = [];

beforeAll(() => {
  ({ db, close: closeDb } = openTestDb(inject('e2eDatabaseUrl')));
});
afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await closeDb();
});

async function signedIn(): Promise<Browser> {
  const user = await createClinician(db);
  const b = await openBrowser(baseUrl);
  browsers.push(b);
  await signInWithBrowser(b.page, user.email, user.password);
  await b.page.getByTestId('welcome').waitFor();
  return b;
}

describe('building a report in Chromium', () => {
  it('a patient on warfarin: the critical safety finding comes first, the handout opens, and another clinician cannot see it', async () => {
    const { page } = await signedIn();
    await page.goto('/reports/new');
    const form = page.getByRole('form', { name: 'Patient context' });

    // A missing age and no goal: field errors, and what was typed stays.
    await form.getByLabel('Medication 1', { exact: true }).fill('Coumadin 5mg');
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.locator('[data-field-error="age"]').waitFor();
    expect(await page.locator('[data-field-error="goals"]').count()).toBe(1);
    expect(await form.getByLabel('Medication 1', { exact: true }).inputValue()).toBe('Coumadin 5mg');

    await form.getByLabel('Age (years)').fill('72');
    await form.getByLabel('Sex').selectOption('male');
    await form.getByLabel('Atrial fibrillation').check();
    await form.getByLabel('Natto').selectOption('weekly');
    await form.getByLabel('Heart and arteries').check();
    await form.getByLabel('Patient reference (optional)').fill('AF-clinic 7');
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);

    const findings = page.locator('[data-testid^="safety-"]');
    await findings.first().waitFor();
    expect(await findings.first().getAttribute('data-testid')).toBe('safety-vka-interaction');
    expect(await findings.first().getAttribute('data-severity')).toBe('critical');
    expect(await findings.first().textContent()).toMatch(/warfarin/i);
    expect(await page.getByTestId('dose').getAttribute('data-recommendation')).toBe('avoid');
    const reportUrl = page.url();

    await page.getByRole('link', { name: 'Patient handout' }).first().click();
    await page.waitForURL(/\/handout$/);
    expect(await page.locator('h1').textContent()).toBeTruthy();
    const handoutText = (await page.locator('main').textContent()) ?? '';
    expect(handoutText).toMatch(/blood thinner|warfarin/i);
    expect(handoutText).toMatch(/Reading level: grade/);

    const other = await signedIn();
    const response = await other.page.goto(reportUrl);
    expect(response?.status()).toBe(404);
    await other.page.goto('/reports');
    expect(await other.page.getByText('AF-clinic 7').count()).toBe(0);
  });

  it('lists the report in the history and finds it by patient reference', async () => {
    const { page } = await signedIn();
    await page.goto('/reports/new');
    const form = page.getByRole('form', { name: 'Patient context' });
    await form.getByLabel('Age (years)').fill('58');
    await form.getByLabel('Osteopenia').check();
    await form.getByLabel('Bone', { exact: true }).check();
    await form.getByLabel('Patient reference (optional)').fill('bone-31');
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.goto('/reports?patientRef=bone-31');
    expect(await page.getByRole('cell', { name: 'bone-31' }).count()).toBe(1);
    await page.goto('/reports?patientRef=nothing-like-this');
    expect(await page.getByText('No reports match this search').count()).toBe(1);
  });
});
