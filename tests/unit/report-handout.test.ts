import fc from 'fast-check';
import { fleschKincaid } from 'flesch-kincaid';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePatientContext, SUPPLEMENT_KINDS, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { CONDITIONS, GOALS } from '@/lib/domain/vocabulary';
import { assessDiet } from '@/lib/domain/report/diet';
import { frameDose } from '@/lib/domain/report/dose';
import { buildHandout, HANDOUT_HEADINGS } from '@/lib/domain/report/handout';
import { screenMedications } from '@/lib/domain/report/medications';
import { productQuality } from '@/lib/domain/report/product-quality';
import { readabilityCounts, readingGrade } from '@/lib/domain/report/readability';
import { assessSafety } from '@/lib/domain/report/safety';
import type { GoalFinding, Handout, ReportBody } from '@/lib/domain/report/types';
import { contentSnapshot } from '../support/content-snapshot';
import { loadScenarios } from '../support/scenarios';

const snapshot = contentSnapshot();
type GoalView = Pick<GoalFinding, 'verdict' | 'certainty' | 'bestOutcomeLevel'>;
const UNCERTAIN_SURROGATE: GoalView = { verdict: 'uncertain', certainty: 'low', bestOutcomeLevel: 'surrogate' };

/** The report body the handout sees, built from this engineer's modules; goals are given (assessGoals is another module). */
function bodyFor(c: PatientContext, goalViews: GoalView[] = []): Omit<ReportBody, 'handout'> {
  const screening = screenMedications(c.medications, snapshot.interactions, snapshot.medications);
  const safety = assessSafety(c, snapshot, screening);
  const goals: GoalFinding[] = c.goals.map((goal, i) => ({ goal, ...(goalViews[i] ?? UNCERTAIN_SURROGATE), statement: '', trials: [], citations: [] }));
  return {
    rulesetVersion: 'test',
    evidenceVersion: snapshot.evidenceVersion,
    context: c,
    summary: { headline: '', bottomLine: '' },
    safety,
    goals,
    dose: frameDose(c, safety, snapshot),
    diet: assessDiet(c, safety),
    productQuality: productQuality(c),
    claims: [],
    references: [],
  };
}

