/**
 * Issue 14, "Layout that holds": no page scrolls sideways at a phone's, a tablet's or a laptop's width (390, 768 and
 * 1366 px; WCAG 1.4.10 Reflow), signed in as a clinician and as an admin. A wide table may scroll inside its own
 * box; the page itself never does. The check is shown to fail on a page made to overflow.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createAdmin, createClinician } from '../factories';
import { discoverPages } from '../support/app-routes';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
const WIDTHS = [390, 768, 1366] as const;
const browsers: Browser[] = [];

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

/** How far the page scrolls sideways at this viewport width (0 = it does not), and what sticks out. */
async function sidewaysScroll(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const by = document.documentElement.scrollWidth - width;
    const insideScroller = (e: Element): boolean => {
      for (let p = e.parentElement; p; p = p.parentElement) if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX) && p !== document.documentElement && p !== document.body) return true;
      return false;
    };
    const culprits = by > 0 ? [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1 && !insideScroller(e)).map((e) => `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 50)}`).slice(0, 5) : [];
    return { by, culprits };
  });
}

const clinicianPaths = (reportPath: string): string[] => ['/', '/reports/new', reportPath, `${reportPath}/handout`, '/reports', '/settings/tokens', '/decision-support/k2-order-sign'];
const ADMIN_PATHS = [
  '/',
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
  '/admin/evidence/transfer',
  '/admin/cds-clients',
] as const;
const SIGNED_OUT_PATHS = ['/login'] as const;

async function buildReport(page: Page): Promise<string> {
  await page.goto('/reports/new');
  const form = page.getByRole('form', { name: 'Patient context' });
  await form.getByLabel('Age (years)').fill('72');
  await form.getByLabel('Medication 1', { exact: true }).fill('warfarin 5 mg');
  await form.getByLabel('Heart and arteries').check();
  await form.getByLabel('Bone', { exact: true }).check();
  await form.getByLabel('Patient reference (optional)').fill('overflow-check');
  await form.getByRole('button', { name: 'Build report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

describe('no page scrolls sideways at 390, 768 and 1366 px', () => {
  let clinician: Browser;
  let admin: Browser;
  let reportPath: string;

  beforeAll(async () => {
    const c = await createClinician(db);
    clinician = await openBrowser(baseUrl);
    browsers.push(clinician);
    await signInWithBrowser(clinician.page, c.email, c.password);
    await clinician.page.getByTestId('welcome').waitFor();
    reportPath = await buildReport(clinician.page);
    const a = await createAdmin(db);
    admin = await openBrowser(baseUrl);
    browsers.push(admin);
    await signInWithBrowser(admin.page, a.email, a.password);
    await admin.page.getByTestId('welcome').waitFor();
  });

  it('the check fails on a page made to overflow', async () => {
    const { page } = clinician;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    expect((await sidewaysScroll(page)).by).toBe(0);
    await page.evaluate(() => {
      const wide = document.createElement('div');
      wide.className = 'made-to-overflow';
      wide.style.width = '900px';
      wide.textContent = 'x';
      document.querySelector('main')!.append(wide);
    });
    const result = await sidewaysScroll(page);
    expect(result.by).toBeGreaterThan(0);
    expect(result.culprits.join(' ')).toContain('made-to-overflow');
  });

  /** Every path at every width: what scrolls sideways, by how much and what sticks out ({} when nothing does). */
  async function overflowing(page: Page, paths: readonly string[]): Promise<Record<string, string>> {
    const found: Record<string, string> = {};
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of paths) {
        await page.goto(path);
        const r = await sidewaysScroll(page);
        if (r.by > 0) found[`${width} ${path}`] = `${r.by}px: ${r.culprits.join(' | ')}`;
      }
    }
    return found;
  }

  it('visits every page of the app (discovered from app/, so a new page cannot be left out)', () => {
    const visited = [...clinicianPaths('/reports/00000000-0000-4000-8000-000000000000'), ...ADMIN_PATHS, ...SIGNED_OUT_PATHS];
    const pattern = (page: string): RegExp => new RegExp(`^${page.replace(/\[[^\]]+\]/g, '[^/]+')}$`);
    expect(discoverPages().filter((page) => !visited.some((path) => pattern(page).test(path)))).toEqual([]);
  });

  it('as a clinician: home, new report, a report, its handout, history, tokens', async () => {
    expect(await overflowing(clinician.page, clinicianPaths(reportPath))).toEqual({});
  });

  it('as an admin: accounts, audit log, evidence lists, an entry, its history, the forms, transfer, CDS clients', async () => {
    expect(await overflowing(admin.page, ADMIN_PATHS)).toEqual({});
  });

  it('signed out: the sign-in page', async () => {
    const anonymous = await openBrowser(baseUrl);
    browsers.push(anonymous);
    expect(await overflowing(anonymous.page, SIGNED_OUT_PATHS)).toEqual({});
  });

  it('the audit log: columns, a human summary of each event, and a substring filter', async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto('/admin/audit?action=sign-in');
    const rows = page.getByRole('region', { name: 'Audit events table' }).locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const what = await rows.locator('td:nth-child(3)').allTextContents();
    // "sign-in" is in the middle of "auth.sign-in": a substring, not a prefix, finds it.
    expect(what.every((t) => /sign-in/.test(t))).toBe(true);
    expect(what.some((t) => t.startsWith('Signed in'))).toBe(true);
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(['When', 'Who', 'What', 'On', 'IP', 'Details']);
  });

  it('the admin menu fits one row at 1366 px', async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto('/admin/accounts');
    const tops = await page.getByTestId('main-menu').locator('li').evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThanOrEqual(8);
    expect(new Set(tops).size, `rows at ${tops.join(', ')}`).toBe(1);
  });
});
