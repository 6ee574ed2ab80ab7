import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { assessDiet, estimateDietaryK2, isLowVitaminKDiet } from '@/lib/domain/report/diet';
import { screenMedications } from '@/lib/domain/report/medications';
import { assessSafety } from '@/lib/domain/report/safety';
import type { DietFinding, EvidenceSnapshot } from '@/lib/domain/report/types';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();
type Diet = NonNullable<PatientContext['diet']>;
// The diet cites NIH ODS (natto, fact sheet, its MK-4 rows for cheese and eggs), Elder 2006 and Vermeer 2018 (K2 in cheese).
const DIET_SOURCES = [
  'source:nih-ods-natto-mk7',
  'source:nih-ods-vitamin-k-hp',
  'source:nih-ods-food-table-mk4',
  'source:elder-2006-vitamin-k-meat-dairy',
  'source:vermeer-2018-menaquinone-cheese',
];
const none: Diet = { pattern: 'omnivore', natto: 'never', hardCheese: 'never', eggs: 'never', leafyGreens: 'never' };

function context(input: Partial<PatientContextInput>): PatientContext {
  const parsed = parsePatientContext({ age: 60, sex: 'male', goals: ['general'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

function dietFor(input: Partial<PatientContextInput>, evidence: EvidenceSnapshot = snapshot): DietFinding {
  const c = context(input);
  return assessDiet(c, assessSafety(c, evidence, screenMedications(c.medications, evidence.interactions, evidence.medications)));
}

describe('estimateDietaryK2', () => {
  it('natto dominates: weekly ≈ 850/7, monthly ≈ 850/30, daily ≈ 850 mcg/day', () => {
    expect(estimateDietaryK2({ ...none, natto: 'weekly' })?.totalMcgPerDay).toBe(121);
    expect(estimateDietaryK2({ ...none, natto: 'monthly' })?.totalMcgPerDay).toBe(28);
    expect(estimateDietaryK2({ ...none, natto: 'daily' })?.totalMcgPerDay).toBe(850);
  });

  it('cheese and eggs add a few mcg; leafy greens add no K2', () => {
    expect(estimateDietaryK2({ ...none, hardCheese: 'daily', eggs: 'daily' })?.totalMcgPerDay).toBe(8);
    expect(estimateDietaryK2({ ...none, leafyGreens: 'daily' })?.totalMcgPerDay).toBe(0);
  });

  it('is null (unknown) without a diet', () => {
    expect(estimateDietaryK2(undefined)).toBeNull();
  });
});

describe('assessDiet', () => {
  it('missing diet: estimate null, not zero, with a note saying it is unknown', () => {
    const diet = dietFor({});
    expect(diet.estimatedK2McgPerDay).toBeNull();
    expect(diet.sources).toEqual([]);
    expect(diet.notes[0]).toMatch(/not given.*unknown \(not zero\)/);
    expect(diet.citations).toEqual(DIET_SOURCES);
  });

  it('weekly natto ≈ 121 mcg/day, above a typical supplement dose; the estimate is called rough', () => {
    const diet = dietFor({ diet: { ...none, natto: 'weekly', hardCheese: 'weekly', eggs: 'daily', leafyGreens: 'weekly' } });
    expect(diet.estimatedK2McgPerDay).toBe(126);
    const notes = diet.notes.join(' ');
    expect(notes).toMatch(/Natto once a week alone gives about 121 mcg\/day of MK-7 on average — above a typical 90 mcg\/day supplement dose/);
    expect(notes).toMatch(/rough estimate/);
    expect(notes).toMatch(/Leafy greens supply vitamin K1, not K2/);
    expect(diet.sources.map((s) => [s.food, s.frequency, s.estimatedMcgPerDay])).toEqual([
      ['Natto (fermented soybeans)', 'weekly', 121.4],
      ['Hard cheese', 'weekly', 0.6],
      ['Eggs (yolk)', 'daily', 4],
      ['Leafy greens', 'weekly', 0],
    ]);
    for (const s of diet.sources) expect(s.note.length).toBeGreaterThan(10);
  });

  it('the cheese figure is labelled MK-4 only and low, and every diet source is in the content', () => {
    const diet = dietFor({ diet: { ...none, hardCheese: 'daily' } });
    expect(diet.sources.find((s) => s.food === 'Hard cheese')?.note).toMatch(/counts MK-4 only.*a low, rough figure/);
    expect(diet.notes.join(' ')).toMatch(/cheese figure counts MK-4 only, so it is low/);
    const ids = new Set(snapshot.sources.map((s) => `source:${s.id}`));
    for (const c of diet.citations ?? []) expect(ids.has(c)).toBe(true);
    expect(diet.citations).toEqual(DIET_SOURCES);
  });

  it('on a VKA, natto is to be avoided; stopping it is planned with the anticoagulation clinic; greens stay steady', () => {
    const diet = dietFor({ medications: [{ name: 'warfarin' }], diet: { ...none, natto: 'weekly' } });
    const notes = diet.notes.join(' ');
    expect(notes).toMatch(/avoid natto/);
    expect(notes).toMatch(/leafy greens and other vitamin K foods steady/);
    expect(notes).toMatch(/plan the stop with the anticoagulation clinic and recheck the INR/);
    expect(notes).toMatch(/10–20 mcg\/day of MK-7 that shifted the INR/);
    expect(diet.citations).toContain('trial:theuwissen-2013');
  });

  it('on a VKA without natto: avoid it', () => {
    expect(dietFor({ medications: [{ name: 'Sintrom' }], diet: none }).notes.join(' ')).toMatch(/On a vitamin K antagonist: avoid natto/);
  });

  it('on a VKA without a diet: ask about natto', () => {
    const diet = dietFor({ medications: [{ name: 'warfarin' }] });
    expect(diet.estimatedK2McgPerDay).toBeNull();
    expect(diet.notes.join(' ')).toMatch(/ask about natto in particular/);
  });

  it('never cites the INR trial when the snapshot lacks it', () => {
    const thin: EvidenceSnapshot = { ...snapshot, trials: snapshot.trials.filter((t) => t.id !== 'theuwissen-2013') };
    const diet = dietFor({ medications: [{ name: 'warfarin' }], diet: { ...none, natto: 'daily' } }, thin);
    expect(diet.citations).toEqual(DIET_SOURCES);
    expect(diet.notes.join(' ')).not.toMatch(/10–20/);
  });

  it('vegan and vegetarian notes', () => {
    expect(dietFor({ diet: { ...none, pattern: 'vegan', natto: 'monthly', leafyGreens: 'daily' } }).notes.join(' ')).toMatch(/Vegan diet: natto is the only rich plant-based K2 source/);
    expect(dietFor({ diet: { ...none, pattern: 'vegan', eggs: 'daily' } }).notes.join(' ')).toMatch(/check the diet answers/);
    expect(dietFor({ diet: { ...none, pattern: 'vegetarian', hardCheese: 'daily' } }).notes.join(' ')).toMatch(/Vegetarian diet/);
  });

  it('a diet with almost no vitamin K sources is called out', () => {
    expect(isLowVitaminKDiet({ ...none, leafyGreens: 'monthly' })).toBe(true);
    expect(isLowVitaminKDiet({ ...none, eggs: 'weekly' })).toBe(false);
    expect(isLowVitaminKDiet(undefined)).toBe(false);
    expect(dietFor({ diet: none }).notes.join(' ')).toMatch(/Almost no vitamin K sources/);
  });
});
