/** Chromium through playwright-core (no browser download): Debian's /usr/bin/chromium or CHROME_PATH. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Browser = { context: BrowserContext; page: Page; close: () => Promise<void> };

/** A fresh browser profile (its own cookies), so that two users can be signed in side by side. */
export async function openBrowser(baseURL: string): Promise<Browser> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'k2-chromium-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROME_PATH, headless: true, args: ARGS, baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function signInWithBrowser(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
