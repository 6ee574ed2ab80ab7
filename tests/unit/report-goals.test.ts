import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CERTAINTIES, TrialSchema, type TrialData, type TrialInput } from '@/lib/domain/evidence/schemas';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { assessGoal, assessGoals, VERDICT_RULES } from '@/lib/domain/report/goals';
import type { EvidenceSnapshot, GoalFinding } from '@/lib/domain/report/types';
import { trialEntry } from '../fixtures/evidence';
import { contentSnapshot } from '../support/content-snapshot';

function patient(input: Partial<PatientContextInput> = {}): PatientContext {
  const parsed = parsePatientContext({ age: 62, sex: 'female', goals: ['cardiovascular'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

type Outcome = TrialInput['outcomes'][number];
const hard = (direction: Outcome['direction'], name = 'Myocardial infarction or cardiovascular death'): Outcome => ({ name, type: 'hard', result: `${direction}.`, direction });
const surrogate = (direction: Outcome['direction'], name = 'Coronary calcium score'): Outcome => ({ name, type: 'surrogate', result: `${direction}.`, direction });

/**
 * A synthetic trial that fits a 62-year-old woman directly (both sexes, ages 50–75, no condition, MK-7 180 mcg/day),
 * informing the cardiovascular goal, GRADE moderate — then overrides.
 */
function trial(id: string, overrides: Partial<TrialInput> = {}, population: Partial<TrialInput['population']> = {}, intervention: Partial<TrialInput['intervention']> = {}): TrialData {
  const base = trialEntry({ id });
  return TrialSchema.parse({
    ...base,
    shortLabel: id,
    outcomes: [surrogate('benefit')],
    certainty: { grade: 'moderate', downgradeReasons: [] },
    ...overrides,
    population: { ...base.population, description: 'Adults aged 50–75.', sex: 'both', ageMin: 50, ageMax: 75, conditions: [], ...population },
    intervention: { ...base.intervention, doseAmount: 180, ...intervention },
  });
}

function snapshot(...trials: TrialData[]): EvidenceSnapshot {
  return { evidenceVersion: 'test', trials, claims: [], interactions: [], sources: [] };
}

const cardio = (context: PatientContext, snap: EvidenceSnapshot): GoalFinding => assessGoal('cardiovascular', context, snap).finding;

describe('verdict principles on synthetic evidence', () => {
  it('no evidence at all: uncertain, bestOutcomeLevel none, certainty very-low (unknown, not no)', () => {
    const f = cardio(patient(), snapshot());
    expect(f).toMatchObject({ verdict: 'uncertain', bestOutcomeLevel: 'none', certainty: 'very-low', trials: [], citations: [] });
    expect(f.statement).toMatch(/No study of vitamin K/);
  });

  it('evidence for other goals only counts as none for this goal', () => {
    const f = cardio(patient(), snapshot(trial('bone-only', { goals: ['bone'], outcomes: [hard('benefit', 'Fractures')] })));
    expect(f.bestOutcomeLevel).toBe('none');
    expect(f.trials).toEqual([]);
  });

  it('a surrogate benefit alone is never supported, however direct and however graded', () => {
    const snap = snapshot(trial('s1', { certainty: { grade: 'high', downgradeReasons: [] } }), trial('s2'));
    const f = cardio(patient(), snap);
    expect(f.verdict).toBe('uncertain');
    expect(f.bestOutcomeLevel).toBe('surrogate');
    expect(f.certainty).toBe('moderate'); // high, −1 for the surrogate outcome
    expect(f.statement).toMatch(/surrogate markers, not clinical outcomes/);
  });

  it('a directly applicable RCT with a hard-outcome benefit at a supplement dose can be supported', () => {
    const f = cardio(patient(), snapshot(trial('h1', { outcomes: [hard('benefit'), surrogate('benefit')] })));
    expect(f.verdict).toBe('supported');
    expect(f.bestOutcomeLevel).toBe('hard');
    expect(f.certainty).toBe('moderate'); // the trial's own grade, nothing to downgrade
    expect(f.statement).toMatch(/rests on h1/);
  });

  it('a hard benefit that applies only partly is supported one certainty step lower', () => {
    const f = cardio(patient(), snapshot(trial('h-men', { outcomes: [hard('benefit')] }, { sex: 'male' })));
    expect(f.verdict).toBe('supported');
    expect(f.certainty).toBe('low');
    expect(f.trials[0]!.applicability).toBe('partial');
  });

  it('a meta-analysis of RCTs counts like an RCT', () => {
    expect(cardio(patient(), snapshot(trial('ma', { design: 'meta-analysis', outcomes: [hard('benefit')] }))).verdict).toBe('supported');
  });

  it('a hard benefit is not supported when a null low-risk-of-bias analysis is against it', () => {
    const ma = trial('ma', { design: 'meta-analysis', outcomes: [hard('benefit', 'Any clinical fracture'), hard('no-difference', 'Any clinical fracture, low-risk-of-bias trials only')] });
    const f = cardio(patient(), snapshot(ma));
    expect(f.verdict).toBe('uncertain');
    expect(f.statement).toMatch(/not significant in its low-risk-of-bias trials/);
  });

  it("a null hard-outcome trial in the patient's own population weighs against a benefit elsewhere", () => {
    const benefit = trial('benefit-men', { outcomes: [hard('benefit')] }, { sex: 'male' });
    const nullHere = trial('null-here', { outcomes: [hard('no-difference')] });
    const f = cardio(patient(), snapshot(benefit, nullHere));
    expect(f.verdict).not.toBe('supported');
    expect(f.statement).toMatch(/null-here/);
    expect(assessGoal('cardiovascular', patient(), snapshot(benefit, nullHere)).trace[0]).toMatch(/rule "otherwise"/);
  });

  it('a hard benefit at a drug dose (MK-4 45 mg) or an unknown dose is not supported', () => {
    const drug = trial('mk4', { outcomes: [hard('benefit')] }, {}, { form: 'MK-4', doseAmount: 45, doseUnit: 'mg' });
    expect(cardio(patient(), snapshot(drug)).verdict).toBe('uncertain');
    const unknownDose = trial('nodose', { outcomes: [hard('benefit')] }, {}, { form: 'other', doseAmount: undefined, doseUnit: undefined });
    const f = cardio(patient(), snapshot(unknownDose));
    expect(f.verdict).toBe('uncertain');
    expect(f.statement).toMatch(/dose is unknown/);
  });

  it('a hard benefit from a trial graded very low is not enough', () => {
    expect(cardio(patient(), snapshot(trial('vl', { outcomes: [hard('benefit')], certainty: { grade: 'very-low', downgradeReasons: ['integrity'] } }))).verdict).toBe('uncertain');
  });

  it('observational data alone: uncertain at most, and they do not set the outcome level to hard', () => {
    const obs = trial('cohort', { design: 'observational', outcomes: [hard('benefit', 'Coronary heart disease mortality')] }, {}, { form: 'other', doseAmount: undefined, doseUnit: undefined });
    const f = cardio(patient(), snapshot(obs));
    expect(f.verdict).toBe('uncertain');
    expect(f.bestOutcomeLevel).toBe('mechanistic');
    expect(f.statement).toMatch(/association, not causation/);
  });

  it('mechanistic and pharmacokinetic data alone: uncertain, mechanistic level', () => {
    const f = cardio(patient(), snapshot(trial('mouse', { design: 'mechanistic' }), trial('pk', { design: 'pharmacokinetic' })));
    expect(f).toMatchObject({ verdict: 'uncertain', bestOutcomeLevel: 'mechanistic', certainty: 'very-low' });
  });

  it('not-supported when every randomised study that applies found no difference', () => {
    const f = cardio(patient(), snapshot(trial('n1', { outcomes: [hard('no-difference')] }), trial('n2', { outcomes: [surrogate('no-difference')] })));
    expect(f.verdict).toBe('not-supported');
    expect(f.bestOutcomeLevel).toBe('hard');
    expect(f.statement).toMatch(/2 found no difference/);
  });

  it('only indirect evidence falls back for the outcome level, says so, and takes two steps off certainty', () => {
    const dialysis = trial('hd', { outcomes: [hard('no-difference')] }, { conditions: ['dialysis'] });
    const f = cardio(patient(), snapshot(dialysis));
    expect(f.verdict).toBe('uncertain'); // an indirect null is not "not supported" for this patient
    expect(f.bestOutcomeLevel).toBe('hard');
    expect(f.certainty).toBe('very-low'); // moderate −2 indirectness
    expect(f.statement).toMatch(/applies only indirectly/);
    expect(f.statement).toMatch(/indirect studies only/);
  });

  it('a statin or D3 trial is context: listed, but never evidence for or against K2', () => {
    const statin = trial('statin', { outcomes: [hard('benefit')] }, {}, { form: 'statin', doseAmount: undefined, doseUnit: undefined });
    const f = cardio(patient(), snapshot(statin));
    expect(f).toMatchObject({ verdict: 'uncertain', bestOutcomeLevel: 'none', certainty: 'very-low' });
    expect(f.trials.map((t) => t.trialId)).toEqual(['statin']);
  });

  it('orders trials by applicability, then hard before surrogate', () => {
    const snap = snapshot(
      trial('indirect-hard', { outcomes: [hard('no-difference')] }, { conditions: ['dialysis'] }),
      trial('direct-surrogate'),
      trial('partial-hard', { outcomes: [hard('no-difference')] }, { sex: 'male' }),
      trial('direct-hard', { outcomes: [hard('benefit')] }),
    );
    expect(cardio(patient(), snap).trials.map((t) => `${t.applicability}/${t.outcomeType}/${t.trialId}`)).toEqual([
      'direct/hard/direct-hard',
      'direct/surrogate/direct-surrogate',
      'partial/hard/partial-hard',
      'indirect/hard/indirect-hard',
    ]);
  });

  it('property: surrogate-only evidence is never supported; observational/mechanistic-only is never more than uncertain; certainty never exceeds the best grade', () => {
    const outcome = fc.record({
      type: fc.constantFrom('surrogate' as const, 'hard' as const),
      direction: fc.constantFrom('benefit' as const, 'no-difference' as const, 'harm' as const, 'mixed' as const),
    });
    const arbTrial = fc.record({
      design: fc.constantFrom('rct' as const, 'meta-analysis' as const, 'single-arm' as const, 'case-series' as const, 'observational' as const, 'pharmacokinetic' as const, 'mechanistic' as const),
      outcomes: fc.array(outcome, { minLength: 1, maxLength: 3 }),
      grade: fc.constantFrom(...CERTAINTIES),
      sex: fc.constantFrom('both' as const, 'male' as const, 'female' as const),
      dialysis: fc.boolean(),
      form: fc.constantFrom('MK-7' as const, 'MK-4' as const, 'other' as const),
      dose: fc.constantFrom(90, 180, 360, 45_000),
    });
    fc.assert(
      fc.property(fc.array(arbTrial, { maxLength: 5 }), fc.constantFrom('female' as const, 'male' as const), (specs, sex) => {
        const trials = specs.map((s, i) =>
          trial(
            `t${i}`,
            {
              design: s.design,
              outcomes: s.outcomes.map((o) => (o.type === 'hard' ? hard(o.direction) : surrogate(o.direction))),
              certainty: { grade: s.grade, downgradeReasons: [] },
            },
            { sex: s.sex, conditions: s.dialysis ? ['dialysis'] : [] },
            { form: s.form, doseAmount: s.dose, doseUnit: 'mcg' },
          ),
        );
        const f = cardio(patient({ sex }), snapshot(...trials));
        const allSurrogate = specs.every((s) => s.outcomes.every((o) => o.type === 'surrogate'));
        if (allSurrogate) expect(f.verdict).not.toBe('supported');
        if (specs.every((s) => ['observational', 'pharmacokinetic', 'mechanistic'].includes(s.design))) expect(f.verdict).toBe('uncertain');
        if (f.verdict === 'supported') expect(f.bestOutcomeLevel).toBe('hard');
        if (specs.length === 0) expect(f).toMatchObject({ verdict: 'uncertain', bestOutcomeLevel: 'none', certainty: 'very-low' });
        const best = Math.max(-1, ...specs.map((s) => CERTAINTIES.length - 1 - CERTAINTIES.indexOf(s.grade)));
        if (specs.length > 0) expect(CERTAINTIES.length - 1 - CERTAINTIES.indexOf(f.certainty)).toBeLessThanOrEqual(best);
        expect(f.trials).toHaveLength(specs.length);
        expect(f.citations).toEqual(f.trials.map((t) => `trial:${t.trialId}`));
      }),
      { numRuns: 300 },
    );
  });

  it('documents its rules as data, each with an explanation, ending in a catch-all', () => {
    expect(VERDICT_RULES.map((r) => r.id)).toEqual(['no-evidence', 'hard-benefit', 'applicable-null', 'uncontrolled-only', 'otherwise']);
    for (const rule of VERDICT_RULES) expect(rule.when.length).toBeGreaterThan(20);
  });
});

describe('assessGoals on the curated content', () => {
  const snap = contentSnapshot();
  const resolvable = new Set([...snap.trials.map((t) => `trial:${t.id}`), ...snap.sources.map((s) => `source:${s.id}`)]);

  function only(context: PatientContext): GoalFinding {
    const findings = assessGoals(context, snap);
    expect(findings).toHaveLength(1);
    for (const id of findings[0]!.citations) expect(resolvable.has(id), id).toBe(true);
    return findings[0]!;
  }

  it('gives one finding per goal, in the order asked', () => {
    const goals = ['muscle', 'cardiovascular', 'general', 'bone', 'blood-cancer'] as const;
    expect(assessGoals(patient({ goals: [...goals] }), snap).map((g) => g.goal)).toEqual(goals);
  });

  it('cardiovascular, apixaban and a calcium score of 450: uncertain, surrogate — the Rotterdam association does not lift it', () => {
    const f = only(patient({ age: 68, medications: [{ name: 'Eliquis' }], conditions: ['coronary-calcium', 'postmenopausal'], coronaryCalciumScore: 450 }));
    expect(f).toMatchObject({ verdict: 'uncertain', bestOutcomeLevel: 'surrogate' });
    expect(['low', 'very-low']).toContain(f.certainty);
    expect(f.trials[0]).toMatchObject({ applicability: 'direct' });
    expect(f.trials.find((t) => t.trialId === 'geleijnse-2004-rotterdam')).toMatchObject({ outcomeType: 'hard', applicability: 'partial' });
    expect(f.statement).toMatch(/no trial has shown fewer heart attacks, strokes or deaths/);
    expect(f.statement).toMatch(/association, not causation/);
    expect(f.trials.find((t) => t.trialId === 'valkyrie-2021')?.applicability).toBe('indirect');
  });

  it('cardiovascular, warfarin and atrial fibrillation: uncertain or not supported', () => {
    const f = only(patient({ age: 72, sex: 'male', medications: [{ name: 'warfarin 5 mg' }], conditions: ['atrial-fibrillation'] }));
    expect(['uncertain', 'not-supported']).toContain(f.verdict);
    expect(f.bestOutcomeLevel).not.toBe('hard');
  });

  it('cardiovascular in CKD: the kidney trials apply directly, the K4Kidneys null weighs in, never supported', () => {
    const f = only(patient({ age: 66, sex: 'male', conditions: ['ckd'], ckdStage: 4 }));
    expect(f.verdict).not.toBe('supported');
    expect(f.trials.slice(0, 2).map((t) => t.trialId).sort()).toEqual(['kurnatowska-2015', 'witham-2020-k4kidneys']);
    expect(f.statement).toMatch(/K4Kidneys/);
    expect(f.trials.find((t) => t.trialId === 'jama-cardiology-2026-mk7-cac')?.applicability).toBe('indirect');
  });

  it('bone, postmenopausal osteopenia: uncertain; MK-4 drug-dose fracture trials are indirect; Mott is contested', () => {
    const f = only(patient({ age: 58, goals: ['bone'], conditions: ['postmenopausal', 'osteopenia'] }));
    expect(f.verdict).toBe('uncertain');
    expect(['surrogate', 'hard']).toContain(f.bestOutcomeLevel);
    expect(f.trials.find((t) => t.trialId === 'knapen-2013')?.applicability).toBe('direct');
    for (const id of ['shiraki-2000', 'cockayne-2006', 'inoue-2009-of-study', 'knapen-2007']) expect(f.trials.find((t) => t.trialId === id)?.applicability, id).toBe('indirect');
    expect(f.statement).toMatch(/low-risk-of-bias/);
    expect(f.statement).toMatch(/apply indirectly/);
  });

  it('muscle, a 24-year-old man: not supported (Witham 2019 in older fallers was null; nothing in young adults), low or very-low', () => {
    const f = only(patient({ age: 24, sex: 'male', goals: ['muscle'] }));
    expect(f.verdict).toBe('not-supported');
    expect(['low', 'very-low']).toContain(f.certainty);
    expect(f.trials[0]!.matchReasons).toContain('trial enrolled ages 65 and over; this patient is 24');
    expect(f.statement).toMatch(/Witham 2019/);
  });

  it('muscle, a 75-year-old who falls: the fallers trial applies directly and is null', () => {
    const f = only(patient({ age: 75, goals: ['muscle'] }));
    expect(f).toMatchObject({ verdict: 'not-supported', certainty: 'low', bestOutcomeLevel: 'hard' });
  });

  it('blood cancer: only uncontrolled drug-dose MK-4 case reports in MDS — not-supported (no controlled human evidence)', () => {
    const f = only(patient({ age: 70, goals: ['blood-cancer'], conditions: ['mds'] }));
    expect(f.verdict).toBe('not-supported');
    expect(f.certainty).toBe('very-low');
    expect(f.trials[0]).toMatchObject({ trialId: 'mk4-mds-case-report-1999', applicability: 'indirect' });
    expect(f.statement).toMatch(/no trial has shown prevention or slower progression of leukaemia or MDS/);
  });

  it('general: no evidence of a wellbeing benefit, said plainly — only uncontrolled studies, so not-supported', () => {
    const f = only(patient({ age: 30, goals: ['general'], pregnancy: 'pregnant' }));
    expect(f.verdict).toBe('not-supported');
    expect(f.certainty).toBe('very-low');
    expect(f.statement).toMatch(/no trial has shown a benefit for general health or wellbeing/);
    expect(f.trials.every((t) => t.applicability === 'indirect')).toBe(true);
  });

  it('every trial that informs the goal is listed, cited, with reasons and a short result', () => {
    const f = only(patient({ goals: ['bone'] }));
    const bone = snap.trials.filter((t) => t.goals.includes('bone')).map((t) => t.id);
    expect(f.trials.map((t) => t.trialId).sort()).toEqual([...bone].sort());
    expect(f.citations.sort()).toEqual(bone.map((id) => `trial:${id}`).sort());
    for (const t of f.trials) {
      expect(t.matchReasons.length).toBeGreaterThan(0);
      expect(t.result.length).toBeGreaterThan(5);
      expect(t.result.length).toBeLessThanOrEqual(240);
    }
  });

  it('is deterministic', () => {
    const context = patient({ goals: ['cardiovascular', 'bone', 'muscle', 'blood-cancer', 'general'] });
    expect(assessGoals(context, snap)).toEqual(assessGoals(context, snap));
  });
});
