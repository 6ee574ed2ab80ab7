/**
 * The admin curation UI in Chromium: list/search/filter, the create form with field errors, optimistic-concurrency
 * conflicts between two admins, publish → edit → history → retract, and import with every issue listed.
 * The entries each test needs are created here through the JSON API (the seed content may be empty), with ids
 * unique to the run.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');
const db = e2eDatabase();
let admin: HttpSession;
let clinician: HttpSession;
const browsers: Browser[] = [];

beforeAll(async () => {
  admin = (await signInHttp(baseUrl, 'admin@demo.local', demoPassword))!;
  clinician = (await signInHttp(baseUrl, 'clinician@demo.local', demoPassword))!;
  expect(admin).toBeTruthy();
  expect(clinician).toBeTruthy();
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

function trialInput(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `E2E trial ${id}`,
    shortLabel: `E2E ${id.slice(-8)}`,
    year: 2019,
    citation: { doi: `10.5555/${id}`, pmid: '31234567' },
    verification: { status: 'verified', note: 'Checked in the e2e test.' },
    design: 'rct',
    population: { description: 'Adults with coronary calcification', n: 120, sex: 'both', conditions: ['coronary-calcium'] },
    intervention: { form: 'MK-7', doseAmount: 360, doseUnit: 'mcg' },
    comparator: 'placebo',
    outcomes: [{ name: 'Coronary artery calcium score', type: 'surrogate', result: 'No difference.', direction: 'no-difference' }],
    goals: ['cardiovascular'],
    certainty: { grade: 'low' },
    ...overrides,
  };
}

async function createTrial(input: Record<string, unknown>): Promise<void> {
  const res = await api(baseUrl, '/api/v1/trials', { method: 'POST', session: admin, body: input });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function adminBrowser(): Promise<Page> {
  const b = await openBrowser(baseUrl);
  browsers.push(b);
  await signInWithBrowser(b.page, 'admin@demo.local', demoPassword);
  await b.page.getByTestId('welcome').waitFor();
  return b.page;
}

const input = (page: Page, name: string) => page.locator(`form [name="${name}"]`).first();

/** Accept (or dismiss) the next confirmation and return its question. */
function onNextDialog(page: Page, accept: boolean): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    });
  });
}

describe('evidence curation: access', () => {
  it('refuses the curation pages to a clinician and answers 404 for an unknown kind', async () => {
    for (const path of ['/admin/evidence/trials', '/admin/evidence/claims/new', '/admin/evidence/transfer']) {
      const res = await fetch(`${baseUrl}${path}`, { headers: { cookie: clinician.cookie }, redirect: 'manual' });
      expect(res.status, path).toBe(403);
    }
    const res = await fetch(`${baseUrl}/admin/evidence/widgets`, { headers: { cookie: admin.cookie }, redirect: 'manual' });
    expect(res.status).toBe(404);
  });

  it('shows the evidence links: one "Evidence" entry in the main menu, the kinds in the evidence pages\' own menu', async () => {
    const page = await adminBrowser();
    const main = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Evidence', 'Accounts', 'Audit log']) expect(await main.getByRole('link', { name, exact: true }).count(), name).toBe(1);
    await main.getByRole('link', { name: 'Evidence', exact: true }).click();
    await page.getByRole('heading', { name: 'Trials', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Evidence' });
    for (const name of ['Trials', 'Claims', 'Interactions', 'Sources', 'Medications', 'Import/Export']) {
      expect(await nav.getByRole('link', { name, exact: true }).count(), name).toBe(1);
    }
    await nav.getByRole('link', { name: 'Sources', exact: true }).click();
    await page.getByRole('heading', { name: 'Sources', level: 1 }).waitFor();
    await nav.getByRole('link', { name: 'Medications', exact: true }).click();
    await page.getByRole('heading', { name: 'Medications', level: 1 }).waitFor();
  });
});

describe('evidence curation: list', () => {
  it('lists an entry with its citation and verification status; search and filters narrow the list', async () => {
    const token = unique('zebra');
    const hard = unique('e2e-hard');
    const surrogate = unique('e2e-surrogate');
    await createTrial(
      trialInput(hard, {
        title: `Menaquinone and fractures ${token}`,
        verification: { status: 'from-source-document-only', note: 'Only the press release was available.' },
        citation: { doi: '10.1007/s00198-013-2325-6', pmid: '23525894' },
        outcomes: [{ name: 'Fractures', type: 'hard', result: 'Fewer fractures.', direction: 'benefit' }],
        goals: ['bone'],
      }),
    );
    await createTrial(trialInput(surrogate, { title: `Menaquinone and calcium score ${token}`, design: 'observational' }));

    const page = await adminBrowser();
    await page.goto('/admin/evidence/trials');
    const row = page.getByTestId(`entry-${hard}`);
    await row.waitFor();
    expect(await row.getByTestId('citation').textContent()).toContain('DOI 10.1007/s00198-013-2325-6');
    expect(await row.getByTestId('citation').textContent()).toContain('PMID 23525894');
    expect(await row.textContent()).toContain('From source document only');
    expect(await row.textContent()).toContain('Draft');
    expect(await row.getByRole('link', { name: `Menaquinone and fractures ${token}` }).getAttribute('href')).toBe(`/admin/evidence/trials/${hard}`);

    // Search: both trials carry the token, nothing else does.
    await page.getByLabel('Search', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/q=zebra/);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toContain('2 trials match');
    expect(await page.locator('tbody tr').count()).toBe(2);

    // A facet narrows it: only one trial has a hard outcome.
    await page.getByLabel('Outcome type or design').selectOption('outcome:hard');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/facet=outcome%3Ahard/);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toContain('1 trial match');
    expect(await page.getByTestId(`entry-${hard}`).count()).toBe(1);
    expect(await page.getByTestId(`entry-${surrogate}`).count()).toBe(0);

    // Verification and goal filters, through the URL as a bookmark would.
    await page.goto(`/admin/evidence/trials?q=${token}&verification=verified`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId(`entry-${surrogate}`).count()).toBe(1);
    await page.goto(`/admin/evidence/trials?q=${token}&goal=muscle`);
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('empty-state').textContent()).toContain('No trials match');
  });
});

