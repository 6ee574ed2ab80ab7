import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { adequateIntakeMcg, CONSERVATIVE_MCG, frameDose } from '@/lib/domain/report/dose';
import { screenMedications } from '@/lib/domain/report/medications';
import { assessSafety } from '@/lib/domain/report/safety';
import { trialDoseRange } from '@/lib/domain/report/trial-doses';
import type { DoseFraming, EvidenceSnapshot } from '@/lib/domain/report/types';
import { contentSnapshot } from '../support/content-snapshot';
import { loadScenarios, scenarioProblems } from '../support/scenarios';

const snapshot = contentSnapshot();

function context(input: Partial<PatientContextInput>): PatientContext {
  const parsed = parsePatientContext({ age: 50, sex: 'female', goals: ['cardiovascular'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

function doseFor(input: Partial<PatientContextInput>, evidence: EvidenceSnapshot = snapshot): DoseFraming {
  const c = context(input);
  return frameDose(c, assessSafety(c, evidence, screenMedications(c.medications, evidence.interactions, evidence.medications)), evidence);
}

function expectNoDose(dose: DoseFraming) {
  expect(dose.suggestedDailyMcg).toBeNull();
  expect(dose.form).toBeNull();
}

function expectResolvable(dose: DoseFraming, evidence: EvidenceSnapshot = snapshot) {
  const ids = new Set([...evidence.trials.map((t) => `trial:${t.id}`), ...evidence.sources.map((s) => `source:${s.id}`)]);
  for (const c of dose.citations) expect(ids.has(c), c).toBe(true);
  expect(dose.citations.length).toBeGreaterThan(0);
}

describe('frameDose: avoid on any vitamin K antagonist', () => {
  it.each(['warfarin 5 mg', 'Coumadin 5mg', 'Sintrom 4 mg', 'acenocoumarol', 'Marcoumar', 'Previscan', 'phenindione'])('%s → avoid, no dose', (name) => {
    const dose = doseFor({ medications: [{ name }] });
    expect(dose.recommendation).toBe('avoid');
    expectNoDose(dose);
    expect(dose.notes[0]).toMatch(/Avoid K2 supplements: the patient takes a vitamin K antagonist/);
    expect(dose.notes.join(' ')).toMatch(/prescriber agrees and the INR is monitored/);
    expectResolvable(dose);
  });

  it('names the VKA as the patient knows it (Sintrom → acenocoumarol)', () => {
    expect(doseFor({ medications: [{ name: 'Sintrom 4 mg' }] }).notes[0]).toContain('Sintrom (acenocoumarol)');
  });

  it('avoid wins over food-first and discuss, whose reasons stay in the notes', () => {
    const dose = doseFor({ age: 30, pregnancy: 'pregnant', medications: [{ name: 'warfarin' }], conditions: ['ckd'], ckdStage: 4 });
    expect(dose.recommendation).toBe('avoid');
    expectNoDose(dose);
    expect(dose.notes.join(' ')).toMatch(/Kidney disease/);
    expect(dose.notes.join(' ')).toMatch(/Also pregnant/);
  });

  it('by RxNorm code only', () => {
    expect(doseFor({ medications: [{ name: 'tablet', rxnorm: '11289' }] }).recommendation).toBe('avoid');
  });
});

describe('frameDose: food-first', () => {
  it('pregnancy: AI 90 mcg from food, no supplement dose', () => {
    const dose = doseFor({ age: 30, pregnancy: 'pregnant' });
    expect(dose.recommendation).toBe('food-first');
    expectNoDose(dose);
    expect(dose.notes[0]).toMatch(/90 mcg\/day/);
    expect(dose.notes[0]).toMatch(/food target, not a supplement dose/);
    expect(dose.citations).toContain('source:nih-ods-vitamin-k-adequate-intake');
    expectResolvable(dose);
  });

  it('breastfeeding at 17: AI 75 mcg', () => {
    const dose = doseFor({ age: 17, pregnancy: 'breastfeeding' });
    expect(dose.recommendation).toBe('food-first');
    expectNoDose(dose);
    expect(dose.notes[0]).toMatch(/75 mcg\/day/);
  });

  it('age 15: AI 75 mcg; age 11: 60 mcg; adult trial doses are not targets', () => {
    const teen = doseFor({ age: 15, sex: 'male' });
    expect(teen.recommendation).toBe('food-first');
    expectNoDose(teen);
    expect(teen.notes[0]).toMatch(/75 mcg\/day \(14–18 years\)/);
    expect(teen.notes.join(' ')).toMatch(/not targets for a child/);
    expect(doseFor({ age: 11 }).notes[0]).toMatch(/60 mcg\/day \(9–13 years\)/);
    expect(doseFor({ age: 5 }).recommendation).toBe('food-first');
  });
});

describe('frameDose: discuss', () => {
  it.each<[string, Partial<PatientContextInput>]>([
    ['CKD stage 4', { conditions: ['ckd'], ckdStage: 4 }],
    ['dialysis', { conditions: ['dialysis'] }],
    ['bleeding disorder', { conditions: ['bleeding-disorder'] }],
    ['liver disease', { conditions: ['liver-disease'] }],
    ['fat malabsorption (condition)', { conditions: ['fat-malabsorption'] }],
    ['fat malabsorption (orlistat)', { medications: [{ name: 'orlistat' }] }],
    ['MDS', { conditions: ['mds'] }],
    ['leukaemia', { conditions: ['leukemia'] }],
  ])('%s → discuss, no dose', (_label, input) => {
    const dose = doseFor(input);
    expect(dose.recommendation).toBe('discuss');
    expectNoDose(dose);
    expect(dose.notes[0]).toMatch(/Discuss with the treating clinician/);
    expect(dose.notes.length).toBeGreaterThan(2);
    expectResolvable(dose);
  });

  it('CKD cites the kidney trials', () => {
    expect(doseFor({ conditions: ['ckd'], ckdStage: 4 }).citations).toEqual(expect.arrayContaining(['trial:witham-2020-k4kidneys', 'trial:trevasc-hdk-2023']));
  });
});

describe('frameDose: conservative', () => {
  it('healthy adult: about 90 mcg/day MK-7, adequacy-based, not the calcium dose', () => {
    const dose = doseFor({ age: 45, sex: 'male', goals: ['bone'] });
    expect(dose).toMatchObject({ recommendation: 'conservative', suggestedDailyMcg: CONSERVATIVE_MCG, form: 'MK-7' });
    expect(CONSERVATIVE_MCG).toBe(90);
    const notes = dose.notes.join(' ');
    expect(notes).toMatch(/adequacy-based/);
    expect(notes).toMatch(/NOT the dose shown to slow coronary calcium/);
    expect(notes).toMatch(/120 mcg\/day \(adult men\)/);
    expectResolvable(dose);
  });

  it('shows the trial doses as context, computed from the snapshot', () => {
    const notes = doseFor({}).notes.join(' ');
    expect(notes).toMatch(/for context only — not targets: MK-7 90–720 mcg\/day/);
    expect(notes).toMatch(/MK-4 45 mg\/day is menatetrenone, a drug dose/);
  });

  it('a DOAC, an antiplatelet, low vitamin D or a vitamin D excess do not block it', () => {
    for (const input of [{ medications: [{ name: 'Eliquis' }] }, { medications: [{ name: 'aspirin' }] }, { vitaminD: { level: { value: 12, unit: 'ng/mL' as const } } }]) expect(doseFor(input).recommendation).toBe('conservative');
    expect(doseFor({ vitaminD: { supplementIuPerDay: 10000 } }).notes.join(' ')).toMatch(/K2 does not make it safe/);
  });

  it('mentions what the patient already takes and eats', () => {
    const notes = doseFor({ supplements: [{ kind: 'k2-mk4', amount: 45, unit: 'mg' }], diet: { pattern: 'omnivore', natto: 'weekly', hardCheese: 'never', eggs: 'never', leafyGreens: 'weekly' } }).notes.join(' ');
    expect(notes).toMatch(/Already taking: MK-4 45 mg\/day\. The MK-4 amount is a drug-level dose: check the label unit/);
    expect(notes).toMatch(/roughly 121 mcg\/day of K2 from food/);
  });
});

describe('trial dose ranges from the snapshot', () => {
  it('MK-7 daily doses 90–720 mcg, MK-4 45 mg, citing the trials at the ends', () => {
    const mk7 = trialDoseRange(snapshot, 'MK-7');
    expect(mk7).toMatchObject({ min: 90, max: 720, unit: 'mcg', fromBrief: false });
    expect(mk7.trialIds).toEqual(expect.arrayContaining(['kurnatowska-2015', 'hasific-2023-avadec']));
    expect(trialDoseRange(snapshot, 'MK-4')).toMatchObject({ min: 45, max: 45, unit: 'mg' });
  });

  it('falls back to the documented figures without citing absent trials', () => {
    const empty: EvidenceSnapshot = { ...snapshot, trials: [] };
    expect(trialDoseRange(empty, 'MK-7')).toMatchObject({ min: 90, max: 720, fromBrief: true, trialIds: [] });
    const dose = doseFor({}, empty);
    expect(dose.recommendation).toBe('conservative');
    expect(dose.citations.every((c) => !c.startsWith('trial:'))).toBe(true);
  });
});

describe('adequateIntakeMcg', () => {
  it('follows the NIH ODS table', () => {
    expect(adequateIntakeMcg({ age: 30, sex: 'female', pregnancy: 'none' }).mcg).toBe(90);
    expect(adequateIntakeMcg({ age: 30, sex: 'male', pregnancy: 'none' }).mcg).toBe(120);
    expect(adequateIntakeMcg({ age: 18, sex: 'male', pregnancy: 'none' }).mcg).toBe(75);
    expect(adequateIntakeMcg({ age: 13, sex: 'female', pregnancy: 'none' }).mcg).toBe(60);
    expect(adequateIntakeMcg({ age: 8, sex: 'female', pregnancy: 'none' }).mcg).toBe(55);
    expect(adequateIntakeMcg({ age: 30, sex: 'other', pregnancy: 'none' }).mcg).toBeNull();
    expect(adequateIntakeMcg({ age: 18, sex: 'female', pregnancy: 'pregnant' }).mcg).toBe(75);
    expect(adequateIntakeMcg({ age: 19, sex: 'female', pregnancy: 'breastfeeding' }).mcg).toBe(90);
  });
});

describe('never a dose unless conservative', () => {
  it('over a grid of contexts', () => {
    const grid: Array<Partial<PatientContextInput>> = [
      { medications: [{ name: 'warfarin' }] },
      { pregnancy: 'pregnant' },
      { age: 12 },
      { conditions: ['dialysis'] },
      { conditions: ['bleeding-disorder'], medications: [{ name: 'Eliquis' }] },
      {},
      { age: 90, sex: 'other' },
    ];
    for (const input of grid) {
      const dose = doseFor(input);
      if (dose.recommendation === 'conservative') expect(dose.suggestedDailyMcg).toBe(90);
      else expectNoDose(dose);
    }
  });
});

describe('public scenarios: the safety and dose parts of their expectations', () => {
  for (const scenario of loadScenarios()) {
    it(scenario.file, () => {
      const parsed = parsePatientContext(scenario.context);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
      const c = parsed.context;
      const safety = assessSafety(c, snapshot, screenMedications(c.medications, snapshot.interactions, snapshot.medications));
      const dose = frameDose(c, safety, snapshot);
      // goals and claims come from other modules: only this module's problems are checked here.
      const problems = scenarioProblems({ ...scenario, expect: { ...scenario.expect, goals: undefined, claimsMention: undefined, mentions: undefined } }, { safety, dose, goals: [], claims: [] });
      expect(problems).toEqual([]);
    });
  }
});
