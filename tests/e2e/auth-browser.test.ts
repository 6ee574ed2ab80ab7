import { afterAll, describe, expect, inject, it } from 'vitest';
import { e2eDatabase } from '../support/db';
import { createClinician, uniqueEmail } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');
const db = e2eDatabase();
const browsers: Browser[] = [];

async function browser(): Promise<Browser> {
  const b = await openBrowser(baseUrl);
  browsers.push(b);
  return b;
}

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

describe('sign-in in Chromium', () => {
  it('signs in each demo account and shows its role', async () => {
    for (const [email, role, seesAccounts] of [
      ['admin@demo.local', 'Admin', true],
      ['clinician@demo.local', 'Clinician', false],
    ] as const) {
      const { page } = await browser();
      await signInWithBrowser(page, email, demoPassword);
      await page.getByTestId('welcome').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.getByTestId('signed-in-as').textContent()).toContain(role);
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts', exact: true }).count()).toBe(seesAccounts ? 1 : 0);
    }
  });

  it('shows an error for a wrong password and stays on the login page', async () => {
    const { page } = await browser();
    await signInWithBrowser(page, 'clinician@demo.local', 'not the password at all');
    await expect.poll(() => page.getByTestId('form-error').textContent()).toContain('not correct');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByLabel('E-mail').inputValue()).toBe('clinician@demo.local');
  });

  it('gives field errors for an empty form', async () => {
    const { page } = await browser();
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-field-error="email"]').waitFor();
    expect(await page.locator('[data-field-error="password"]').textContent()).toContain('Enter your password');
  });

  it('locks the account after 5 failures: the 6th attempt is refused even with the right password, and it is audited', async () => {
    const user = await createClinician(db);
    const { page } = await browser();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInWithBrowser(page, user.email, `wrong password number ${attempt}`);
      await page.getByTestId('form-error').waitFor();
    }
    expect(await page.getByTestId('form-error').textContent()).toContain('locked for 15 minutes');
    await signInWithBrowser(page, user.email, user.password);
    await expect.poll(() => page.getByTestId('form-error').textContent()).toContain('locked');
    expect(new URL(page.url()).pathname).toBe('/login');

    const audit = await db.auditEvent.findMany({ where: { actor: user.email }, orderBy: { id: 'asc' } });
    expect(audit.filter((e) => e.action === 'auth.sign-in.failed')).toHaveLength(5);
    expect(audit.filter((e) => e.action === 'auth.lockout')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'auth.sign-in.refused-locked')).toHaveLength(1);
    expect(audit.some((e) => e.action === 'auth.sign-in')).toBe(false);
  });

  it('lets an admin create a clinician who then signs in', async () => {
    const admin = await browser();
    await signInWithBrowser(admin.page, 'admin@demo.local', demoPassword);
    await admin.page.getByTestId('welcome').waitFor();
    await admin.page.goto('/admin/accounts');
    const email = uniqueEmail('new-clinician');
    const form = admin.page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Name').fill('Dr New Clinician');
    await form.getByLabel('Role').selectOption('CLINICIAN');
    await form.getByLabel('Initial password').fill('a fresh clinic passphrase');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => admin.page.getByTestId('form-success').textContent()).toContain(email);
    await admin.page.getByTestId(`account-${email}`).waitFor();

    const clinician = await browser();
    await signInWithBrowser(clinician.page, email, 'a fresh clinic passphrase');
    await clinician.page.getByTestId('welcome').waitFor();
    expect(await clinician.page.getByTestId('welcome').textContent()).toContain('Dr New Clinician');
    expect(await db.auditEvent.count({ where: { action: 'account.create', details: { path: ['email'], equals: email } } })).toBe(1);
  });

  it('rejects a weak initial password with a field error and creates nothing', async () => {
    const admin = await browser();
    await signInWithBrowser(admin.page, 'admin@demo.local', demoPassword);
    await admin.page.getByTestId('welcome').waitFor();
    await admin.page.goto('/admin/accounts');
    const email = uniqueEmail('weak');
    const form = admin.page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Name').fill('Weak Password');
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Create account' }).click();
    await admin.page.locator('[data-field-error="password"]').waitFor();
    expect(await form.getByLabel('E-mail').inputValue()).toBe(email);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it('signs a clinician out on the next request after an admin disables the account', async () => {
    const user = await createClinician(db, { name: 'Dr Soon Offline' });
    const clinician = await browser();
    await signInWithBrowser(clinician.page, user.email, user.password);
    await clinician.page.getByTestId('welcome').waitFor();

    const admin = await browser();
    await signInWithBrowser(admin.page, 'admin@demo.local', demoPassword);
    await admin.page.getByTestId('welcome').waitFor();
    await admin.page.goto('/admin/accounts');
    admin.page.once('dialog', (dialog) => void dialog.accept());
    await admin.page.getByTestId(`account-${user.email}`).getByRole('button', { name: 'Disable' }).click();
    // Wait for the saved state, not for text that could match too early (a name containing "Disabled" once did).
    await expect.poll(async () => (await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabled).toBe(true);
    await expect.poll(() => admin.page.getByTestId(`account-${user.email}`).getByRole('button', { name: 'Enable' }).count()).toBe(1);

    // The clinician's next request lands on the login page.
    await clinician.page.reload();
    await clinician.page.waitForURL(/\/login/);
    const response = await clinician.context.request.get('/api/v1/me');
    expect(response.status()).toBe(401);
  });

  it('signs out, and the old session cookie is useless afterwards', async () => {
    const user = await createClinician(db);
    const b = await browser();
    await signInWithBrowser(b.page, user.email, user.password);
    await b.page.getByTestId('welcome').waitFor();
    const cookies = await b.context.cookies();
    const session = cookies.find((c) => c.name.includes('authjs.session-token'));
    expect(session).toBeDefined();
    await b.page.getByRole('button', { name: 'Sign out' }).click();
    await b.page.waitForURL(/\/login/);
    const replay = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: `${session!.name}=${session!.value}` } });
    expect(replay.status).toBe(401);
  });
});
