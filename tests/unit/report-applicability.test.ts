import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrialSchema, type TrialData, type TrialInput } from '@/lib/domain/evidence/schemas';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { applicabilityOf, applicabilityTrace, classifyDose, patientSideOf, rateApplicability, trialSideOf } from '@/lib/domain/report/applicability';
import { CONDITIONS } from '@/lib/domain/vocabulary';
import { trialEntry } from '../fixtures/evidence';
import { syntheticTrials } from '../../scripts/bench/synthetic-trials';
import { contentSnapshot } from '../support/content-snapshot';

function patient(input: Partial<PatientContextInput> = {}): PatientContext {
  const parsed = parsePatientContext({ age: 68, sex: 'female', goals: ['cardiovascular'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

/** A placebo-controlled MK-7 RCT in adults aged 60–80 with type 2 diabetes, both sexes, 360 mcg/day — then overrides. */
function trial(overrides: Partial<TrialInput> = {}, population: Partial<TrialInput['population']> = {}, intervention: Partial<TrialInput['intervention']> = {}): TrialData {
  const base = trialEntry({ id: 'test-trial' });
  return TrialSchema.parse({
    ...base,
    ...overrides,
    population: { ...base.population, ageMin: 60, ageMax: 80, ...population },
    intervention: { ...base.intervention, ...intervention },
  });
}

const curated = (id: string): TrialData => {
  const found = contentSnapshot().trials.find((t) => t.id === id);
  if (!found) throw new Error(`no curated trial ${id}`);
  return found;
};

describe('rateApplicability: population, sex and age', () => {
  it('is direct when conditions, sex, age and a supplement dose all fit, and says so', () => {
    const r = rateApplicability(trial(), patient({ conditions: ['type-2-diabetes'] }));
    expect(r.applicability).toBe('direct');
    expect(r.matchReasons).toContain('population had type 2 diabetes, as does this patient');
    expect(r.matchReasons).toContain('trial enrolled ages 60–80; this patient is 68, within it');
    expect(r.matchReasons).toContain('dose 360 mcg/day MK-7 is in the supplement range');
  });

  it('is partial with one mismatch: a condition the patient does not have', () => {
    const r = rateApplicability(trial(), patient());
    expect(r.applicability).toBe('partial');
    expect(r.matchReasons).toContain('population had type 2 diabetes; this patient is not recorded as having it');
  });

  it('names a sex mismatch and a sex match', () => {
    const men = trial({}, { sex: 'male' });
    const mismatch = rateApplicability(men, patient({ conditions: ['type-2-diabetes'] }));
    expect(mismatch.matchReasons).toContain('trial was in men only; this patient is female');
    expect(mismatch.applicability).toBe('partial');
    const match = rateApplicability(men, patient({ sex: 'male', conditions: ['type-2-diabetes'] }));
    expect(match.matchReasons).toContain('trial was in men only, like this patient');
    expect(match.applicability).toBe('direct');
  });

  it('names an age mismatch, by range, minimum or mean age', () => {
    expect(rateApplicability(trial(), patient({ age: 45, conditions: ['type-2-diabetes'] })).matchReasons).toContain('trial enrolled ages 60–80; this patient is 45');
    expect(rateApplicability(trial({}, { ageMin: 65, ageMax: undefined }), patient({ age: 24, sex: 'male', goals: ['muscle'] })).matchReasons).toContain(
      'trial enrolled ages 65 and over; this patient is 24',
    );
    const byMean = trial({}, { ageMin: undefined, ageMax: undefined, ageMean: 71 });
    expect(rateApplicability(byMean, patient({ age: 72, conditions: ['type-2-diabetes'] })).applicability).toBe('direct');
    expect(rateApplicability(byMean, patient({ age: 40, conditions: ['type-2-diabetes'] })).matchReasons).toContain("trial participants' mean age was 71; this patient is 40");
  });

  it('is indirect with two or more mismatches', () => {
    const r = rateApplicability(trial({}, { sex: 'male' }), patient({ age: 45 }));
    expect(r.applicability).toBe('indirect');
  });

  it('treats a related condition as a mismatch and says how it differs', () => {
    const r = rateApplicability(trial({}, { conditions: ['osteoporosis'] }), patient({ conditions: ['osteopenia'] }));
    expect(r.matchReasons).toContain('population had osteoporosis; this patient has osteopenia (related, not the same)');
    expect(r.applicability).toBe('partial');
  });

  it('counts pregnancy as a mismatch: no curated trial was in pregnancy', () => {
    const r = rateApplicability(trial({}, { conditions: [], ageMin: 18, ageMax: 45 }), patient({ age: 30, pregnancy: 'pregnant' }));
    expect(r.matchReasons).toContain('trial was not in pregnancy or breastfeeding; this patient is pregnant');
    expect(r.applicability).toBe('partial');
  });
});

describe('rateApplicability: kidney disease changes the biology', () => {
  const dialysisTrial = trial({}, { conditions: ['dialysis', 'ckd'] });
  const ckdTrial = trial({}, { conditions: ['ckd'] });

  it('a haemodialysis trial is indirect for a patient not on dialysis', () => {
    const r = rateApplicability(dialysisTrial, patient());
    expect(r.applicability).toBe('indirect');
    expect(r.matchReasons).toContain('haemodialysis population; this patient is not on dialysis');
  });

  it('a haemodialysis trial fits a patient on dialysis', () => {
    const r = rateApplicability(dialysisTrial, patient({ conditions: ['dialysis'] }));
    expect(r.applicability).toBe('direct');
    expect(r.matchReasons).toContain('haemodialysis population, as is this patient on dialysis');
  });

  it('a CKD trial fits a CKD patient at a stage it enrolled; another stage is a mismatch; no stage is unknown', () => {
    const staged = trial({}, { conditions: ['ckd'], description: 'Adults with chronic kidney disease stage 3b–4 (not on dialysis).' });
    const fit = rateApplicability(staged, patient({ conditions: ['ckd'], ckdStage: 4 }));
    expect(fit.matchReasons).toContain('population had non-dialysis chronic kidney disease (stage 3b–4), as does this patient (stage 4)');
    expect(fit.applicability).toBe('direct');
    const other = rateApplicability(staged, patient({ conditions: ['ckd'], ckdStage: 1 }));
    expect(other.matchReasons).toContain('population had chronic kidney disease stage 3b–4; this patient is at stage 1');
    expect(other.applicability).toBe('partial');
    const unknown = rateApplicability(staged, patient({ conditions: ['ckd'] }));
    expect(unknown.matchReasons.join(' ')).toContain("this patient's CKD stage is unknown");
    expect(unknown.applicability).toBe('partial');
    expect(rateApplicability(ckdTrial, patient({ conditions: ['ckd'], ckdStage: 2 })).matchReasons.join(' ')).toContain('stages not stated');
  });

  it('non-dialysis CKD vs dialysis is one mismatch (partial)', () => {
    const r = rateApplicability(ckdTrial, patient({ conditions: ['dialysis'] }));
    expect(r.applicability).toBe('partial');
    expect(r.matchReasons).toContain('population had non-dialysis chronic kidney disease; this patient is on dialysis');
  });

  it('an unselected population is indirect for a CKD patient', () => {
    const r = rateApplicability(trial({}, { conditions: [] }), patient({ conditions: ['ckd'], ckdStage: 3 }));
    expect(r.applicability).toBe('indirect');
    expect(r.matchReasons).toContain('population not selected for kidney disease; this patient has chronic kidney disease');
  });

  it('rates the curated CKD and dialysis trials accordingly', () => {
    const ckd = patient({ conditions: ['ckd'], ckdStage: 4 });
    expect(rateApplicability(curated('witham-2020-k4kidneys'), ckd).applicability).toBe('direct');
    expect(rateApplicability(curated('trevasc-hdk-2023'), ckd).applicability).toBe('partial');
    expect(rateApplicability(curated('trevasc-hdk-2023'), patient()).applicability).toBe('indirect');
  });
});

describe('rateApplicability: intervention and dose', () => {
  const mk4 = (amount: number, unit: 'mg' | 'mcg') => trial({}, { conditions: [] }, { form: 'MK-4', doseAmount: amount, doseUnit: unit });

  it('MK-4 45 mg/day is a drug dose, far above supplement doses: indirect', () => {
    const r = rateApplicability(mk4(45, 'mg'), patient());
    expect(r.applicability).toBe('indirect');
    expect(r.matchReasons).toContain('dose 45 mg/day MK-4 is a drug dose, far above supplement doses');
  });

  it('MK-4 1.5 mg/day is pharmacologic too, without "far"', () => {
    expect(rateApplicability(mk4(1.5, 'mg'), patient()).matchReasons).toContain('dose 1.5 mg/day MK-4 is a drug dose, above supplement doses');
    expect(rateApplicability(mk4(500, 'mcg'), patient()).matchReasons).toContain('dose 500 mcg/day MK-4 is in the supplement range');
  });

  it('a drug-dose trial fits a patient who takes that drug dose', () => {
    const r = rateApplicability(mk4(45, 'mg'), patient({ supplements: [{ kind: 'k2-mk4', amount: 45, unit: 'mg' }] }));
    expect(r.applicability).toBe('direct');
    expect(r.matchReasons.join(' ')).toContain('as this patient takes (45 mg/day MK-4)');
  });

  it('converts regimens given less than daily to a daily equivalent', () => {
    const t = trial({}, {}, { doseAmount: 360, doseUnit: 'mcg', frequency: 'three times a week' });
    expect(classifyDose(t)).toMatchObject({ doseClass: 'supplement', mcgPerDay: (360 * 3) / 7 });
    expect(rateApplicability(t, patient()).matchReasons.join(' ')).toContain('about 154 mcg/day');
    expect(classifyDose(trial({}, {}, { doseAmount: 2000, doseUnit: 'mcg', frequency: 'daily' })).doseClass).toBe('high');
  });

  it('an unreported dose is unknown, never a fit', () => {
    const r = rateApplicability(trial({}, {}, { doseAmount: undefined, doseUnit: undefined }), patient({ conditions: ['type-2-diabetes'] }));
    expect(r.applicability).toBe('partial');
    expect(r.matchReasons).toContain('MK-7, dose not reported: dose fit unknown');
  });

  it('a statin, vitamin D3 or K1 trial is context, not K2 evidence: indirect', () => {
    for (const form of ['statin', 'D3', 'K1'] as const) {
      const r = rateApplicability(trial({}, {}, { form, doseAmount: undefined, doseUnit: undefined }), patient({ conditions: ['type-2-diabetes'] }));
      expect(r.applicability, form).toBe('indirect');
      expect(r.matchReasons.join(' '), form).toMatch(/not (vitamin )?K2/);
    }
  });

  it('names co-interventions', () => {
    const r = rateApplicability(trial({}, {}, { coInterventions: ['vitamin D 25 mcg/day'] }), patient({ conditions: ['type-2-diabetes'] }));
    expect(r.matchReasons).toContain('co-intervention vitamin D 25 mcg/day');
  });
});

describe('rateApplicability: design', () => {
  it('a pharmacokinetic study in healthy volunteers is indirect: no clinical outcome', () => {
    const r = rateApplicability(curated('schurgers-2007'), patient());
    expect(r.applicability).toBe('indirect');
    expect(r.matchReasons).toContain('healthy volunteers');
    expect(r.matchReasons).toContain('pharmacokinetic study: no clinical outcome');
  });

  it('a study in healthy volunteers is indirect whatever its design', () => {
    const r = rateApplicability(curated('theuwissen-2013'), patient({ medications: [{ name: 'warfarin' }] }));
    expect(r.applicability).toBe('indirect');
    expect(r.matchReasons).toContain('healthy volunteers: no clinical outcome');
  });

  it('a mouse/mechanistic study is indirect', () => {
    const r = rateApplicability(trial({ design: 'mechanistic' }), patient({ conditions: ['type-2-diabetes'] }));
    expect(r.applicability).toBe('indirect');
    expect(r.matchReasons).toContain('mouse/mechanistic study: no clinical outcome in people');
  });

  it('an observational study is at most partial: association, not causation', () => {
    const r = rateApplicability(trial({ design: 'observational' }), patient({ conditions: ['type-2-diabetes'] }));
    expect(r.applicability).toBe('partial');
    expect(r.matchReasons).toContain('observational: association, not causation');
    expect(rateApplicability(curated('geleijnse-2004-rotterdam'), patient()).matchReasons).toContain('observational: association, not causation');
  });

  it('adds a Japanese-population caveat and an uncontrolled-design caveat where they apply', () => {
    const r = rateApplicability(curated('ikari-2016'), patient({ coronaryCalciumScore: 450 }));
    expect(r.matchReasons.some((m) => m.startsWith('Japanese population'))).toBe(true);
    expect(r.matchReasons).toContain('single-arm study: no control group');
    expect(rateApplicability(curated('knapen-2013'), patient()).matchReasons.some((m) => m.startsWith('Japanese'))).toBe(false);
  });
});

describe('rateApplicability: missing patient data is unknown, never a match', () => {
  const cacTrial = trial({}, { conditions: ['coronary-calcium'] });

  it('a coronary-calcium trial for a patient whose score is not given: unknown, so not direct', () => {
    const r = rateApplicability(cacTrial, patient());
    expect(r.matchReasons).toContain("population had coronary artery calcium; this patient's calcium score is unknown");
    expect(r.applicability).toBe('partial');
  });

  it('a given score decides: above 0 fits, 0 does not', () => {
    expect(rateApplicability(cacTrial, patient({ coronaryCalciumScore: 450 })).matchReasons).toContain('population had coronary artery calcium, as does this patient (score 450)');
    expect(rateApplicability(cacTrial, patient({ coronaryCalciumScore: 450 })).applicability).toBe('direct');
    expect(rateApplicability(cacTrial, patient({ coronaryCalciumScore: 0 })).matchReasons).toContain("population had coronary artery calcium; this patient's calcium score is 0");
  });

  it('menopausal status not recorded for a woman is unknown', () => {
    const r = rateApplicability(trial({}, { conditions: ['postmenopausal'], sex: 'female' }), patient({ age: 58 }));
    expect(r.matchReasons).toContain("population was postmenopausal women; this patient's menopausal status is unknown");
    expect(r.applicability).toBe('partial');
  });

  it('sex recorded as other against a single-sex trial is unknown', () => {
    const r = rateApplicability(trial({}, { sex: 'female' }), patient({ sex: 'other', conditions: ['type-2-diabetes'] }));
    expect(r.matchReasons).toContain("trial was in women only; this patient's sex is recorded as other (fit unknown)");
    expect(r.applicability).toBe('partial');
  });

  it('a child against a trial that did not report ages is unknown', () => {
    const r = rateApplicability(trial({}, { ageMin: undefined, ageMax: undefined, conditions: [] }), patient({ age: 12 }));
    expect(r.matchReasons).toContain('trial ages not reported; this patient is 12, a child (fit unknown)');
    expect(r.applicability).toBe('partial');
  });

  it('property: whenever a reason says "unknown", the rating is never direct (curated trials × generated patients)', () => {
    const trials = contentSnapshot().trials;
    const contexts = fc.record({
      age: fc.integer({ min: 0, max: 120 }),
      sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const),
      conditions: fc.subarray([...CONDITIONS]),
      coronaryCalciumScore: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
      mk4: fc.option(fc.constantFrom(100, 45_000), { nil: undefined }),
    });
    fc.assert(
      fc.property(contexts, fc.constantFrom(...trials), (c, t) => {
        const context = patient({
          age: c.age,
          sex: c.sex,
          conditions: c.conditions,
          coronaryCalciumScore: c.coronaryCalciumScore,
          supplements: c.mk4 === undefined ? [] : [{ kind: 'k2-mk4', amount: c.mk4, unit: 'mcg' }],
        });
        const r = rateApplicability(t, context);
        expect(r.matchReasons.length).toBeGreaterThan(0);
        if (r.matchReasons.some((m) => /unknown/.test(m))) expect(r.applicability).not.toBe('direct');
        const trace = applicabilityTrace(t, context);
        if (trace.some((d) => d.status === 'indirect')) expect(r.applicability).toBe('indirect');
      }),
      { numRuns: 300 },
    );
  });

  it('property: the rating without reasons (used for every trial a report weighs) equals the rating with them', () => {
    // Curated trials and the benchmark's synthetic ones, which cover every design, form, dose class, sex, age band and condition.
    const trials = [...contentSnapshot().trials, ...syntheticTrials(200)];
    const contexts = fc.record({
      age: fc.integer({ min: 0, max: 120 }),
      sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const),
      pregnancy: fc.constantFrom('none' as const, 'pregnant' as const, 'breastfeeding' as const),
      conditions: fc.subarray([...CONDITIONS]),
      ckdStage: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      coronaryCalciumScore: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
      mk4: fc.option(fc.constantFrom(100, 1500, 45_000), { nil: undefined }),
    });
    fc.assert(
      fc.property(contexts, fc.constantFrom(...trials), (c, t) => {
        const parsed = parsePatientContext({
          age: c.age,
          sex: c.sex,
          pregnancy: c.sex === 'female' ? c.pregnancy : 'none',
          conditions: c.conditions,
          ckdStage: c.ckdStage,
          coronaryCalciumScore: c.coronaryCalciumScore,
          supplements: c.mk4 === undefined ? [] : [{ kind: 'k2-mk4', amount: c.mk4, unit: 'mcg' }],
          goals: ['cardiovascular'],
        });
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        expect(applicabilityOf(trialSideOf(t), patientSideOf(parsed.context))).toBe(rateApplicability(t, parsed.context).applicability);
      }),
      { numRuns: 1000 },
    );
  });
});
