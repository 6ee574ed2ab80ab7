import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClinician } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
const browsers: Browser[] = [];

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
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
    // Issue 14, form errors done right: focus moves to the summary, whose items link to the fields; every invalid
    // field is aria-invalid and described by its message.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    const summary = page.getByTestId('error-summary');
    expect(await summary.textContent()).toMatch(/2 fields need attention; nothing was saved/);
    expect(await form.getByLabel('Heart and arteries').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Heart and arteries').getAttribute('aria-describedby')).toContain('err-goals');
    expect(await form.getByLabel('Age (years)').getAttribute('aria-invalid')).toBe('true');
    await summary.getByRole('link', { name: /^Age \(years\)/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('age');
    await summary.getByRole('link', { name: /What is the patient asking about/ }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('goals');
    // The short keyboard path: the skip link goes straight to the Build report button.
    await form.getByRole('link', { name: 'Skip to the Build report button' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('build-report');
    expect(await form.getByLabel('Medication 1', { exact: true }).inputValue()).toBe('Coumadin 5mg');

    await form.getByLabel('Age (years)').fill('72');
    await form.getByLabel('Sex').selectOption('male');
    await form.getByLabel('Atrial fibrillation').check();
    // The diet is unknown until the clinician says otherwise: tick the box, then answer every question.
    await form.getByLabel("I know the patient's diet").check();
    await form.getByLabel('Pattern').selectOption('omnivore');
    await form.getByLabel('Natto').selectOption('weekly');
    for (const food of ['Hard cheese', 'Eggs', 'Leafy greens']) await form.getByLabel(food).selectOption('never');
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
    // Issue 14, a handout to hand over: the safety box comes first, the patient reference and date lines are there,
    // the technical figures are for the clinician only (not printed), and the note is typed on screen and printed.
    const sectionOrder = await page.locator('main section h2').allTextContents();
    expect(sectionOrder[0]).toBe('Is it safe for you?');
    expect(await page.getByTestId('handout-safety').textContent()).toMatch(/warfarin/i);
    expect(await page.getByTestId('handout-lines').textContent()).toContain('AF-clinic 7');
    expect(await page.getByTestId('handout-clinician-figures').getAttribute('class')).toContain('no-print');
    expect(await page.getByTestId('handout-clinician-figures').textContent()).toMatch(/reading level grade \d/);
    await page.getByLabel('Note from your clinician').fill('Check INR on Monday.');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('clinician-note-print').isVisible()).toBe(true);
    expect(await page.getByTestId('clinician-note-print').textContent()).toBe('Check INR on Monday.');
    expect(await page.getByTestId('handout-clinician-figures').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: 'Large print' }).click();
    await page.waitForURL(/\/handout\?size=large$/);
    expect(await page.locator('[data-size="large"]').count()).toBe(1);

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
    await form.getByLabel('Medication 1', { exact: true }).fill('Fosamax 70 mg weekly');
    await form.getByLabel('Osteopenia').check();
    await form.getByLabel('Bone', { exact: true }).check();
    await form.getByLabel('Patient reference (optional)').fill('bone-31');
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.goto('/reports?patientRef=bone-31');
    expect(await page.getByRole('cell', { name: 'bone-31' }).count()).toBe(1);
    // Issue 14: a history row says who (age, sex, medicines), and the history is searchable by medicine.
    const row = page.getByRole('row', { name: /bone-31/ });
    expect(await row.textContent()).toMatch(/58 y, female.*Fosamax 70 mg weekly.*Bone/);
    await page.goto('/reports?medicine=fosam');
    expect(await page.getByRole('cell', { name: 'bone-31' }).count()).toBe(1);
    await page.goto('/reports?medicine=warfarin');
    expect(await page.getByRole('cell', { name: 'bone-31' }).count()).toBe(0);
    await page.goto('/reports?patientRef=nothing-like-this');
    expect(await page.getByText('No reports match this search').count()).toBe(1);
  });

  it('the Download PDF and Print handout buttons fetch the PDFs, with a pending state', async () => {
    const { page } = await signedIn();
    await page.goto('/reports/new');
    const form = page.getByRole('form', { name: 'Patient context' });
    await form.getByLabel('Age (years)').fill('66');
    await form.getByLabel('Medication 1', { exact: true }).fill('warfarin');
    await form.getByLabel('Bone', { exact: true }).check();
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('evidence-chart-bone').locator('figcaption').textContent()).toMatch(/studies of vitamin K/);

    for (const [name, kind] of [['Download PDF', 'report'], ['Print handout (PDF)', 'handout']] as const) {
      const pdfResponse = page.waitForResponse((r) => r.url().includes('/pdf?variant='));
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name }).click();
      const response = await pdfResponse;
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
      const file = await download;
      // The file the browser saved is the PDF itself (read from Playwright's download folder).
      expect((await readFile((await file.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
      expect(file.suggestedFilename()).toMatch(new RegExp(`^k2-${kind}-\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{8}\\.pdf$`));
      await page.getByRole('button', { name }).waitFor(); // back from "Preparing PDF…"
    }

    await page.getByRole('link', { name: 'Patient handout' }).first().click();
    await page.waitForURL(/\/handout$/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Print handout (PDF)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^k2-handout-/);
    expect(await page.getByRole('button', { name: 'Print this page' }).count()).toBe(1);
  });
});
