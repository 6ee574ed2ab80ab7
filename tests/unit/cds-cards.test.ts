import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCards, CardSchema, CdsResponseSchema, clipSummary } from '@/lib/domain/cds/cards';
import { JwksSchema } from '@/lib/domain/cds/clients';
import { hasPatientPrefetch, prefetchBundle, unidentifiedOrders, vitaminKOrders } from '@/lib/domain/cds/request';
import { CDS_SERVICES, DEFAULT_GOALS, type CdsServiceId } from '@/lib/domain/cds/services';
import { sanitizeDraft } from '@/lib/domain/fhir/draft';
import { importFhirBundle } from '@/lib/domain/fhir/import-bundle';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { contentSnapshot } from '../support/content-snapshot';

const fixture = (name: string): { entry: Array<{ resource: Record<string, unknown> }> } => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/fhir', name), 'utf8')) as { entry: Array<{ resource: Record<string, unknown> }> };
let n = 0;
const newId = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const k2Draft = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'draft-k2', status: 'draft', intent: 'order', medicationCodeableConcept: { text: 'Menaquinone-7 (vitamin K2) 180 mcg capsule' } } }] };

function cardsFor(bundleName: string, service: CdsServiceId, draftOrders: unknown = k2Draft, medications?: Array<{ name: string }>) {
  const imported = importFhirBundle(fixture(bundleName), '2026-11-22');
  if (!imported.ok) throw new Error('import failed');
  const parsed = parsePatientContext({ ...imported.result.context, ...(medications ? { medications } : {}), goals: DEFAULT_GOALS[service] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  const report = buildReport(parsed.context, contentSnapshot());
  const orderHook = service !== 'k2-patient-view';
  return buildCards({ service, report, vitaminKOrders: orderHook ? vitaminKOrders({ draftOrders }) : [], unidentifiedOrders: orderHook ? unidentifiedOrders({ draftOrders }) : [], reportUrl: 'https://k2.example.org/reports/new?draft=00000000-0000-4000-8000-000000000000', appUrl: 'https://k2.example.org', newId });
}

describe('CDS cards', () => {
  it('order-select: warfarin + a K2 draft order gives one critical card with a delete suggestion and override reasons', () => {
    const cards = cardsFor('warfarin-ckd-bundle.json', 'k2-order-select');
    const critical = cards.filter((c) => c.indicator === 'critical');
    expect(critical).toHaveLength(1);
    expect(critical[0]!.summary).toMatch(/vitamin K antagonist/i);
    expect(critical[0]!.detail).toMatch(/Menaquinone-7/);
    // CDS Hooks 2.0 § Action: resourceId is one relative reference (a string), one delete action per order.
    expect(critical[0]!.suggestions?.[0]?.actions).toEqual([expect.objectContaining({ type: 'delete', resourceId: 'MedicationRequest/draft-k2' })]);
    expect(critical[0]!.selectionBehavior).toBe('at-most-one');
    expect(critical[0]!.overrideReasons?.length).toBeGreaterThan(0);
    expect(cards.some((c) => c.indicator === 'warning' && /kidney/i.test(c.summary + c.detail))).toBe(true);
    expect(CdsResponseSchema.safeParse({ cards }).success).toBe(true);
  });

  it('order-select: apixaban gives no critical card; no vitamin K in the draft orders gives no cards', () => {
    const cards = cardsFor('apixaban-k2-bundle.json', 'k2-order-select');
    expect(cards.some((c) => c.indicator === 'critical')).toBe(false);
    expect(cards.length).toBeGreaterThan(0);
    const none = cardsFor('warfarin-ckd-bundle.json', 'k2-order-select', { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'x', medicationCodeableConcept: { text: 'atorvastatin 20 mg' } } }] });
    expect(none).toEqual([]);
  });

  // Fail safe: a draft order that names no product and whose code the service does not know cannot be checked for
  // vitamin K; for a patient on (or possibly on) a VKA that is a warning card, never "no vitamin K ordered".
  const codeOnly = (code: string) => ({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'draft-unknown', status: 'draft', intent: 'order', medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code }] } } }] });
  it('order-select and order-sign: warfarin + a code-only draft order with an unknown RxNorm code → a warning card naming it', () => {
    expect(unidentifiedOrders({ draftOrders: codeOnly('99999999') })).toEqual([{ ref: 'MedicationRequest/draft-unknown', codings: ['RxNorm 99999999'] }]);
    for (const service of ['k2-order-select', 'k2-order-sign'] as const) {
      const cards = cardsFor('warfarin-ckd-bundle.json', service, codeOnly('99999999'));
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatchObject({ indicator: 'warning' });
      expect(cards[0]!.summary).toMatch(/could not be identified/);
      expect(cards[0]!.detail).toMatch(/MedicationRequest\/draft-unknown \(RxNorm 99999999; no name\)/);
      expect(cards[0]!.detail).toMatch(/warfarin/i);
      expect(CdsResponseSchema.safeParse({ cards }).success).toBe(true);
    }
    // A medicationReference to a Medication that was not sent: no name and no code.
    const byReference = { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'ref-1', medicationReference: { reference: 'Medication/m1' } } }] };
    expect(cardsFor('warfarin-ckd-bundle.json', 'k2-order-sign', byReference)[0]!.detail).toMatch(/no name and no code/);
  });

  it('an unidentified order beside a vitamin K order: the critical card and the warning card both', () => {
    const both = { resourceType: 'Bundle', entry: [...k2Draft.entry, ...codeOnly('99999999').entry] };
    const cards = cardsFor('warfarin-ckd-bundle.json', 'k2-order-select', both);
    expect(cards[0]!.indicator).toBe('critical');
    expect(cards.some((c) => c.indicator === 'warning' && /could not be identified/.test(c.summary))).toBe(true);
  });

  it('an unrecognised medicine + an unidentified order → the warning card (a VKA is not ruled out); a known code, a named order, or no VKA risk → none', () => {
    const unknownMed = cardsFor('apixaban-k2-bundle.json', 'k2-order-sign', codeOnly('99999999'), [{ name: 'Zorblaxin 5 mg' }]);
    expect(unknownMed.some((c) => /could not be identified/.test(c.summary))).toBe(true);
    // Apixaban only: vitamin K does not change a DOAC, so an unknown order is no vitamin K safety issue → no cards.
    expect(cardsFor('apixaban-k2-bundle.json', 'k2-order-sign', codeOnly('99999999'))).toEqual([]);
    // A code of the vitamin K value set is identified (the critical card), and a named order is read by its name.
    expect(unidentifiedOrders({ draftOrders: codeOnly('198102') })).toEqual([]);
    expect(cardsFor('warfarin-ckd-bundle.json', 'k2-order-select', codeOnly('198102'))[0]!.indicator).toBe('critical');
    const named = { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'n1', medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '617312', display: 'atorvastatin 10 MG Oral Tablet' }] } } }] };
    expect(unidentifiedOrders({ draftOrders: named })).toEqual([]);
  });

  it('patient-view: the VKA finding is a warning (nothing is being ordered), every card valid with absolute links', () => {
    const cards = cardsFor('warfarin-ckd-bundle.json', 'k2-patient-view');
    expect(cards.some((c) => c.indicator === 'critical')).toBe(false);
    expect(cards.some((c) => c.indicator === 'warning' && /warfarin|antagonist/i.test(c.summary + c.detail))).toBe(true);
    for (const card of cards) {
      expect(CardSchema.safeParse(card).success, JSON.stringify(card)).toBe(true);
      expect(card.summary.length).toBeLessThan(140);
      expect(card.links?.[0]?.url).toMatch(/^https:\/\//);
    }
  });

  it('the card schema enforces the CDS Hooks rules', () => {
    const ok = { summary: 'x', indicator: 'info', source: { label: 'K2' } };
    expect(CardSchema.safeParse(ok).success).toBe(true);
    expect(CardSchema.safeParse({ ...ok, summary: 'x'.repeat(140) }).success).toBe(false);
    expect(CardSchema.safeParse({ ...ok, indicator: 'hard-stop' }).success).toBe(false);
    expect(CardSchema.safeParse({ ...ok, source: {} }).success).toBe(false);
    expect(CardSchema.safeParse({ indicator: 'info', source: { label: 'K2' } }).success).toBe(false);
    expect(CardSchema.safeParse({ ...ok, links: [{ label: 'r', url: '/reports/new', type: 'absolute' }] }).success).toBe(false);
    expect(CardSchema.safeParse({ ...ok, suggestions: [{ label: 's' }] }).success).toBe(false);
  });

  it('clips summaries under 140 characters at a word', () => {
    const long = 'word '.repeat(60);
    expect(clipSummary(long).length).toBeLessThan(140);
    expect(clipSummary(long).endsWith('…')).toBe(true);
    expect(clipSummary('short')).toBe('short');
  });
});

