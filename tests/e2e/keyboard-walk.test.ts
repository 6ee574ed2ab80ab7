/**
 * Keyboard only (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7): sign in, build a report for a patient on warfarin and open the
 * handout with Tab, Shift+Tab, Enter, Space, arrow keys and typing — no mouse, no click(), no fill(). Every stop of
 * the Tab key must show a visible focus indicator, the first stop on a signed-in page is the skip link, and the form
 * is walked in its visual order.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClinician } from '../factories';
import { openBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';

type Page = Browser['page'];
type Focused = { tag: string; id: string; name: string; value: string; checked: boolean; indicator: string; visible: boolean };

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser(baseUrl);
});
afterAll(async () => {
  await browser.close();
});

/** The focused element: what it is, and whether its focus can be seen (an outline or a box shadow, on a visible box). */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return { tag: 'body', id: '', name: '', value: '', checked: false, indicator: '', visible: false };
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const label = el.labels?.[0]?.textContent ?? '';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: (el.getAttribute('aria-label') || label || el.textContent || '').replace(/\s+/g, ' ').trim(),
      value: typeof el.value === 'string' ? el.value : '',
      checked: Boolean(el.checked),
      indicator: `${style.outlineStyle} ${style.outlineWidth} / ${style.boxShadow}`,
      visible: (outline || shadow) && box.width > 1 && box.height > 1,
    };
  });
}

const show = (f: Focused) => `${f.tag}${f.id ? `#${f.id}` : ''} "${f.name.slice(0, 40)}"`;

/** Press Tab (or Shift+Tab) until the focused element matches; every stop on the way must show its focus. */
async function tabTo(page: Page, matches: (f: Focused) => boolean, options: { back?: boolean; max?: number } = {}): Promise<Focused[]> {
  const seen: Focused[] = [];
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    const previous = seen.at(-1);
    if (previous && f.tag !== 'body') expect(show(f) === show(previous) && f.id === previous.id, `focus stuck on ${show(f)}`).toBe(false);
    seen.push(f);
    if (f.tag !== 'body') expect(f.visible, `no visible focus on ${show(f)} (${f.indicator})`).toBe(true);
    if (matches(f)) return seen;
  }
  throw new Error(`Not reached with the keyboard; focus went ${seen.map(show).join(' → ')}`);
}

const named = (name: string, tag?: string) => (f: Focused) => f.name === name && (!tag || f.tag === tag);

describe('keyboard only', () => {
  it('signs in, builds a report for a patient on warfarin, reads the critical finding first and opens the handout', async () => {
    const { page } = browser;
    const user = await createClinician(db);

    await page.goto('/login');
    await tabTo(page, (f) => f.id === 'field-email');
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('field-password');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('welcome').waitFor();

    // The first stop is the skip link; it leads past the navigation into the page's content.
    const [first] = await tabTo(page, named('Skip to main content', 'a'), { max: 1 });
    expect(first!.name).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    const afterSkip = await tabTo(page, () => true, { max: 1 });
    expect(afterSkip[0]!.name, 'the first control after the skip link is in the main content').toBe('New report');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reports\/new$/);
    await page.getByRole('form', { name: 'Patient context' }).waitFor();

    // The form, in its visual order.
    const order: string[] = [];
    const walk = async (match: (f: Focused) => boolean) => order.push(...(await tabTo(page, match)).map((f) => f.id || f.name));
    // The form opens with a skip link straight to Build report (issue 14: a shorter keyboard path); walk past it.
    await walk((f) => f.id === 'age');
    await page.keyboard.type('72');
    await walk((f) => f.id === 'sex');
    expect((await focused(page)).value).toBe('female');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).value).toBe('male');
    await walk((f) => f.id === 'med-0');
    await page.keyboard.type('warfarin 5 mg');
    await walk(named('Atrial fibrillation', 'input'));
    await page.keyboard.press('Space');
    expect((await focused(page)).checked).toBe(true);
    await walk(named('Heart and arteries', 'input'));
    await page.keyboard.press('Space');
    expect((await focused(page)).checked).toBe(true);
    await walk(named('Build report', 'button'));
    for (const [before, after] of [
      ['age', 'sex'],
      ['sex', 'patientRef'],
      ['patientRef', 'med-0'],
      ['med-0', 'Atrial fibrillation'],
      ['Atrial fibrillation', 'ckdStage'],
      ['ckdStage', 'vitaminDLevel'],
      ['vitaminDLevel', 'Heart and arteries'],
      ['Heart and arteries', 'build-report'],
    ] as const) {
      expect(order.indexOf(before), `${before} before ${after} in ${order.join(' → ')}`).toBeLessThan(order.indexOf(after));
      expect(order.indexOf(before)).toBeGreaterThanOrEqual(0);
    }
    // Back up with Shift+Tab and forward again: the keyboard moves both ways.
    await tabTo(page, named('Heart and arteries', 'input'), { back: true, max: 10 });
    await tabTo(page, named('Build report', 'button'), { max: 10 });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);

    // Safety first: the first finding is the critical warfarin interaction.
    const findings = page.locator('[data-testid^="safety-"]');
    await findings.first().waitFor();
    expect(await findings.first().getAttribute('data-severity')).toBe('critical');
    expect(await findings.first().textContent()).toMatch(/warfarin/i);

    // The handout, by keyboard.
    await tabTo(page, named('Patient handout', 'a'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/handout$/);
    expect(await page.locator('main h1').first().textContent()).toBeTruthy();
    expect((await page.locator('main').textContent()) ?? '').toMatch(/blood thinner|warfarin/i);
  });
});