describe('evidence curation: create', () => {
  it('creates a trial through the form; a bad field is reported next to it first and nothing is saved', async () => {
    const id = unique('e2e-form');
    const page = await adminBrowser();
    await page.goto('/admin/evidence/trials');
    await page.getByRole('link', { name: 'New trial' }).click();
    await page.getByRole('heading', { name: 'New trial' }).waitFor();
    const form = page.getByRole('form', { name: 'New trial' });

    await form.getByLabel('Id (required)').fill(id);
    await form.getByLabel('Title (required)').fill('Menaquinone-7 and arterial stiffness');
    await form.getByLabel('Short label').fill('Form 2026');
    await form.getByLabel('Year (required)').fill('2015');
    await form.getByLabel('DOI').fill('https://doi.org/10.1160/TH14-08-0675'); // the bad field: a link, not a DOI
    await form.getByLabel('PMID').fill('25694037');
    await form.getByLabel('Verification status').selectOption('verified');
    await form.getByLabel('How it was checked').fill('Abstract and full text compared.');
    await form.getByLabel('Design (required)').selectOption('rct');
    await form.getByLabel('Comparator').fill('placebo');
    await form.getByLabel('Description (required)').fill('Healthy postmenopausal women');
    await form.getByLabel('Participants (n)').fill('244');
    await form.getByLabel('Sex').selectOption('female');
    await form.getByLabel('postmenopausal').check();
    await form.getByLabel('Form (required)').selectOption('MK-7');
    await form.getByLabel('Dose amount').fill('180');
    await form.getByLabel('Dose unit').selectOption('mcg');
    await form.getByLabel('Co-interventions').fill('calcium\n\nvitamin D3 ');
    await input(page, 'outcomes.0.name').fill('Pulse wave velocity');
    await input(page, 'outcomes.0.type').selectOption('surrogate');
    await input(page, 'outcomes.0.result').fill('Improved in women with high stiffness at baseline.');
    await input(page, 'outcomes.0.direction').selectOption('benefit');
    // A second outcome, by keyboard: the new row takes focus.
    await form.getByRole('button', { name: '+ Add outcome' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('outcomes.1.name');
    await page.keyboard.type('Bone mineral density');
    await input(page, 'outcomes.1.type').selectOption('surrogate');
    await input(page, 'outcomes.1.result').fill('No difference.');
    await input(page, 'outcomes.1.direction').selectOption('no-difference');
    await input(page, 'outcomes.1.effect.measure').fill('difference');
    await input(page, 'outcomes.1.effect.value').fill('0,5');
    await form.getByLabel('cardiovascular').check();
    await form.getByLabel('Certainty (GRADE)').selectOption('moderate');

    await form.getByRole('button', { name: 'Create trial as draft' }).click();
    const error = page.locator('[data-field-error="citation.doi"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('A DOI looks like 10.1093/ajcn/nqz147');
    expect(await page.locator('[data-field-error]').count()).toBe(1);
    expect(await form.getByLabel('DOI').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('form-error').textContent()).toContain('nothing was saved');
    // What was typed is still there, the added row included.
    expect(await form.getByLabel('Title (required)').inputValue()).toBe('Menaquinone-7 and arterial stiffness');
    expect(await input(page, 'outcomes.1.name').inputValue()).toBe('Bone mineral density');
    expect(await form.getByLabel('postmenopausal').isChecked()).toBe(true);
    expect(await db.evidenceEntry.count({ where: { kind: 'trial', id } })).toBe(0);

    await form.getByLabel('DOI').fill('10.1160/TH14-08-0675');
    await form.getByRole('button', { name: 'Create trial as draft' }).click();
    await page.waitForURL(new RegExp(`/admin/evidence/trials/${id}\\?created=1`));
    await page.getByTestId('created').waitFor();

    const row = await db.evidenceEntry.findUniqueOrThrow({ where: { kind_id: { kind: 'trial', id } } });
    expect(row.status).toBe('draft');
    expect(row.version).toBe(1);
    expect(row.data).toMatchObject({
      year: 2015,
      citation: { doi: '10.1160/TH14-08-0675', pmid: '25694037' },
      population: { n: 244, sex: 'female', conditions: ['postmenopausal'] },
      intervention: { form: 'MK-7', doseAmount: 180, doseUnit: 'mcg', coInterventions: ['calcium', 'vitamin D3'] },
      outcomes: [{ name: 'Pulse wave velocity' }, { name: 'Bone mineral density', effect: { measure: 'difference', value: 0.5 } }],
      goals: ['cardiovascular'],
    });
    expect(row.data).not.toHaveProperty('funding');
  });
});

describe('evidence curation: medications', () => {
  it('creates a medication through the form: class and interaction entry chosen, a brand row added by keyboard, codes pasted; errors next to their fields', async () => {
    // The source it cites and the interaction entry it names, through the API.
    const sourceId = unique('e2e-med-source');
    const interactionId = unique('e2e-med-interaction');
    const source = { id: sourceId, title: 'Warfarin label', kind: 'product-label', citation: { url: 'https://dailymed.nlm.nih.gov/' }, verification: { status: 'verified', note: 'e2e' }, summary: 'Label.' };
    expect((await api(baseUrl, '/api/v1/sources', { method: 'POST', session: admin, body: source })).status).toBe(201);
    const interaction = {
      id: interactionId,
      substance: `Warfarin ${interactionId}`,
      drugClass: 'vitamin K antagonist',
      genericNames: ['warfarin'],
      effect: 'Vitamin K lowers the INR.',
      safetyCode: 'vka-interaction',
      severity: 'critical',
      advice: 'Not without the anticoagulation clinic.',
      citations: [{ kind: 'source', id: sourceId }],
      verification: { status: 'verified', note: 'e2e' },
    };
    expect((await api(baseUrl, '/api/v1/interactions', { method: 'POST', session: admin, body: interaction })).status).toBe(201);

    const id = unique('e2e-med');
    const page = await adminBrowser();
    await page.goto('/admin/evidence/medications');
    await page.getByRole('link', { name: 'New medication' }).click();
    await page.getByRole('heading', { name: 'New medication' }).waitFor();
    const form = page.getByRole('form', { name: 'New medication' });
    await form.getByLabel('Id (required)').fill(id);
    await form.getByLabel('Ingredient (required)').fill(`warfarin ${id}`);
    await form.getByLabel('Class (required)').selectOption('vka');
    await form.getByLabel('Interaction entry').selectOption(interactionId);
    await form.getByLabel('Synonyms').fill('warfarin sodium\nwarfarine');
    await form.getByRole('button', { name: '+ Add brand' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('brands.0.name');
    await page.keyboard.type('Coumadin');
    await input(page, 'brands.0.countries').fill('us, ca');
    await input(page, 'brands.0.status').selectOption('checked'); // the bad field: checked, but not where
    await form.getByLabel('RxNorm ingredients (IN, PIN)').fill('11289');
    await form.getByLabel('RxNorm clinical drugs (SCD)').fill('855332, 855338\n855344');
    await form.getByLabel('ATC codes').fill('B01AA03');
    await input(page, 'citations.0.kind').selectOption('source');
    await input(page, 'citations.0.id').fill(sourceId);
    await form.getByLabel('Verification status').selectOption('verified');
    await form.getByLabel('How it was checked').fill('DailyMed label and RxNav.');

    await form.getByRole('button', { name: 'Create medication as draft' }).click();
    const error = page.locator('[data-field-error="brands.0.checkedIn"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('A checked brand names where it was checked.');
    expect(await page.locator('[data-field-error]').count()).toBe(1);
    expect(await input(page, 'brands.0.checkedIn').getAttribute('aria-invalid')).toBe('true');
    expect(await input(page, 'brands.0.name').inputValue()).toBe('Coumadin');
    expect(await form.getByLabel('Interaction entry').inputValue()).toBe(interactionId);
    expect(await db.evidenceEntry.count({ where: { kind: 'medication', id } })).toBe(0);

    await input(page, 'brands.0.checkedIn').fill('DailyMed SPL, Coumadin');
    await form.getByRole('button', { name: 'Create medication as draft' }).click();
    await page.waitForURL(new RegExp(`/admin/evidence/medications/${id}\\?created=1`));
    await page.getByTestId('created').waitFor();
    const row = await db.evidenceEntry.findUniqueOrThrow({ where: { kind_id: { kind: 'medication', id } } });
    expect(row).toMatchObject({ status: 'draft', version: 1, title: `warfarin ${id}`, label: 'vka' });
    expect(row.data).toEqual({
      id,
      ingredient: `warfarin ${id}`,
      medicationClass: 'vka',
      interactionId,
      synonyms: ['warfarin sodium', 'warfarine'],
      brands: [{ name: 'Coumadin', countries: ['US', 'CA'], status: 'checked', checkedIn: 'DailyMed SPL, Coumadin' }],
      rxnorm: { ingredients: ['11289'], clinicalDrugs: ['855332', '855338', '855344'], brandedDrugs: [] },
      atc: ['B01AA03'],
      citations: [{ kind: 'source', id: sourceId }],
      verification: { status: 'verified', note: 'DailyMed label and RxNav.' },
    });

    // The edit form shows it back; the list finds it by brand and by class, and links its interaction entry.
    expect(await input(page, 'rxnorm.clinicalDrugs').inputValue()).toBe('855332, 855338, 855344');
    expect(await page.getByRole('form', { name: 'Edit medication' }).getByLabel('Interaction entry').inputValue()).toBe(interactionId);
    await page.goto('/admin/evidence/medications?q=coumadin');
    await page.getByLabel('Class', { exact: true }).selectOption('class:vka');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/facet=class%3Avka/);
    const listed = page.getByTestId(`entry-${id}`);
    await listed.waitFor();
    expect(await listed.textContent()).toContain('Vitamin K antagonist (VKA)');
    expect(await listed.getByTestId('citation').getByRole('link', { name: interactionId }).getAttribute('href')).toBe(`/admin/evidence/interactions/${interactionId}`);
  });
});

describe('evidence curation: concurrent edits', () => {
  it('shows the second editor a conflict with the newer values, keeps their input, saves nothing, and allows a deliberate re-save', async () => {
    const id = unique('e2e-conflict');
    await createTrial(trialInput(id));
    const [first, second] = [await adminBrowser(), await adminBrowser()];
    await first.goto(`/admin/evidence/trials/${id}`);
    await second.goto(`/admin/evidence/trials/${id}`);

    await input(first, 'comparator').fill('no treatment');
    await first.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => first.getByTestId('form-success').textContent()).toContain('Saved as version 2');

    await input(second, 'population.description').fill('Hemodialysis patients');
    await second.getByRole('button', { name: 'Save changes' }).click();
    const error = second.getByTestId('form-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Someone else saved version 2 while you were editing; your changes were not saved.');
    const diff = second.getByTestId('conflict-diff');
    expect(await diff.locator('[data-path="comparator"]').textContent()).toContain('no treatment');
    expect(await diff.locator('[data-path="population.description"]').textContent()).toContain('Adults with coronary calcification');
    // The second editor's typing survives, and the form is now based on version 2.
    expect(await input(second, 'population.description').inputValue()).toBe('Hemodialysis patients');
    expect(await second.getByTestId('form-version').inputValue()).toBe('2');

    const stored = await api(baseUrl, `/api/v1/trials/${id}`, { session: admin });
    expect(stored.body).toMatchObject({ version: 2, entry: { comparator: 'no treatment', population: { description: 'Adults with coronary calcification' } } });

    // Saving again is a deliberate choice to replace version 2 with what is in this form.
    await second.getByRole('button', { name: 'Save mine, replacing version 2' }).click();
    await expect.poll(() => second.getByTestId('form-success').textContent()).toContain('Saved as version 3');
    const after = await api(baseUrl, `/api/v1/trials/${id}`, { session: admin });
    expect(after.body).toMatchObject({ version: 3, entry: { comparator: 'placebo', population: { description: 'Hemodialysis patients' } } });
  });
});

describe('evidence curation: publish, edit, history, retract', () => {
  it('publishes after confirmation, records the edit of the published trial in history, and retracts it from clinicians', async () => {
    const id = unique('e2e-publish');
    await createTrial(trialInput(id, { shortLabel: 'Publish Me 2019' }));
    const page = await adminBrowser();
    await page.goto(`/admin/evidence/trials/${id}`);
    const status = page.getByRole('form', { name: 'Change status' });
    const edit = page.getByRole('form', { name: 'Edit trial' });

    // A draft edit first (version 2), so that the form has saved once before the status changes under it.
    await input(page, 'comparator').fill('placebo tablets');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => edit.getByTestId('form-success').textContent()).toContain('Saved as version 2');

    // Cancelling the confirmation changes nothing.
    let question = onNextDialog(page, false);
    await status.getByRole('button', { name: 'Publish' }).click();
    expect(await question).toContain('Reports start using');
    expect((await db.evidenceEntry.findUniqueOrThrow({ where: { kind_id: { kind: 'trial', id } } })).status).toBe('draft');

    question = onNextDialog(page, true);
    await status.getByRole('button', { name: 'Publish' }).click();
    expect(await question).toContain('Publish the trial “Publish Me 2019”');
    await expect.poll(() => status.getByTestId('form-success').textContent()).toContain('Published');
    await expect.poll(() => page.getByTestId('status-explained').textContent()).toContain('Published: reports use it');
    const listed = await api(baseUrl, '/api/v1/trials?limit=500', { session: clinician });
    expect((listed.body.items as Array<{ id: string }>).map((i) => i.id)).toContain(id);

    // Editing the published trial in the same form: based on the published version 3, so no false conflict.
    await input(page, 'comparator').fill('vitamin K1');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => edit.getByTestId('form-success').textContent()).toContain('Saved as version 4. It is published');

    await page.getByRole('link', { name: 'History and changes' }).click();
    await page.getByTestId('revisions').waitFor();
    expect(await page.getByTestId('revision-3').textContent()).toContain('Published');
    expect(await page.getByTestId('revision-4').textContent()).toContain('Edited');
    // Default comparison: the previous version against the latest.
    expect(await page.getByLabel('From (before)').inputValue()).toBe('3');
    expect(await page.getByLabel('To (after)').inputValue()).toBe('4');
    const changed = page.getByTestId('diff').locator('[data-path="comparator"]');
    expect(await changed.getAttribute('data-change')).toBe('changed');
    expect(await changed.textContent()).toMatch(/Changed.*placebo tablets.*vitamin K1/);
    expect(await page.getByTestId('diff').locator('tbody tr').count()).toBe(1);
    // Any two versions: 1 → 4 also shows the status change.
    await page.getByLabel('From (before)').selectOption('1');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/from=1&to=4/);
    expect(await page.getByTestId('diff').locator('[data-path="status"]').textContent()).toMatch(/draft.*published/);

    await page.goto(`/admin/evidence/trials/${id}`);
    question = onNextDialog(page, true);
    await status.getByRole('button', { name: 'Retract' }).click();
    expect(await question).toContain('Reports stop using it');
    await expect.poll(() => page.getByTestId('status-explained').textContent()).toContain('Retracted');
    const after = await api(baseUrl, '/api/v1/trials?limit=500', { session: clinician });
    expect(after.status).toBe(200);
    expect((after.body.items as Array<{ id: string }>).map((i) => i.id)).not.toContain(id);
    expect((await api(baseUrl, `/api/v1/trials/${id}`, { session: clinician })).status).toBe(404);
  });

  it('refuses a status change on a version someone else has replaced, and the form then reports the conflict', async () => {
    const id = unique('e2e-stale');
    await createTrial(trialInput(id));
    const page = await adminBrowser();
    await page.goto(`/admin/evidence/trials/${id}`);
    await input(page, 'funding').fill('Typed before the other change');
    const other = await api(baseUrl, `/api/v1/trials/${id}`, { method: 'PATCH', session: admin, body: { version: 1, comparator: 'no treatment' } });
    expect(other.status).toBe(200);

    const status = page.getByRole('form', { name: 'Change status' });
    const question = onNextDialog(page, true);
    await status.getByRole('button', { name: 'Publish' }).click();
    await question;
    await expect.poll(() => status.getByTestId('form-error').textContent()).toContain('Someone else saved version 2');
    expect((await db.evidenceEntry.findUniqueOrThrow({ where: { kind_id: { kind: 'trial', id } } })).status).toBe('draft');

    // The typed value is still there, and saving it does not silently overwrite version 2.
    expect(await input(page, 'funding').inputValue()).toBe('Typed before the other change');
    await page.getByRole('form', { name: 'Edit trial' }).getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('conflict').waitFor();
    expect(await page.getByTestId('conflict-diff').locator('[data-path="comparator"]').textContent()).toContain('no treatment');
    expect((await api(baseUrl, `/api/v1/trials/${id}`, { session: admin })).body).toMatchObject({ version: 2, entry: { comparator: 'no treatment' } });
  });
});

describe('evidence curation: import', () => {
  it('lists every invalid field of a file by path and imports nothing; a valid paste is imported with its counts', async () => {
    const good = unique('e2e-import-good');
    const bad = unique('e2e-import-bad');
    const file = {
      format: 'k2-evidence/1',
      trials: [
        { status: 'draft', entry: trialInput(good) },
        { status: 'published', entry: trialInput(bad, { year: 'twenty-nineteen', citation: { doi: 'doi.org/10.1/x' }, population: { description: 'Adults', n: 0, sex: 'both' } }) },
      ],
    };
    const before = await db.evidenceEntry.count();
    const page = await adminBrowser();
    await page.goto('/admin/evidence/transfer');
    await page.getByLabel('JSON file').setInputFiles({ name: 'evidence.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    const question = onNextDialog(page, true);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    expect(await question).toContain('nothing changes');
    const issues = page.getByTestId('import-issues');
    await issues.waitFor();
    expect(await page.getByTestId('form-error').textContent()).toContain('3 problems; nothing was imported');
    const paths = await issues.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    expect(paths.sort()).toEqual(['trials.1.entry.citation.doi', 'trials.1.entry.population.n', 'trials.1.entry.year']);
    expect(await issues.locator('[data-path="trials.1.entry.year"]').textContent()).toContain(bad);
    expect(await db.evidenceEntry.count()).toBe(before);
    expect(await db.evidenceEntry.count({ where: { id: { in: [good, bad] } } })).toBe(0);

    // Only the valid part, pasted.
    await page.getByLabel('Or paste the JSON').fill(JSON.stringify({ format: 'k2-evidence/1', trials: [file.trials[0]] }));
    const again = onNextDialog(page, true);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await again;
    await expect.poll(() => page.getByTestId('form-success').textContent()).toContain('Imported: 1 created, 0 updated, 0 unchanged');
    expect(await db.evidenceEntry.count()).toBe(before + 1);
    expect((await db.evidenceEntry.findUniqueOrThrow({ where: { kind_id: { kind: 'trial', id: good } } })).status).toBe('draft');
  });

  it('offers the export as a download of every entry', async () => {
    const page = await adminBrowser();
    await page.goto('/admin/evidence/transfer');
    const link = page.getByRole('link', { name: 'Download export (.json)' });
    expect(await link.getAttribute('href')).toBe('/api/v1/evidence/export');
    const res = await api(baseUrl, '/api/v1/evidence/export', { session: admin });
    expect(res.status).toBe(200);
    expect(res.body.format).toBe('k2-evidence/1');
  });
});
