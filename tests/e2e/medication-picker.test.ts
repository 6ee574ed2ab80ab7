/**
 * The New report form's coded medication picker in Chromium (WAI-ARIA APG combobox with a listbox popup): suggestions
 * while typing, keyboard and mouse choice, Escape, a "Did you mean …?" for a near miss, free text kept as typed, axe
 * with the list open — and a report whose diet section was skipped carries no diet.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClinician } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let browser: Browser;

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

beforeAll(async () => {
  browser = await openBrowser(baseUrl);
  const user = await createClinician(db);
  await signInWithBrowser(browser.page, user.email, user.password);
  await browser.page.getByTestId('welcome').waitFor();
});
afterAll(async () => {
  await browser.close();
});

describe('the medication picker', () => {
  it('suggests, chooses by keyboard and mouse, offers "Did you mean", keeps free text, and the near miss still gives the critical finding', async () => {
    const { page } = browser;
    await page.goto('/reports/new');
    const form = page.getByRole('form', { name: 'Patient context' });
    const med1 = form.getByRole('combobox', { name: 'Medication 1', exact: true });
    await med1.waitFor();
    expect(await med1.getAttribute('aria-autocomplete')).toBe('list');
    expect(await med1.getAttribute('aria-expanded')).toBe('false');
    const listId = (await med1.getAttribute('aria-controls'))!;
    const list = page.locator(`[id="${listId}"]`);
    expect(await list.getAttribute('role')).toBe('listbox');

    // Typing a near miss: the list opens with the suggestion and the count is announced.
    await med1.click();
    await med1.pressSequentially('Jantovan', { delay: 20 });
    const jantoven = list.getByRole('option', { name: /Jantoven \(warfarin\)/ });
    await jantoven.waitFor();
    await expect.poll(() => med1.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => form.getByRole('status').allTextContents()).toContain('1 suggestion');
    const didYouMean = form.getByRole('button', { name: 'Did you mean Jantoven (warfarin)?' });

    // axe with the list open.
    const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);

    // Down moves to the option (aria-activedescendant), Enter chooses it and closes the list.
    await page.keyboard.press('ArrowDown');
    const activeId = await med1.getAttribute('aria-activedescendant');
    expect(activeId).toBe(await jantoven.getAttribute('id'));
    expect(await jantoven.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await med1.inputValue()).toBe('Jantoven');
    expect(await med1.getAttribute('aria-expanded')).toBe('false');
    expect(await med1.getAttribute('aria-activedescendant')).toBeNull();
    await expect.poll(() => didYouMean.count()).toBe(0);
    expect(page.url()).toMatch(/\/reports\/new$/); // Enter chose; it did not submit the form

    // Escape with the list closed clears the field (APG); typing again, Escape closes the list and keeps the text.
    await page.keyboard.press('Escape');
    expect(await med1.inputValue()).toBe('');
    await med1.pressSequentially('Eliq', { delay: 20 });
    const eliquis = list.getByRole('option', { name: /Eliquis \(apixaban\)/ });
    await eliquis.waitFor();
    await page.keyboard.press('Escape');
    expect(await med1.getAttribute('aria-expanded')).toBe('false');
    expect(await med1.inputValue()).toBe('Eliq');
    // Down opens it again; a click chooses.
    await page.keyboard.press('ArrowDown');
    await eliquis.waitFor();
    await eliquis.click();
    expect(await med1.inputValue()).toBe('Eliquis');
    expect(await med1.getAttribute('aria-expanded')).toBe('false');

    // "Did you mean" fills the field.
    await form.getByRole('button', { name: 'Add a medication' }).click();
    const med2 = form.getByRole('combobox', { name: 'Medication 2', exact: true });
    await med2.click();
    await med2.pressSequentially('apixabn', { delay: 20 });
    await page.locator(`[id="${(await med2.getAttribute('aria-controls'))!}"]`).getByRole('option', { name: /apixaban/ }).waitFor();
    await page.keyboard.press('Escape'); // the button is below the field once the list is closed
    await form.getByRole('button', { name: 'Did you mean apixaban?' }).click();
    expect(await med2.inputValue()).toBe('apixaban');
    await expect.poll(async () => (await med2.evaluate((el) => el === document.activeElement))).toBe(true);

    // Free text is kept: "Jantovan", then Tab leaves without choosing.
    await form.getByRole('button', { name: 'Add a medication' }).click();
    const med3 = form.getByRole('combobox', { name: 'Medication 3', exact: true });
    await med3.click();
    await med3.pressSequentially('Jantovan', { delay: 20 });
    await page.locator(`[id="${(await med3.getAttribute('aria-controls'))!}"]`).getByRole('option', { name: /Jantoven/ }).waitFor();
    await page.keyboard.press('Tab');
    expect(await med3.inputValue()).toBe('Jantovan');
    expect(await med3.getAttribute('aria-expanded')).toBe('false');
    // Before submitting, the near miss is pointed out below the field; it is not applied.
    await didYouMean.waitFor();
    expect(await med3.getAttribute('aria-describedby')).toContain(`${await med3.getAttribute('id')}-did-you-mean`);

    // The diet section is left alone: its box starts unticked and nothing is chosen for the clinician.
    expect(await form.getByLabel("I know the patient's diet").isChecked()).toBe(false);
    expect(await form.getByLabel('Natto').count()).toBe(0);

    await form.getByLabel('Age (years)').fill('70');
    await form.getByLabel('Heart and arteries').check();
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);

    // The near miss "Jantovan" was submitted unchanged, and the report's safety section has a critical finding naming Jantoven.
    const critical = page.locator('[data-testid^="safety-"][data-severity="critical"]');
    await critical.first().waitFor();
    expect((await critical.allTextContents()).join(' ')).toMatch(/Jantoven/);
    expect(await page.locator('[data-testid="safety-vitamin-k-low-status"]').count()).toBe(0);

    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const saved = await page.request.get(`/api/v1/reports/${id}`);
    expect(saved.status()).toBe(200);
    const report = (await saved.json()) as { context: { medications: Array<{ name: string }>; diet?: unknown }; safety: Array<{ code: string }> };
    expect(report.context.medications.map((m) => m.name)).toEqual(['Eliquis', 'apixaban', 'Jantovan']);
    expect(report.context).not.toHaveProperty('diet');
    expect(report.safety.map((s) => s.code)).not.toContain('vitamin-k-low-status');
  });

  it('a ticked diet box with a food left on "Choose…" gets a field error, and the form keeps what was typed', async () => {
    const { page } = browser;
    await page.goto('/reports/new');
    const form = page.getByRole('form', { name: 'Patient context' });
    await form.getByRole('combobox', { name: 'Medication 1', exact: true }).waitFor();
    await form.getByLabel('Age (years)').fill('55');
    await form.getByLabel('Bone', { exact: true }).check();
    await form.getByLabel("I know the patient's diet").check();
    await form.getByLabel('Pattern').selectOption('omnivore');
    await form.getByLabel('Hard cheese').selectOption('weekly');
    await form.getByLabel('Eggs').selectOption('daily');
    await form.getByLabel('Leafy greens').selectOption('weekly');
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.locator('[data-field-error="diet.natto"]').waitFor();
    expect(await page.locator('[data-field-error="diet.natto"]').textContent()).toMatch(/Natto: choose/);
    expect(await form.getByLabel('Natto').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-field-error^="diet."]').count()).toBe(1);
    expect(await form.getByLabel('Eggs').inputValue()).toBe('daily');
    await form.getByLabel('Natto').selectOption('never');
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  });
});