describe('CDS request helpers', () => {
  it('turns prefetched resources and searchsets into one bundle and requires the patient', () => {
    const prefetch = { patient: { resourceType: 'Patient', id: 'p' }, medications: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'm' } }, { resource: { resourceType: 'OperationOutcome' } }] }, conditions: null };
    expect(prefetchBundle(prefetch).entry.map((e) => e.resource.resourceType)).toEqual(['Patient', 'MedicationRequest']);
    expect(hasPatientPrefetch(prefetch)).toBe(true);
    expect(hasPatientPrefetch({ medications: prefetch.medications })).toBe(false);
    expect(hasPatientPrefetch(undefined)).toBe(false);
  });

  it('finds vitamin K in MedicationRequest and NutritionOrder drafts, honouring selections', () => {
    const draftOrders = {
      resourceType: 'Bundle',
      entry: [
        { resource: { resourceType: 'NutritionOrder', id: 'n1', supplement: [{ productName: 'MK-4 1.5 mg' }] } },
        { resource: { resourceType: 'MedicationRequest', id: 'm1', medicationCodeableConcept: { coding: [{ display: 'Vitamin K2 100 MCG Oral Capsule' }] } } },
        { resource: { resourceType: 'MedicationRequest', id: 'm2', medicationCodeableConcept: { text: 'metoprolol' } } },
      ],
    };
    expect(vitaminKOrders({ draftOrders }).map((o) => o.ref)).toEqual(['NutritionOrder/n1', 'MedicationRequest/m1']);
    expect(vitaminKOrders({ draftOrders, selections: ['MedicationRequest/m1'] }).map((o) => o.ref)).toEqual(['MedicationRequest/m1']);
    expect(vitaminKOrders({ draftOrders: 'nonsense' })).toEqual([]);
  });

  it('offers the three services with prefetch templates for the patient and active medications', () => {
    expect(CDS_SERVICES.map((s) => [s.id, s.hook])).toEqual([
      ['k2-patient-view', 'patient-view'],
      ['k2-order-select', 'order-select'],
      ['k2-order-sign', 'order-sign'],
    ]);
    for (const s of CDS_SERVICES) expect(s.prefetch.patient).toBe('Patient/{{context.patientId}}');
  });

  it('refuses a JWKS with private or symmetric keys', () => {
    expect(JwksSchema.safeParse({ keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b' }] }).success).toBe(true);
    expect(JwksSchema.safeParse({ keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b', d: 'secret' }] }).success).toBe(false);
    expect(JwksSchema.safeParse({ keys: [{ kty: 'oct', k: 'secret' }] }).success).toBe(false);
    expect(JwksSchema.safeParse({ keys: [] }).success).toBe(false);
  });

  it('sanitizes a context draft: keeps what fits, drops each field that does not, refuses what is not an object', () => {
    const draft = {
      age: 70,
      sex: 'male' as const,
      medications: [{ name: 'warfarin', rxnorm: '11289' }],
      conditions: ['ckd' as const],
      ckdStage: 4,
      vitaminD: { level: { value: 62.4, unit: 'nmol/L' as const }, supplementIuPerDay: 1000 },
      supplements: [{ kind: 'k2-mk7' as const, amount: 180, unit: 'mcg' as const }],
      goals: ['bone' as const],
    };
    expect(sanitizeDraft(draft)).toEqual(draft);
    // A stored draft round-trips through JSON (the jsonb column) unchanged.
    expect(sanitizeDraft(JSON.parse(JSON.stringify(draft)))).toEqual(draft);
    expect(sanitizeDraft({})).toEqual({});
    // Each field that does not fit is dropped whole; unknown keys are dropped; the rest is kept.
    const odd = sanitizeDraft(JSON.parse('{"age":"old","sex":"robot","conditions":["ckd"],"ckdStage":9,"isAdmin":true,"__proto__":{"polluted":1}}'));
    expect(odd).toEqual({ conditions: ['ckd'] });
    expect(Object.keys(odd!)).toEqual(['conditions']);
    expect((odd as Record<string, unknown>).polluted).toBeUndefined();
    expect(sanitizeDraft({ medications: [{ name: 'x'.repeat(201) }], goals: ['bone', 'immortality'], age: 66 })).toEqual({ age: 66 });
    expect(sanitizeDraft({ medications: [{ name: 'apixaban', rxnorm: '1364430; DROP TABLE' }], sex: 'female' })).toEqual({ sex: 'female' });
    expect(sanitizeDraft({ supplements: [{ kind: 'k2-mk7', amount: -5, unit: 'mcg' }], vitaminD: { level: { value: 30, unit: 'mmol/L' } } })).toEqual({});
    for (const notAnObject of [null, undefined, 'eyJhZ2UiOjcyfQ', 72, [], [{ age: 72 }], true]) expect(sanitizeDraft(notAnObject), JSON.stringify(notAnObject)).toBeNull();
  });
});

describe('the smart link (CDS Hooks 2.0 § Link, type smart)', () => {
  it('is offered on every card when SMART App Launch is configured, and not otherwise', () => {
    const parsed = parsePatientContext({ age: 60, sex: 'male', goals: ['general'], medications: [{ name: 'warfarin' }] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    const report = buildReport(parsed.context, contentSnapshot());
    const base = { service: 'k2-patient-view' as const, report, vitaminKOrders: [], reportUrl: 'https://k2.test/reports/new?draft=x', appUrl: 'https://k2.test', newId: () => crypto.randomUUID() };
    const withSmart = buildCards({ ...base, smartLaunchUrl: 'https://k2.test/smart/launch' });
    expect(withSmart.length).toBeGreaterThan(0);
    for (const card of withSmart) expect(card.links).toContainEqual({ label: 'Open K2 Evidence Desk for this patient (SMART launch)', url: 'https://k2.test/smart/launch', type: 'smart' });
    for (const card of buildCards(base)) expect(card.links?.some((l) => l.type === 'smart')).toBe(false);
  });
});
