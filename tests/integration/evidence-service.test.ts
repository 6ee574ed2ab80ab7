import { describe, expect, it } from 'vitest';
import { db } from '@/lib/server/db';
import {
  changeStatus,
  createEntry,
  diffRevisions,
  EvidenceError,
  exportEvidence,
  getEntry,
  getEvidenceVersion,
  importEvidence,
  listEntries,
  listRevisions,
  updateEntry,
} from '@/lib/server/evidence/service';
import { getEvidenceSnapshot } from '@/lib/server/reports/snapshot';
import { createAdmin } from '../factories';
import { claimEntry, interactionEntry, medicationEntry, sourceEntry, trialEntry, uniqueId } from '../fixtures/evidence';

async function actor(): Promise<{ id: string; email: string }> {
  const admin = await createAdmin(db);
  return { id: admin.id, email: admin.email };
}

describe('evidence service on the real database', () => {
  it('creates a draft, refuses a duplicate id, and reports bad fields by path without writing', async () => {
    const a = await actor();
    const input = trialEntry();
    const view = await createEntry('trial', input, a, null);
    expect(view).toMatchObject({ kind: 'trial', id: input.id, version: 1, status: 'draft' });
    await expect(createEntry('trial', input, a, null)).rejects.toMatchObject({ status: 409 });

    const bad = trialEntry({ year: 3000, outcomes: [] });
    const error = await createEntry('trial', bad, a, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as EvidenceError).issues.map((i) => i.path).sort()).toEqual(['outcomes', 'year']);
    expect(await getEntry('trial', bad.id, false)).toBeNull();
  });

  it('refuses a claim whose citation does not resolve', async () => {
    const a = await actor();
    const error = await createEntry('claim', claimEntry('no-such-source'), a, null).catch((e: unknown) => e);
    expect((error as EvidenceError).issues).toEqual([{ path: 'citations.0.id', message: 'No source with id "no-such-source".' }]);
  });

  it('two admins editing the same version: the second gets a conflict with the current entry, the first edit survives', async () => {
    const [first, second] = [await actor(), await actor()];
    const created = await createEntry('trial', trialEntry(), first, null);
    const readByBoth = created.version;

    const edit1 = { ...created.entry, title: 'Edited by the first admin' };
    const edit2 = { ...created.entry, title: 'Edited by the second admin' };
    const saved = await updateEntry('trial', created.id, readByBoth, edit1, first, null);
    expect(saved.version).toBe(2);

    const conflict = await updateEntry('trial', created.id, readByBoth, edit2, second, null).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(EvidenceError);
    expect((conflict as EvidenceError).status).toBe(409);
    expect((conflict as EvidenceError).current).toMatchObject({ version: 2, entry: { title: 'Edited by the first admin' } });
    expect((await getEntry('trial', created.id, false))!.entry).toMatchObject({ title: 'Edited by the first admin' });
    expect((await listRevisions('trial', created.id)).map((r) => r.version)).toEqual([2, 1]);
  });

  it('truly concurrent saves of one version: exactly one wins', async () => {
    const a = await actor();
    const created = await createEntry('trial', trialEntry(), a, null);
    const results = await Promise.allSettled(
      ['one', 'two', 'three', 'four'].map((n) => updateEntry('trial', created.id, 1, { ...created.entry, title: `Concurrent ${n}` }, a, null)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as EvidenceError).status === 409)).toHaveLength(3);
    expect((await getEntry('trial', created.id, false))!.version).toBe(2);
  });

  it('publishing changes the evidence version; editing a published entry keeps the old version in the history; retracting removes it from what clinicians see', async () => {
    const a = await actor();
    const created = await createEntry('trial', trialEntry(), a, null);
    expect(await getEntry('trial', created.id, true)).toBeNull();

    const before = await getEvidenceVersion();
    const published = await changeStatus('trial', created.id, 'publish', created.version, a, null);
    expect(published.status).toBe('published');
    const afterPublish = await getEvidenceVersion();
    expect(afterPublish).not.toBe(before);
    expect(await getEntry('trial', created.id, true)).not.toBeNull();

    const edited = await updateEntry('trial', created.id, published.version, { ...published.entry, comparator: 'placebo capsules' }, a, null);
    expect(edited.status).toBe('published');
    expect(await getEvidenceVersion()).not.toBe(afterPublish);
    const diff = await diffRevisions('trial', created.id, published.version, edited.version);
    expect(diff).toEqual([{ path: 'comparator', change: 'changed', before: 'placebo', after: 'placebo capsules' }]);
    expect((await listRevisions('trial', created.id)).map((r) => [r.version, r.action, r.status])).toEqual([
      [3, 'update', 'published'],
      [2, 'publish', 'published'],
      [1, 'create', 'draft'],
    ]);

    await changeStatus('trial', created.id, 'retract', undefined, a, null);
    expect(await getEntry('trial', created.id, true)).toBeNull();
    const listed = await listEntries('trial', { q: created.id }, true);
    expect(listed.items.map((i) => i.id)).not.toContain(created.id);
    const audit = await db.auditEvent.findMany({ where: { entityId: created.id }, orderBy: { id: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual(['evidence.trial.create', 'evidence.trial.publish', 'evidence.trial.update', 'evidence.trial.retract']);
  });

  it('a stale publish is a conflict too', async () => {
    const a = await actor();
    const created = await createEntry('trial', trialEntry(), a, null);
    await updateEntry('trial', created.id, 1, { ...created.entry, title: 'Newer' }, a, null);
    await expect(changeStatus('trial', created.id, 'publish', 1, a, null)).rejects.toMatchObject({ status: 409 });
    expect((await getEntry('trial', created.id, false))!.status).toBe('draft');
  });

  it('lists with search and filters', async () => {
    const a = await actor();
    const hard = await createEntry('trial', trialEntry({ title: 'Fracture trial zeta', outcomes: [{ name: 'clinical fractures', type: 'hard', result: 'Fewer.', direction: 'benefit' }], goals: ['bone'] }), a, null);
    const result = await listEntries('trial', { q: 'fracture trial zeta', facet: 'outcome:hard', goal: 'bone', status: 'draft' }, false);
    expect(result.items.map((i) => i.id)).toEqual([hard.id]);
    expect((await listEntries('trial', { q: 'fracture trial zeta', goal: 'cardiovascular' }, false)).total).toBe(0);
  });

  it('import validates everything first: one bad entry changes nothing and every problem is reported by path', async () => {
    const a = await actor();
    const source = sourceEntry();
    const good = trialEntry();
    const badTrial = trialEntry({ year: 1700, citation: { doi: 'not-a-doi' } });
    const countBefore = await db.evidenceEntry.count();
    const result = await importEvidence(
      { format: 'k2-evidence/1', sources: [{ entry: source }], trials: [{ entry: good }, { entry: badTrial }], claims: [{ entry: claimEntry('missing') }] },
      a,
      null,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path).sort()).toEqual(['trials.1.entry.citation.doi', 'trials.1.entry.year']);
    expect(await db.evidenceEntry.count()).toBe(countBefore);

    const ok = await importEvidence({ format: 'k2-evidence/1', sources: [{ entry: source }], trials: [{ status: 'published', entry: good }], claims: [{ entry: claimEntry(source.id) }] }, a, null);
    expect(ok).toEqual({ ok: true, created: 3, updated: 0, unchanged: 0 });
    const again = await importEvidence({ format: 'k2-evidence/1', trials: [{ status: 'published', entry: good }] }, a, null);
    expect(again).toEqual({ ok: true, created: 0, updated: 0, unchanged: 1 });
  });

  it('a large import: new entries with their first revision, a changed one updated, the evidence version refreshed', async () => {
    const a = await actor();
    const known = trialEntry();
    await importEvidence({ format: 'k2-evidence/1', trials: [{ status: 'published', entry: known }] }, a, null);
    const versionBefore = await getEvidenceVersion();
    const fresh = Array.from({ length: 300 }, () => trialEntry());
    const result = await importEvidence(
      { format: 'k2-evidence/1', trials: [{ status: 'published', entry: { ...known, shortLabel: 'Changed' } }, ...fresh.map((entry, i) => ({ status: i % 2 ? 'published' : 'draft', entry }))] },
      a,
      null,
    );
    expect(result).toEqual({ ok: true, created: 300, updated: 1, unchanged: 0 });
    const rows = await db.evidenceEntry.findMany({ where: { kind: 'trial', id: { in: fresh.map((t) => t.id) } }, select: { id: true, version: true, status: true, title: true, updatedBy: true } });
    expect(rows).toHaveLength(300);
    expect(rows.every((r) => r.version === 1 && r.updatedBy === a.email && r.title === fresh[0]!.title)).toBe(true);
    expect(rows.filter((r) => r.status === 'published')).toHaveLength(150);
    const revisions = await db.evidenceRevision.findMany({ where: { kind: 'trial', entryId: { in: fresh.map((t) => t.id) } }, select: { version: true, action: true, actor: true } });
    expect(revisions).toHaveLength(300);
    expect(revisions.every((r) => r.version === 1 && r.action === 'import' && r.actor === a.email)).toBe(true);
    expect((await getEntry('trial', known.id, false))!).toMatchObject({ version: 2, entry: { shortLabel: 'Changed' } });
    expect(await getEvidenceVersion()).not.toBe(versionBefore);
  });

  it('re-seeding is idempotent and never overwrites an admin edit', async () => {
    const a = await actor();
    const seedActor = { id: null, email: 'system:seed' };
    const entry = trialEntry();
    const file = (e: typeof entry) => ({ format: 'k2-evidence/1', trials: [{ status: 'published', entry: e }] });
    expect(await importEvidence(file(entry), seedActor, null, { seed: true })).toMatchObject({ created: 1 });
    expect(await importEvidence(file(entry), seedActor, null, { seed: true })).toMatchObject({ unchanged: 1 });
    // The content file changes: the seed brings its own entry up to date.
    expect(await importEvidence(file({ ...entry, shortLabel: 'Relabelled' }), seedActor, null, { seed: true })).toMatchObject({ updated: 1 });
    // An admin edits it: from now on the seed leaves it alone.
    const current = (await getEntry('trial', entry.id, false))!;
    await updateEntry('trial', entry.id, current.version, { ...current.entry, title: 'Admin wording' }, a, null);
    expect(await importEvidence(file({ ...entry, shortLabel: 'Seed again' }), seedActor, null, { seed: true })).toMatchObject({ unchanged: 1 });
    expect((await getEntry('trial', entry.id, false))!.entry).toMatchObject({ title: 'Admin wording', shortLabel: 'Relabelled' });
  });

  it('exports every entry in the import format', async () => {
    const a = await actor();
    const created = await createEntry('source', sourceEntry(uniqueId('export-source')), a, null);
    const file = await exportEvidence();
    expect(file.format).toBe('k2-evidence/1');
    expect(file.sources.find((s) => s.entry.id === created.id)).toMatchObject({ status: 'draft' });
  });

  it('a medication: created as a draft, its references checked, edited, published into the snapshot, diffed, exported, retracted', async () => {
    const a = await actor();
    const source = await createEntry('source', sourceEntry(), a, null);
    const interaction = await createEntry('interaction', interactionEntry(source.id), a, null);

    const unknownInteraction = await createEntry('medication', medicationEntry('no-such-interaction', source.id), a, null).catch((e: unknown) => e);
    expect(unknownInteraction).toBeInstanceOf(EvidenceError);
    expect((unknownInteraction as EvidenceError).issues).toEqual([{ path: 'interactionId', message: 'No interaction entry with id "no-such-interaction".' }]);
    const badRef = await createEntry('medication', medicationEntry(interaction.id, 'no-such-source'), a, null).catch((e: unknown) => e);
    expect((badRef as EvidenceError).issues).toEqual([{ path: 'citations.0.id', message: 'No source with id "no-such-source".' }]);
    // An interaction id is not a source id, nor the other way round: the kind is part of the reference.
    const wrongKind = await createEntry('medication', medicationEntry(source.id, source.id), a, null).catch((e: unknown) => e);
    expect((wrongKind as EvidenceError).issues.map((i) => i.path)).toEqual(['interactionId']);

    const input = medicationEntry(interaction.id, source.id, { ingredient: `warfarin ${uniqueId('zz')}` });
    const created = await createEntry('medication', input, a, null);
    expect(created).toMatchObject({ kind: 'medication', id: input.id, version: 1, status: 'draft' });
    const row = await db.evidenceEntry.findUniqueOrThrow({ where: { kind_id: { kind: 'medication', id: input.id } } });
    expect(row).toMatchObject({ title: input.ingredient, label: 'vka', verification: 'verified', goals: [] });
    expect(row.facets).toEqual(['class:vka', `interaction:${interaction.id}`, 'verification:verified']);
    expect((await listEntries('medication', { q: 'B01AA03', facet: 'class:vka' }, false)).items.map((i) => i.id)).toContain(input.id);
    expect((await listEntries('medication', { q: input.ingredient }, true)).total).toBe(0);

    const edited = await updateEntry('medication', input.id, 1, { ...created.entry, synonyms: ['warfarin sodium', 'warfarina'] }, a, null);
    const before = await getEvidenceVersion();
    const published = await changeStatus('medication', input.id, 'publish', edited.version, a, null);
    expect(published).toMatchObject({ status: 'published', version: 3 });
    expect(await getEvidenceVersion()).not.toBe(before);
    expect((await getEntry('medication', input.id, true))?.entry).toMatchObject({ synonyms: ['warfarin sodium', 'warfarina'] });
    const snapshot = await getEvidenceSnapshot();
    expect(snapshot.medications?.find((m) => m.id === input.id)).toMatchObject({ ingredient: input.ingredient, interactionId: interaction.id });
    expect(await diffRevisions('medication', input.id, 1, 2)).toEqual([{ path: 'synonyms.1', change: 'changed', before: 'warfarine', after: 'warfarina' }]);
    expect((await listRevisions('medication', input.id)).map((r) => r.action)).toEqual(['publish', 'update', 'create']);

    const file = await exportEvidence();
    expect(file.medications.find((m) => m.entry.id === input.id)).toEqual({ status: 'published', entry: published.entry });
    expect(file.interactions.find((i) => i.entry.id === interaction.id)).toMatchObject({ status: 'draft' });

    await changeStatus('medication', input.id, 'retract', undefined, a, null);
    expect(await getEntry('medication', input.id, true)).toBeNull();
    expect((await getEvidenceSnapshot()).medications?.some((m) => m.id === input.id)).toBe(false);
    const audit = await db.auditEvent.findMany({ where: { entity: 'medication', entityId: input.id }, orderBy: { id: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual(['evidence.medication.create', 'evidence.medication.update', 'evidence.medication.publish', 'evidence.medication.retract']);
  });

  it('imports medications after the interaction entries they name, from the file or the database; an unknown interactionId changes nothing', async () => {
    const a = await actor();
    const source = sourceEntry();
    const interaction = interactionEntry(source.id);
    const medication = medicationEntry(interaction.id, source.id);
    const countBefore = await db.evidenceEntry.count();
    const refused = await importEvidence(
      {
        format: 'k2-evidence/1',
        medications: [{ entry: medication }, { entry: medicationEntry('no-such-interaction', source.id) }],
        interactions: [{ entry: interaction }],
        sources: [{ entry: source }],
      },
      a,
      null,
    );
    expect(refused).toEqual({ ok: false, issues: [{ path: 'medications.1.entry.interactionId', message: 'No interaction entry with id "no-such-interaction".' }] });
    expect(await db.evidenceEntry.count()).toBe(countBefore);

    // Medications listed before the entries they name: the import writes sources, interactions, then medications.
    const ok = await importEvidence(
      { format: 'k2-evidence/1', medications: [{ status: 'published', entry: medication }], interactions: [{ status: 'published', entry: interaction }], sources: [{ entry: source }] },
      a,
      null,
    );
    expect(ok).toEqual({ ok: true, created: 3, updated: 0, unchanged: 0 });
    expect(await getEntry('medication', medication.id, true)).toMatchObject({ version: 1, status: 'published', entry: { interactionId: interaction.id } });
    expect((await listRevisions('medication', medication.id)).map((r) => r.action)).toEqual(['import']);

    // A later file may name an interaction entry that is only in the database.
    const second = medicationEntry(interaction.id, source.id, { ingredient: 'warfarin sodium' });
    expect(await importEvidence({ format: 'k2-evidence/1', medications: [{ entry: second }, { status: 'published', entry: { ...medication, atc: ['B01AA03', 'B01AA04'] } }] }, a, null)).toEqual({
      ok: true,
      created: 1,
      updated: 1,
      unchanged: 0,
    });
    expect(await getEntry('medication', medication.id, false)).toMatchObject({ version: 2, entry: { atc: ['B01AA03', 'B01AA04'] } });
    const roundTrip = (await exportEvidence()).medications.filter((m) => [medication.id, second.id].includes(m.entry.id));
    expect(await importEvidence({ format: 'k2-evidence/1', medications: roundTrip }, a, null)).toEqual({ ok: true, created: 0, updated: 0, unchanged: 2 });
  });

  it('keeps revisions immutable', async () => {
    const a = await actor();
    const created = await createEntry('trial', trialEntry(), a, null);
    await expect(db.evidenceRevision.updateMany({ where: { entryId: created.id }, data: { action: 'tampered' } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "EvidenceRevision" WHERE "entryId" = ${created.id}`).rejects.toThrow(/append-only/);
    expect(await db.evidenceRevision.count({ where: { entryId: created.id } })).toBe(1);
  });
});
