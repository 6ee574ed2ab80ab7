/**
 * Issue 14, "a fast report page": a saved report's body is rendered once and served from a cache
 * (lib/server/reports/body-cache.ts), after the permission check. A page load carries the body once (in its HTML, not
 * again in the React payload); a navigation inside the app, a server action's redirect and the browser's Back button
 * still show the whole report; another user never gets it from the cache; every view is audited.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createClinician } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
const browsers: Browser[] = [];
/** A heading of the report's body (components/reports/report-view.tsx), not of the page around it. */
const BODY_HEADING = 'What the evidence shows, goal by goal';

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

async function bodyShown(page: Page): Promise<void> {
  await page.getByRole('heading', { name: BODY_HEADING }).waitFor({ timeout: 10_000 });
  await page.getByRole('heading', { name: 'References' }).waitFor();
}

describe('the report page serves its body from the cache', () => {
  let owner: Browser;
  let other: Browser;
  let reportPath: string;
  let reportId: string;

  beforeAll(async () => {
    const a = await createClinician(db);
    owner = await openBrowser(baseUrl);
    browsers.push(owner);
    await signInWithBrowser(owner.page, a.email, a.password);
    await owner.page.getByTestId('welcome').waitFor();
    const b = await createClinician(db);
    other = await openBrowser(baseUrl);
    browsers.push(other);
    await signInWithBrowser(other.page, b.email, b.password);
    await other.page.getByTestId('welcome').waitFor();

    // Built through the form: the server action redirects, so the first view arrives as a React payload (no HTML render).
    const { page } = owner;
    await page.goto('/reports/new');
    const form = page.getByRole('form', { name: 'Patient context' });
    await form.getByLabel('Age (years)').fill('66');
    await form.getByLabel('Medication 1', { exact: true }).fill('apixaban 5 mg');
    await form.getByLabel('Heart and arteries').check();
    await form.getByLabel('Patient reference (optional)').fill('cache-check');
    await form.getByRole('button', { name: 'Build report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    reportPath = new URL(page.url()).pathname;
    reportId = reportPath.split('/').pop()!;
  });

  it('shows the whole body after the form redirects to it', async () => {
    await bodyShown(owner.page);
  });

  it('a page load carries the body once: in the HTML, not again in the React payload', async () => {
    const response = await owner.context.request.get(reportPath, { headers: { accept: 'text/html' } });
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html.split(BODY_HEADING).length - 1).toBe(1);
    expect(html).toContain('data-testid="report-body"');
    await owner.page.goto(reportPath);
    await bodyShown(owner.page);
  });

  it('Back from the handout and a link from the history show the whole body', async () => {
    const { page } = owner;
    await page.goto(reportPath);
    await bodyShown(page);
    await page.getByRole('link', { name: 'Patient handout' }).first().click();
    await page.waitForURL(/\/handout$/);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === reportPath);
    await bodyShown(page);
    await page.goto('/reports');
    await page.locator(`a[href="${reportPath}"]`).first().click();
    await page.waitForURL((url) => url.pathname === reportPath);
    await bodyShown(page);
  });

  it('another clinician gets a 404 for the cached report, and every view is audited', async () => {
    const before = await db.auditEvent.count({ where: { action: 'report.view', entityId: reportId } });
    await owner.page.goto(reportPath);
    await bodyShown(owner.page);
    const after = await db.auditEvent.count({ where: { action: 'report.view', entityId: reportId } });
    expect(after).toBe(before + 1);

    const response = await other.context.request.get(reportPath, { headers: { accept: 'text/html' } });
    expect(response.status()).toBe(404);
    const html = await response.text();
    expect(html).not.toContain(BODY_HEADING);
    expect(html).not.toContain('cache-check');
    expect(await db.auditEvent.count({ where: { action: 'report.view', entityId: reportId } })).toBe(after);
  });
});
