/**
 * The CDS card drafts on PostgreSQL (lib/server/cds/drafts.ts): the patient context behind a card's link, kept on the
 * server for DRAFT_LIFETIME_MINUTES so that the link carries only a random id.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DRAFT_LIFETIME_MINUTES, loadDraft, saveDraft } from '@/lib/server/cds/drafts';
import { db } from '@/lib/server/db';
import { createClinician } from '../factories';

const ISS = 'https://ehr-drafts.test';
const DRAFT = {
  age: 74,
  sex: 'female' as const,
  medications: [{ name: 'warfarin (COUMADIN) 5 mg tablet', rxnorm: '855332' }],
  conditions: ['ckd' as const, 'atrial-fibrillation' as const],
  ckdStage: 4,
  vitaminD: { level: { value: 62.4, unit: 'nmol/L' as const } },
  supplements: [{ kind: 'k2-mk7' as const, amount: 180, unit: 'mcg' as const }],
  goals: ['cardiovascular' as const, 'bone' as const],
};

describe('CDS card drafts', () => {
  it('saves a draft under a random UUID for 60 minutes and reads it back, as often as asked', async () => {
    const before = Date.now();
    const id = await saveDraft(DRAFT, ISS);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await loadDraft(id)).toEqual(DRAFT);
    // Not single-use: the clinician may reload the form.
    expect(await loadDraft(id)).toEqual(DRAFT);
    expect(await loadDraft(id.toUpperCase())).toEqual(DRAFT);

    const row = await db.cdsDraft.findUniqueOrThrow({ where: { id } });
    expect(row.iss).toBe(ISS);
    expect(DRAFT_LIFETIME_MINUTES).toBe(60);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(60 * 60_000);
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now());

    // Opened by a clinician: audited with the draft's id and nothing of its context; a plain read is not.
    const opener = await createClinician(db);
    const auditsBefore = await db.auditEvent.count({ where: { action: 'cds-draft.open', entityId: id } });
    expect(auditsBefore).toBe(0);
    expect(await loadDraft(id, { actor: { id: opener.id, email: opener.email }, ip: '203.0.113.9' })).toEqual(DRAFT);
    const audits = await db.auditEvent.findMany({ where: { action: 'cds-draft.open', entityId: id } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: opener.id, entity: 'CdsDraft', ip: '203.0.113.9' });
    expect(JSON.stringify(audits[0]!.details)).toBe('{}');
    // An expired or unknown draft is not audited as opened.
    expect(await loadDraft(randomUUID(), { actor: { id: opener.id, email: opener.email }, ip: null })).toBeNull();
    expect(await db.auditEvent.count({ where: { action: 'cds-draft.open', actorId: opener.id } })).toBe(1);

    // Two saves of the same context are two drafts.
    const again = await saveDraft(DRAFT, ISS);
    expect(again).not.toBe(id);
    expect(await loadDraft(again)).toEqual(DRAFT);
  });

  it('stores only the fields of a draft: anything else in the context is not kept', async () => {
    const id = await saveDraft({ ...DRAFT, patientName: 'Jane Doe', mrn: 'MRN-12345' } as unknown as typeof DRAFT, ISS);
    const row = await db.cdsDraft.findUniqueOrThrow({ where: { id } });
    expect(Object.keys(row.data as object).sort()).toEqual(Object.keys(DRAFT).sort());
    expect(JSON.stringify(row.data)).not.toMatch(/Jane Doe|MRN-12345/);
  });

  it('answers null for an expired, unknown or non-UUID id, without a query for the last', async () => {
    const id = await saveDraft(DRAFT, ISS);
    await db.cdsDraft.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await loadDraft(id)).toBeNull();

    expect(await loadDraft(randomUUID())).toBeNull();
    for (const bad of [undefined, '', 'abc', `${randomUUID()}x`, `${id} `, "' OR 1=1 --", id.replaceAll('-', ''), '00000000-0000-0000-0000-00000000000g']) {
      expect(await loadDraft(bad), String(bad)).toBeNull();
    }
    await expect(saveDraft(DRAFT, ISS, 'not-a-uuid')).rejects.toThrow(/UUID/);
  });

  it('deletes expired drafts on each save and keeps the live ones', async () => {
    const expired = [await saveDraft(DRAFT, ISS), await saveDraft(DRAFT, ISS)];
    const live = await saveDraft(DRAFT, ISS);
    // (No count in between: the retention test, which may run alongside, deletes expired drafts too.)
    expect((await db.cdsDraft.updateMany({ where: { id: { in: expired } }, data: { expiresAt: new Date(Date.now() - 60_000) } })).count).toBe(2);

    const next = await saveDraft(DRAFT, ISS);
    expect(await db.cdsDraft.count({ where: { id: { in: expired } } })).toBe(0);
    expect(await loadDraft(live)).toEqual(DRAFT);
    expect(await loadDraft(next)).toEqual(DRAFT);
  });

  it('sanitizes a stored draft that was changed in the database, and refuses one that is not a draft at all', async () => {
    const id = await saveDraft(DRAFT, ISS);
    await db.cdsDraft.update({ where: { id }, data: { data: { ...DRAFT, age: 'seventy', sex: 'robot', medications: [{ name: 42 }], script: '<script>alert(1)</script>' } } });
    expect(await loadDraft(id)).toEqual({ conditions: DRAFT.conditions, ckdStage: 4, vitaminD: DRAFT.vitaminD, supplements: DRAFT.supplements, goals: DRAFT.goals });

    for (const notADraft of ['eyJhZ2UiOjcyfQ', [DRAFT], 42, true]) {
      await db.cdsDraft.update({ where: { id }, data: { data: notADraft as never } });
      expect(await loadDraft(id), JSON.stringify(notADraft)).toBeNull();
    }
  });
});
