import { describe, expect, it } from 'vitest';
import { FeedbackSchema } from '@/lib/domain/cds/request';
import { importFhirBundle } from '@/lib/domain/fhir/import-bundle';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { isStorableText, unstorableTextPaths } from '@/lib/domain/text';
import { RegisterCdsClientSchema } from '@/lib/domain/cds/clients';
import { validateEvidenceFile } from '@/lib/domain/evidence/validate';
import { CreateApiTokenSchema, NameSchema } from '@/lib/domain/schemas/accounts';
import { trialEntry } from '../fixtures/evidence';

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

describe('other stored free text refuses what PostgreSQL cannot store (400 with a field message, not a failed insert)', () => {
  it('account names, API token names and CDS client names', () => {
    expect(NameSchema.safeParse('Dr A\u0000B').success).toBe(false);
    expect(NameSchema.safeParse('Dr Ana Łukasz 😀').success).toBe(true);
    expect(CreateApiTokenSchema.safeParse({ name: 'ehr\ud83d' }).success).toBe(false);
    expect(CreateApiTokenSchema.safeParse({ name: 'ehr link' }).success).toBe(true);
    const client = { iss: 'https://ehr.example.org', jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b', kid: 'k1' }] } };
    expect(RegisterCdsClientSchema.safeParse({ ...client, name: 'EHR\u0000' }).success).toBe(false);
  });

  it('evidence files: every unstorable string or key is listed by its path', () => {
    const trial = trialEntry({ title: 'MK-7\u0000 trial' });
    trial.outcomes = [{ ...trial.outcomes[0]!, result: 'half \udc00 a pair' }];
    const result = validateEvidenceFile({ format: 'k2-evidence/1', trials: [{ entry: trial }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(['trials.0.entry.title', 'trials.0.entry.outcomes.0.result']);
    expect(validateEvidenceFile({ format: 'k2-evidence/1', trials: [{ entry: trialEntry() }] }).ok).toBe(true);
  });

  it('unstorableTextPaths walks values and keys', () => {
    expect(unstorableTextPaths({ a: ['ok', 'n\u0000'], ['k\u0000']: 1, b: { c: '\ud800' } })).toEqual(['a.1', '(key)', 'b.c']);
    expect(unstorableTextPaths('\u0000')).toEqual(['(value)']);
    expect(unstorableTextPaths({ a: [1, null, true, 'fine'] })).toEqual([]);
  });
});
