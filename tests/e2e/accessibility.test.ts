/** axe-core in Chromium on the pages a clinician and an admin use: no violations of WCAG 2.2 AA (nor axe's best practices). */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdmin } from '../factories';
import { medicationEntry } from '../fixtures/evidence';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';
import { api, signInHttp } from '../support/http';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let browser: Browser;

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (its default set besides these). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function violations(): Promise<string[]> {
  const result = await new AxeBuilder({ page: browser.page }).withTags(TAGS).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

beforeAll(async () => {
  browser = await openBrowser(baseUrl);
});
afterAll(async () => {
  await browser.close();
});

describe('accessibility (axe)', () => {
  it('has no violations on the login page, the report pages, history and the admin pages', async () => {
    const { page } = browser;
    const found: Record<string, string[]> = {};
    await page.goto('/login');
    found['/login'] = await violations();
    // The public source-attributes page, signed out, at a phone's width too (390 px: nothing wider than the screen).
    await page.goto('/decision-support/k2-order-sign');
    found['/decision-support/k2-order-sign'] = await violations();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/decision-support/k2-patient-view');
    found['/decision-support/k2-patient-view (390 px)'] = await violations();
    // Nothing wider than the screen (WCAG 1.4.10 Reflow).
    const wide = await page.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${(e.textContent ?? '').slice(0, 40)}`).slice(0, 15));
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 720 });

    const admin = await createAdmin(db);
    // A medication with a brand row, so that its edit form shows every kind of input (it names seeded entries).
    const medication = medicationEntry('warfarin', 'nih-ods-vitamin-k-hp');
    const created = await api(baseUrl, '/api/v1/medications', { method: 'POST', session: await signInHttp(baseUrl, admin.email, admin.password), body: medication });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await signInWithBrowser(page, admin.email, admin.password);
    await page.getByTestId('welcome').waitFor();
    found['/'] = await violations();

    await page.goto('/reports/new');
    found['/reports/new'] = await violations();
    const form = page.getByRole('form', { name: 'Patient context' });
    await form.getByLabel('Age (years)').fill('72');
    await form.getByLabel('Medication 1', { exact: true }).fill('warfarin 5 mg');
    await form.getByLabel('Heart and arteries').check();
    await form.getByLabel('Bone', { exact: true }).check();
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    const reportUrl = new URL(page.url()).pathname;
    found[reportUrl] = await violations();
    await page.goto(`${reportUrl}/handout`);
    found['handout'] = await violations();

    for (const path of [
      '/reports',
      '/settings/tokens',
      '/admin/accounts',
      '/admin/audit',
      '/admin/evidence/trials',
      '/admin/evidence/trials/zwakenberg-2019',
      '/admin/evidence/trials/zwakenberg-2019/history',
      '/admin/evidence/trials/new',
      '/admin/evidence/claims',
      '/admin/evidence/interactions',
      '/admin/evidence/sources',
      '/admin/evidence/medications',
      '/admin/evidence/medications/new',
      `/admin/evidence/medications/${medication.id}`,
      '/admin/evidence/transfer',
      '/admin/cds-clients',
      '/decision-support/k2-order-select',
    ]) {
      await page.goto(path);
      found[path] = await violations();
    }
    const withViolations = Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0));
    expect(Object.keys(found).length).toBeGreaterThanOrEqual(20);
    expect(withViolations).toEqual({});
  });
});
