import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdmin, createClinician } from '../factories';
import { interactionEntry, medicationEntry, sourceEntry, trialEntry } from '../fixtures/evidence';
import { e2eDatabase } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let clinician: HttpSession;
let admin: HttpSession;
let otherAdmin: HttpSession;

beforeAll(async () => {
  const c = await createClinician(db);
  const [a1, a2] = [await createAdmin(db), await createAdmin(db)];
  clinician = (await signInHttp(baseUrl, c.email, c.password))!;
  admin = (await signInHttp(baseUrl, a1.email, a1.password))!;
  otherAdmin = (await signInHttp(baseUrl, a2.email, a2.password))!;
});

describe('curation API', () => {
  it('serves the seeded, published evidence to a clinician without curation state; 401 without a session', async () => {
    expect((await api(baseUrl, '/api/v1/trials')).status).toBe(401);
    const list = await api(baseUrl, '/api/v1/trials?limit=500', { session: clinician });
    expect(list.status).toBe(200);
    const items = list.body.items as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item).not.toHaveProperty('status');
      expect(item).not.toHaveProperty('version');
    }
    const zwakenberg = items.find((i) => i.id === 'zwakenberg-2019');
    expect(zwakenberg?.entry).toMatchObject({ citation: { doi: '10.1093/ajcn/nqz147' } });
    const adminList = await api(baseUrl, '/api/v1/trials?limit=500', { session: admin });
    expect((adminList.body.items as Array<Record<string, unknown>>)[0]).toHaveProperty('status');
    expect((adminList.body.items as Array<Record<string, unknown>>)[0]).toHaveProperty('version');
    expect((await api(baseUrl, '/api/v1/trials?status=bogus', { session: admin })).status).toBe(400);
  });

  it('answers 403 to a clinician on every curation write', async () => {
    const entry = trialEntry();
    expect((await api(baseUrl, '/api/v1/trials', { method: 'POST', session: clinician, body: entry })).status).toBe(403);
    expect((await api(baseUrl, '/api/v1/trials/zwakenberg-2019', { method: 'PATCH', session: clinician, body: { version: 1, title: 'x' } })).status).toBe(403);
    for (const action of ['publish', 'unpublish', 'retract']) {
      expect((await api(baseUrl, `/api/v1/trials/zwakenberg-2019/${action}`, { method: 'POST', session: clinician })).status, action).toBe(403);
    }
    expect((await api(baseUrl, '/api/v1/trials/zwakenberg-2019/revisions', { session: clinician })).status).toBe(403);
    expect((await api(baseUrl, '/api/v1/evidence/export', { session: clinician })).status).toBe(403);
    expect((await api(baseUrl, '/api/v1/evidence/import', { method: 'POST', session: clinician, body: { format: 'k2-evidence/1' } })).status).toBe(403);
    expect(await db.evidenceEntry.count({ where: { id: entry.id } })).toBe(0);
  });

  it('creates, refuses bad input field by field, publishes, and conflicts on a stale PATCH without overwriting', async () => {
    const bad = await api(baseUrl, '/api/v1/trials', { method: 'POST', session: admin, body: { ...trialEntry(), year: 'soon', population: { sex: 'both' } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object).sort()).toEqual(['population.description', 'year']);

    const entry = trialEntry();
    const created = await api(baseUrl, '/api/v1/trials', { method: 'POST', session: admin, body: entry });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: entry.id, version: 1, status: 'draft' });
    expect((await api(baseUrl, `/api/v1/trials/${entry.id}`, { session: clinician })).status).toBe(404);

    const first = await api(baseUrl, `/api/v1/trials/${entry.id}`, { method: 'PATCH', session: admin, body: { version: 1, title: 'First admin title' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2 });
    const second = await api(baseUrl, `/api/v1/trials/${entry.id}`, { method: 'PATCH', session: otherAdmin, body: { version: 1, title: 'Second admin title' } });
    expect(second.status).toBe(409);
    expect(second.body.current).toMatchObject({ version: 2, entry: { title: 'First admin title' } });
    expect((await api(baseUrl, `/api/v1/trials/${entry.id}`, { method: 'PATCH', session: admin, body: { title: 'no version' } })).status).toBe(400);

    const evBefore = (await api(baseUrl, '/api/v1/evidence/version', { session: clinician })).body.evidenceVersion;
    const published = await api(baseUrl, `/api/v1/trials/${entry.id}/publish`, { method: 'POST', session: admin, body: { version: 2 } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', version: 3 });
    const evAfter = (await api(baseUrl, '/api/v1/evidence/version', { session: clinician })).body.evidenceVersion;
    expect(evAfter).not.toBe(evBefore);
    expect((await api(baseUrl, `/api/v1/trials/${entry.id}`, { session: clinician })).body).toMatchObject({ id: entry.id, entry: { title: 'First admin title' } });

    const diff = await api(baseUrl, `/api/v1/trials/${entry.id}/diff?from=1&to=3`, { session: admin });
    expect(diff.body.changes).toEqual([
      { path: 'status', change: 'changed', before: 'draft', after: 'published' },
      { path: 'title', change: 'changed', before: entry.title, after: 'First admin title' },
    ]);

    expect((await api(baseUrl, `/api/v1/trials/${entry.id}/retract`, { method: 'POST', session: admin })).status).toBe(200);
    const visible = await api(baseUrl, `/api/v1/trials?q=${entry.id}`, { session: clinician });
    expect(visible.body.total).toBe(0);
  });

  it('issue 15, no 500s: a NUL byte in the search or the id, and prototype keys as the action, are 400 or 404', async () => {
    for (const kind of ['trials', 'claims', 'sources', 'interactions', 'medications']) {
      const search = await api(baseUrl, `/api/v1/${kind}?q=%00`, { session: clinician });
      expect(search.status, `${kind}?q=%00`).toBe(400);
      expect(search.body.fields).toHaveProperty('q');
      expect((await api(baseUrl, `/api/v1/${kind}/%00`, { session: clinician })).status, `${kind}/%00`).toBe(404);
      expect((await api(baseUrl, `/api/v1/${kind}/a%00b`, { method: 'PATCH', session: admin, body: { version: 1 } })).status).toBe(404);
    }
    for (const action of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await api(baseUrl, `/api/v1/trials/zwakenberg-2019/${action}`, { method: 'POST', session: admin });
      expect(res.status, action).toBe(404);
    }
    expect((await api(baseUrl, '/api/v1/trials/%00/revisions', { session: admin })).status).toBe(404);
  });

  it('lists claims and interactions for clinicians too', async () => {
    const claims = await api(baseUrl, '/api/v1/claims', { session: clinician });
    expect(claims.status).toBe(200);
    expect((claims.body.items as unknown[]).length).toBeGreaterThanOrEqual(10);
    const vka = await api(baseUrl, '/api/v1/interactions?facet=safety:vka-interaction', { session: clinician });
    expect(JSON.stringify(vka.body)).toMatch(/warfarin/i);
  });

  it('medications: the same API as the other kinds (create, list with filters, PATCH with version, publish, revisions, diff, retract)', async () => {
    expect((await api(baseUrl, '/api/v1/medications')).status).toBe(401);
    // The entries it names, through the API too: the seed content may have no medications.
    const source = sourceEntry();
    const interaction = interactionEntry(source.id);
    expect((await api(baseUrl, '/api/v1/sources', { method: 'POST', session: admin, body: source })).status).toBe(201);
    expect((await api(baseUrl, '/api/v1/interactions', { method: 'POST', session: admin, body: interaction })).status).toBe(201);

    const unknown = await api(baseUrl, '/api/v1/medications', { method: 'POST', session: admin, body: medicationEntry('no-such-interaction', source.id) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual({ interactionId: ['No interaction entry with id "no-such-interaction".'] });
    const bad = await api(baseUrl, '/api/v1/medications', { method: 'POST', session: admin, body: { ...medicationEntry(interaction.id, source.id), atc: ['B01'], medicationClass: 'vitamin' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object).sort()).toEqual(['atc.0', 'medicationClass']);

    const entry = medicationEntry(interaction.id, source.id);
    expect((await api(baseUrl, '/api/v1/medications', { method: 'POST', session: clinician, body: entry })).status).toBe(403);
    const created = await api(baseUrl, '/api/v1/medications', { method: 'POST', session: admin, body: entry });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'medication', id: entry.id, version: 1, status: 'draft' });
    expect((await api(baseUrl, `/api/v1/medications/${entry.id}`, { session: clinician })).status).toBe(404);

    const listed = await api(baseUrl, `/api/v1/medications?q=${entry.id}&status=draft&verification=verified&facet=class:vka&limit=10&offset=0`, { session: admin });
    expect(listed.status).toBe(200);
    expect((listed.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([entry.id]);
    expect((await api(baseUrl, `/api/v1/medications?q=${entry.id}&facet=class:doac`, { session: admin })).body.total).toBe(0);
    expect((await api(baseUrl, '/api/v1/medications?facet=class', { session: admin })).status).toBe(400);

    const patched = await api(baseUrl, `/api/v1/medications/${entry.id}`, { method: 'PATCH', session: admin, body: { version: 1, synonyms: ['warfarin sodium'] } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const stale = await api(baseUrl, `/api/v1/medications/${entry.id}`, { method: 'PATCH', session: otherAdmin, body: { version: 1, synonyms: [] } });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ version: 2, entry: { synonyms: ['warfarin sodium'] } });

    const published = await api(baseUrl, `/api/v1/medications/${entry.id}/publish`, { method: 'POST', session: admin, body: { version: 2 } });
    expect(published.body).toMatchObject({ status: 'published', version: 3 });
    const seen = await api(baseUrl, `/api/v1/medications?q=${entry.id}`, { session: clinician });
    expect(seen.body.items).toEqual([{ id: entry.id, entry: expect.objectContaining({ ingredient: 'warfarin', interactionId: interaction.id }) }]);
    expect((await api(baseUrl, `/api/v1/medications/${entry.id}/revisions`, { session: clinician })).status).toBe(403);
    const revisions = await api(baseUrl, `/api/v1/medications/${entry.id}/revisions`, { session: admin });
    expect((revisions.body.revisions as Array<{ action: string }>).map((r) => r.action)).toEqual(['publish', 'update', 'create']);
    const diff = await api(baseUrl, `/api/v1/medications/${entry.id}/diff?from=1&to=3`, { session: admin });
    expect(diff.body.changes).toEqual([
      { path: 'status', change: 'changed', before: 'draft', after: 'published' },
      { path: 'synonyms.1', change: 'removed', before: 'warfarine' },
    ]);

    expect((await api(baseUrl, `/api/v1/medications/${entry.id}/unpublish`, { method: 'POST', session: admin })).body).toMatchObject({ status: 'draft' });
    expect((await api(baseUrl, `/api/v1/medications/${entry.id}/retract`, { method: 'POST', session: admin })).body).toMatchObject({ status: 'retracted' });
    expect((await api(baseUrl, `/api/v1/medications/${entry.id}`, { session: clinician })).status).toBe(404);
    const exported = await api(baseUrl, '/api/v1/evidence/export', { session: admin });
    expect((exported.body.medications as Array<{ status: string; entry: { id: string } }>).find((m) => m.entry.id === entry.id)).toMatchObject({ status: 'retracted' });
  });

  it('import: a medication naming an unknown interaction entry changes nothing', async () => {
    const before = await db.evidenceEntry.count();
    const res = await api(baseUrl, '/api/v1/evidence/import', {
      method: 'POST',
      session: admin,
      body: { format: 'k2-evidence/1', medications: [{ entry: medicationEntry('no-such-interaction', 'nih-ods-vitamin-k-hp') }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: 'medications.0.entry.interactionId', message: 'No interaction entry with id "no-such-interaction".' }]);
    expect(await db.evidenceEntry.count()).toBe(before);
  });

  it('import: a file with one bad entry changes nothing and lists every invalid field by path', async () => {
    const before = await db.evidenceEntry.count();
    const res = await api(baseUrl, '/api/v1/evidence/import', {
      method: 'POST',
      session: admin,
      body: { format: 'k2-evidence/1', trials: [{ entry: trialEntry() }, { entry: { ...trialEntry(), year: 10, goals: ['longevity'] } }] },
    });
    expect(res.status).toBe(400);
    expect((res.body.issues as Array<{ path: string }>).map((i) => i.path).sort()).toEqual(['trials.1.entry.goals.0', 'trials.1.entry.year']);
    expect(await db.evidenceEntry.count()).toBe(before);
  });
});
