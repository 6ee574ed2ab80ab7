import { describe, expect, it } from 'vitest';
import { FeedbackSchema } from '@/lib/domain/cds/request';
import { importFhirBundle } from '@/lib/domain/fhir/import-bundle';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { isStorableText } from '@/lib/domain/text';

const withMedication = (name: string) => parsePatientContext({ age: 60, sex: 'female', goals: ['general'], medications: [{ name }] });

describe('medication names PostgreSQL cannot store (found by the HTTP fuzz test: a 500 on saving the report)', () => {
  it.each([
    ['a NUL character', 'warfarin\u0000 5 mg'],
    ['a lone high surrogate', 'aspirin \ud83d'],
    ['a lone low surrogate', '\ude00 metformin'],
    ['a surrogate pair in the wrong order', 'x\ude00\ud83d'],
  ])('refuses %s with a message on medications.0.name', (_label, name) => {
    const parsed = withMedication(name);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && Object.keys(parsed.fields)).toEqual(['medications.0.name']);
  });

  it('keeps names with emoji, accents, other control characters and invisible marks', () => {
    for (const name of ['Coumadin® 5 mg 😀', 'Phénprocoumone', 'warfarin\t5\u0001mg', 'zero\u200bwidth\u202e', '警告']) {
      const parsed = withMedication(name);
      expect(parsed.ok, name).toBe(true);
      expect(parsed.ok && parsed.context.medications[0]!.name).toBe(name.trim());
    }
  });

  it('isStorableText', () => {
    expect(isStorableText('')).toBe(true);
    expect(isStorableText('\ud83d\ude00')).toBe(true);
    expect(isStorableText('\u0000')).toBe(false);
    expect(isStorableText('\ud83d')).toBe(false);
  });

  it('the FHIR import lists such a medication as ignored, and its draft still parses', () => {
    const out = importFhirBundle({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationStatement', id: 'm1', status: 'active', medicationCodeableConcept: { text: 'warfarin\u0000' } } }] }, '2026-01-01');
    expect(out.ok && out.result.ignored).toEqual([{ resource: 'MedicationStatement/m1', reason: 'the medication name or code is not usable' }]);
    expect(out.ok && parsePatientContext({ age: 60, sex: 'female', ...out.result.context, goals: ['general'] }).ok).toBe(true);
  });
});

describe('CDS Hooks feedback text PostgreSQL cannot store', () => {
  const item = { card: '6b1d6c3e-1f1e-4f43-9d1e-0a8b2b9f2c11', outcome: 'overridden', outcomeTimestamp: '2026-05-17T10:00:00Z', overrideReason: { reason: { system: 'urn:x', code: 'c', display: 'Reason' }, userComment: 'INR check in 5 days' }, acceptedSuggestions: [{ id: 's1' }] };
  const withItem = (change: Record<string, unknown>) => FeedbackSchema.safeParse({ feedback: [{ ...item, ...change }] });

  it('accepts ordinary feedback', () => {
    expect(withItem({}).success).toBe(true);
  });

  it.each([
    ['card', { card: 'abc\u0000' }],
    ['userComment', { overrideReason: { ...item.overrideReason, userComment: 'INR \u0000' } }],
    ['override reason code', { overrideReason: { reason: { system: 'urn:x', code: 'c\ud800' } } }],
    ['override reason display', { overrideReason: { reason: { system: 'urn:x', code: 'c', display: '\udc00' } } }],
    ['accepted suggestion id', { acceptedSuggestions: [{ id: '\u0000' }] }],
  ])('refuses a NUL or a lone surrogate in the %s (a 400, not a failed save)', (_label, change) => {
    expect(withItem(change).success).toBe(false);
  });
});
