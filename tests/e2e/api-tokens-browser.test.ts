/** Issue 14: API tokens have an expiry (chosen on creation, shown in the list) and a copy button, in Chromium. */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClinician } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe('API tokens in the browser', () => {
  it('creates a 30-day token, copies it to the clipboard, and lists its expiry', async () => {
    const user = await createClinician(db);
    browser = await openBrowser(baseUrl);
    const { page, context } = browser;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await signInWithBrowser(page, user.email, user.password);
    await page.getByTestId('welcome').waitFor();
    await page.goto('/settings/tokens');
    await page.getByLabel('Token name').fill('EHR bridge');
    await page.getByLabel('Expires after').selectOption('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByTestId('new-token');
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^k2_/);
    expect(await page.getByTestId('form-success').textContent()).toContain('expires after 30 days');
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    const row = await db.apiToken.findFirstOrThrow({ where: { userId: user.id, name: 'EHR bridge' } });
    expect(Math.round((row.expiresAt!.getTime() - row.createdAt.getTime()) / 86_400_000)).toBe(30);
    expect(await page.getByRole('columnheader', { name: 'Expires' }).count()).toBe(1);
  });
});