function context(input: Partial<PatientContextInput>): PatientContext {
  const parsed = parsePatientContext({ age: 60, sex: 'female', goals: ['cardiovascular'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

const handoutFor = (input: Partial<PatientContextInput>, goals?: GoalView[]): Handout => buildHandout(bodyFor(context(input), goals));
const section = (h: Handout, heading: string): string => h.sections.find((s) => s.heading === heading)?.body ?? '';
const allText = (h: Handout): string => h.sections.map((s) => `${s.heading}\n${s.body}`).join('\n');

describe('readingGrade', () => {
  it('is the flesch-kincaid formula over sentences, words and syllables counted per word', () => {
    const text = 'Vitamin K2 is in natto. Ask your doctor!\nIs it safe?';
    expect(readabilityCounts(text)).toEqual({ sentence: 3, word: 11, syllable: 15 });
    expect(readingGrade(text)).toBe(Math.round(fleschKincaid({ sentence: 3, word: 11, syllable: 15 }) * 10) / 10);
  });

  it('does not split decimals, counts numerals as words, ignores lone punctuation', () => {
    expect(readabilityCounts('Take 2.5 mg — not 25 mg.')).toEqual({ sentence: 1, word: 6, syllable: 6 });
  });

  it('is 0 for text without words and rounds to one decimal', () => {
    expect(readingGrade('')).toBe(0);
    expect(readingGrade(' — ')).toBe(0);
    const g = readingGrade('The cardiovascular implications of menaquinone supplementation remain uncertain.');
    expect(g).toBeGreaterThan(12);
    expect(Math.round(g * 10) / 10).toBe(g);
  });
});

describe('buildHandout', () => {
  it('has the title, the six sections in order, and the grade of its own text', () => {
    const h = handoutFor({});
    expect(h.title).toBe('Vitamin K2: what it means for you');
    expect(h.sections.map((s) => s.heading)).toEqual([
      'What this is about',
      'Is it safe for you?',
      'What the research shows and does not show',
      'If you decide to take it',
      'Food sources',
      'Questions to ask your clinician',
    ]);
    expect(HANDOUT_HEADINGS).toHaveLength(6);
    for (const s of h.sections) expect(s.body.trim().length, s.heading).toBeGreaterThan(10);
    expect(h.readingGrade).toBe(readingGrade(allText(h)));
    expect(h.readingGrade).toBeLessThanOrEqual(6);
  });

  it('on warfarin: names the blood thinner, says not to start K2 without the doctor, not to eat natto, keeps greens steady', () => {
    const h = handoutFor({ medications: [{ name: 'warfarin 5 mg' }], diet: { pattern: 'omnivore', natto: 'weekly', hardCheese: 'weekly', eggs: 'daily', leafyGreens: 'weekly' } });
    const safety = section(h, 'Is it safe for you?');
    expect(safety.split('\n')[0]).toBe('No, not without your doctor.');
    expect(safety).toContain('You take warfarin. It is a blood thinner.');
    expect(safety).toContain('Do not start vitamin K2 without your doctor.');
    expect(safety).toContain('K2 can change how your blood thinner works.');
    expect(safety).toContain('Do not eat natto while you take this blood thinner.');
    expect(safety).toContain('You eat natto now. Ask your clinic how to stop. Get your INR checked after you stop.');
    expect(safety).toContain('Keep the amount of greens you eat about the same each week.');
    expect(section(h, 'If you decide to take it')).toMatch(/^Do not take it unless your doctor says so\./);
    expect(section(h, 'Food sources')).toMatch(/do not eat natto, and keep the greens you eat about the same each week\. You eat natto now\. Ask your clinic how to stop\./);
    expect(section(h, 'Questions to ask your clinician')).toMatch(/Should my INR be checked more often\?/);
    expect(h.readingGrade).toBeLessThanOrEqual(6);
  });

  it('a brand name is explained: Coumadin (warfarin); Sintrom (acenocoumarol)', () => {
    expect(section(handoutFor({ medications: [{ name: 'Coumadin 5mg' }] }), 'Is it safe for you?')).toContain('You take Coumadin (warfarin).');
    expect(section(handoutFor({ medications: [{ name: 'Sintrom' }] }), 'Is it safe for you?')).toContain('You take Sintrom (acenocoumarol).');
  });

  it('on Eliquis: reassures in plain words and gives the conservative dose', () => {
    const h = handoutFor({ medications: [{ name: 'Eliquis 5 mg twice daily' }] });
    const safety = section(h, 'Is it safe for you?');
    expect(safety).toMatch(/^We did not find a safety problem/);
    expect(safety).toContain('Your blood thinner, Eliquis (apixaban), does not work through vitamin K.');
    expect(section(h, 'If you decide to take it')).toMatch(/about 90 mcg a day of the form called MK-7/);
    expect(section(h, 'If you decide to take it')).toMatch(/not proven to help/);
  });

  it('with a medicine it could not check: names it, says to ask first, no reassurance and no amount (fail-safe)', () => {
    const h = handoutFor({ medications: [{ name: 'Eliquis 5 mg twice daily' }, { name: 'Zorbexitol 40 mg' }] });
    const safety = section(h, 'Is it safe for you?');
    expect(safety).toMatch(/^We do not know yet\. We could not check all of your medicines\./);
    expect(safety).toContain('We could not check "Zorbexitol 40 mg" for a link with K2. Do not start K2 until you ask your doctor or pharmacist about it.');
    expect(safety).not.toMatch(/did not find a safety problem/);
    expect(section(h, 'If you decide to take it')).not.toMatch(/mcg a day/);
    expect(section(h, 'If you decide to take it')).toMatch(/we do not give a dose/);
  });

  it('a near miss of a blood thinner: "may be a blood thinner", no reassurance', () => {
    const h = handoutFor({ medications: [{ name: 'Jantovan 5 mg' }] });
    const safety = section(h, 'Is it safe for you?');
    expect(safety).toMatch(/^No, not without your doctor\./);
    expect(safety).toContain('We could not be sure what "Jantovan 5 mg" is. It may be a blood thinner.');
  });

  it('puts warnings first and in plain words: pregnancy, vitamin D, kidney', () => {
    const h = handoutFor({ pregnancy: 'pregnant', age: 30, vitaminD: { supplementIuPerDay: 10000 }, conditions: ['ckd'], ckdStage: 3 });
    const safety = section(h, 'Is it safe for you?');
    expect(safety).toMatch(/You are pregnant\. Get your vitamin K from food\./);
    expect(safety).toMatch(/10,000 units of vitamin D a day\. That is more than the upper limit of 4,000 units a day for use without a doctor's care\./);
    expect(safety).not.toMatch(/safe limit/);
    expect(safety).toMatch(/kidney doctor/);
    expect(section(h, 'If you decide to take it')).toMatch(/^Get your vitamin K from food, not pills\. You need about 90 mcg a day\./);
  });

  it('says what the research looked at, per goal', () => {
    const h = handoutFor({ goals: ['cardiovascular', 'bone', 'muscle'] }, [
      { verdict: 'uncertain', certainty: 'low', bestOutcomeLevel: 'surrogate' },
      { verdict: 'uncertain', certainty: 'moderate', bestOutcomeLevel: 'hard' },
      { verdict: 'not-supported', certainty: 'low', bestOutcomeLevel: 'surrogate' },
    ]);
    const research = section(h, 'What the research shows and does not show').split('\n');
    expect(research[0]).toBe('Your heart: We do not know yet if K2 helps. Studies looked at calcium scans of the heart, not heart attacks. The studies are few or small, so we cannot be sure.');
    expect(research[1]).toMatch(/^Your bones: .* A few studies counted broken bones\. The results were mixed\./);
    expect(research[2]).toMatch(/^Your muscles: Studies do not show that K2 helps\./);
  });

  it('discuss and food-first never give a pill dose', () => {
    expect(section(handoutFor({ conditions: ['dialysis'] }), 'If you decide to take it')).toMatch(/^Talk with your doctor first\./);
    expect(section(handoutFor({ age: 15 }), 'If you decide to take it')).not.toMatch(/form called MK-7/);
  });

  it('a missing diet is said to be unknown', () => {
    expect(section(handoutFor({}), 'Food sources')).toContain('You did not tell us what you eat.');
  });
});

describe('reading grade of the five public scenarios', () => {
  const grades: Record<string, number> = {};
  afterAll(() => console.log(`handout reading grades, public scenarios: ${JSON.stringify(grades)}`));
  for (const scenario of loadScenarios()) {
    it(`${scenario.file} ≤ 6`, () => {
      const parsed = parsePatientContext(scenario.context);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
      const h = buildHandout(bodyFor(parsed.context));
      grades[scenario.file] = h.readingGrade;
      expect(h.readingGrade).toBeLessThanOrEqual(6);
    });
  }
});

// ---- property: any valid patient gives a readable handout ----

const MEDICATION_NAMES = [
  'warfarin 5 mg',
  'Coumadin 5mg',
  'Sintrom 4 mg',
  'Marcoumar',
  'Eliquis 5 mg twice daily',
  'Xarelto 20 mg',
  'aspirin 81 mg',
  'Plavix 75 mg',
  'amoxicillin-clavulanate 875/125 mg',
  'Keflex 500 mg',
  'Questran (cholestyramine)',
  'orlistat 120 mg',
  'mineral oil',
  'atorvastatin 40 mg',
  'metformin 500 mg twice daily',
  'hydroxychloroquine sulfate 200 mg',
  'levothyroxine 50 mcg',
  'dasatinib 100 mg',
];

const medication = fc.record(
  {
    name: fc.oneof(fc.constantFrom(...MEDICATION_NAMES), fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0)),
    rxnorm: fc.constantFrom('11289', '855332', '154', '1364430', '1191', '723', '99999'),
  },
  { requiredKeys: ['name'] },
);

const supplement = fc.record({ kind: fc.constantFrom(...SUPPLEMENT_KINDS), amount: fc.double({ min: 0.01, max: 100_000, noNaN: true }), unit: fc.constantFrom('mcg' as const, 'mg' as const, 'IU' as const) }).map((s) => {
  // The schema's own rules: IU only for vitamin D and multivitamins; vitamin D by mass at most 2,500 mcg.
  if (s.unit === 'IU' && !['d3', 'multivitamin', 'other'].includes(s.kind)) return { ...s, unit: 'mcg' as const };
  if (s.kind === 'd3' && s.unit !== 'IU') return { ...s, amount: Math.min(s.amount, s.unit === 'mg' ? 2.5 : 2500) };
  return s;
});

const frequency = fc.constantFrom('never' as const, 'monthly' as const, 'weekly' as const, 'daily' as const);

const patientInput = fc
  .record(
    {
      age: fc.integer({ min: 0, max: 120 }),
      sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const),
      pregnancy: fc.constantFrom('none' as const, 'pregnant' as const, 'breastfeeding' as const),
      medications: fc.array(medication, { maxLength: 8 }),
      conditions: fc.subarray([...CONDITIONS]),
      coronaryCalciumScore: fc.integer({ min: 0, max: 20_000 }),
      ckdStage: fc.integer({ min: 1, max: 5 }),
      vitaminKStatus: fc.constantFrom('unknown' as const, 'adequate' as const, 'low' as const, 'deficient' as const),
      vitaminD: fc.record(
        {
          level: fc.oneof(
            fc.record({ value: fc.double({ min: 1, max: 250, noNaN: true }), unit: fc.constant('ng/mL' as const) }),
            fc.record({ value: fc.double({ min: 2, max: 620, noNaN: true }), unit: fc.constant('nmol/L' as const) }),
          ),
          supplementIuPerDay: fc.integer({ min: 0, max: 1_000_000 }),
        },
        { requiredKeys: [] },
      ),
      diet: fc.record({ pattern: fc.constantFrom('omnivore' as const, 'vegetarian' as const, 'vegan' as const), natto: frequency, hardCheese: frequency, eggs: frequency, leafyGreens: frequency }),
      supplements: fc.array(supplement, { maxLength: 6 }),
      goals: fc.subarray([...GOALS], { minLength: 1 }),
    },
    { requiredKeys: ['age', 'sex', 'goals'] },
  )
  .map((c): PatientContextInput => {
    // Cross-field rules of the schema: pregnancy only for a non-male patient of 10–60; a CKD stage needs ckd or dialysis.
    const pregnancy = c.pregnancy && c.sex !== 'male' && c.age >= 10 && c.age <= 60 ? c.pregnancy : 'none';
    const conditions = c.ckdStage !== undefined && !c.conditions?.includes('ckd') && !c.conditions?.includes('dialysis') ? [...(c.conditions ?? []), 'ckd' as const] : c.conditions;
    return { ...c, pregnancy, conditions };
  });

const goalView: fc.Arbitrary<GoalView> = fc.record({
  verdict: fc.constantFrom('supported' as const, 'uncertain' as const, 'not-supported' as const),
  certainty: fc.constantFrom('high' as const, 'moderate' as const, 'low' as const, 'very-low' as const),
  bestOutcomeLevel: fc.constantFrom('hard' as const, 'surrogate' as const, 'mechanistic' as const, 'none' as const),
});

describe('property: the handout stays readable for any valid patient', () => {
  it('readingGrade ≤ 8 over 400 generated PatientContexts (target ≤ 6)', () => {
    const grades: number[] = [];
    fc.assert(
      fc.property(patientInput, fc.array(goalView, { minLength: 5, maxLength: 5 }), (input, views) => {
        const parsed = parsePatientContext(input);
        if (!parsed.ok) throw new Error(`generator made an invalid context: ${JSON.stringify(parsed.fields)}`);
        const h = buildHandout(bodyFor(parsed.context, views));
        grades.push(h.readingGrade);
        expect(h.sections.map((s) => s.heading)).toEqual([...HANDOUT_HEADINGS]);
        expect(h.readingGrade).toBeLessThanOrEqual(8);
      }),
      { numRuns: 400, seed: 20261122 },
    );
    const sorted = [...grades].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`handout reading grade over ${grades.length} generated contexts: min ${sorted[0]}, median ${median}, max ${sorted.at(-1)}`);
    expect(grades.length).toBeGreaterThanOrEqual(300);
    expect(median).toBeLessThanOrEqual(6);
  });
});
