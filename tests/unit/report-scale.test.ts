/** The report engine with a large evidence base: what a report lists, what it weighs, and that reusing a snapshot changes nothing. */
import { describe, expect, it } from 'vitest';
import { TrialSchema, type TrialData, type TrialInput } from '@/lib/domain/evidence/schemas';
import { parsePatientContext, type PatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { assessGoal, MAX_LISTED_TRIALS } from '@/lib/domain/report/goals';
import { trialDoseRange } from '@/lib/domain/report/trial-doses';
import type { EvidenceSnapshot } from '@/lib/domain/report/types';
import { syntheticTrials } from '../../scripts/bench/synthetic-trials';
import { trialEntry } from '../fixtures/evidence';
import { contentSnapshot } from '../support/content-snapshot';
import { loadScenarios } from '../support/scenarios';

function patient(): PatientContext {
  const parsed = parsePatientContext({ age: 62, sex: 'female', goals: ['cardiovascular'] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

type Outcome = TrialInput['outcomes'][number];
const hard = (direction: Outcome['direction']): Outcome => ({ name: 'Myocardial infarction or cardiovascular death', type: 'hard', result: `${direction}.`, direction });

/** A cardiovascular MK-7 RCT that fits a 62-year-old woman directly, with a hard outcome; then overrides. */
function trial(id: string, direction: Outcome['direction'], population: Partial<TrialInput['population']> = {}): TrialData {
  const base = trialEntry({ id });
  return TrialSchema.parse({
    ...base,
    shortLabel: id,
    outcomes: [hard(direction)],
    certainty: { grade: 'moderate', downgradeReasons: [] },
    population: { ...base.population, description: 'Adults aged 50–75.', sex: 'both', ageMin: 50, ageMax: 75, conditions: [], ...population },
    intervention: { ...base.intervention, doseAmount: 180 },
  });
}

const snapshot = (trials: TrialData[]): EvidenceSnapshot => ({ evidenceVersion: 'test', trials, claims: [], interactions: [], sources: [] });

describe('a goal informed by more trials than a report lists', () => {
  it(`lists the ${MAX_LISTED_TRIALS} that apply most closely, weighs them all, says so and cites only what it lists`, () => {
    const nulls = Array.from({ length: 40 }, (_, i) => trial(`null-${i}`, 'no-difference'));
    const { finding } = assessGoal('cardiovascular', patient(), snapshot(nulls));
    expect(finding.verdict).toBe('not-supported'); // all 40 weighed: every applicable randomised study was null
    expect(finding.trialsWeighed).toBe(40);
    expect(finding.trials).toHaveLength(MAX_LISTED_TRIALS);
    expect(finding.trials.map((t) => t.trialId)).toEqual(nulls.slice(0, MAX_LISTED_TRIALS).map((t) => t.id));
    expect(finding.statement).toContain(`The ${MAX_LISTED_TRIALS} studies that apply most closely are listed; 15 more were weighed for this verdict and are not listed.`);
    expect(finding.statement).toMatch(/Of 40 randomised studies that apply to this patient, 40 found no difference/);
    expect(finding.citations).toEqual(finding.trials.map((t) => `trial:${t.trialId}`));
    expect(finding.trials.every((t) => t.matchReasons.length > 0)).toBe(true);
  });

  it('lists those that apply best first, and always a study the statement names', () => {
    // A benefit in men only (partial for this woman) ranks after 30 direct null studies, but the statement names it.
    const nulls = Array.from({ length: 30 }, (_, i) => trial(`null-${i}`, 'no-difference'));
    const men = trial('benefit-in-men', 'benefit', { sex: 'male' });
    const { finding } = assessGoal('cardiovascular', patient(), snapshot([men, ...nulls]));
    expect(finding.trialsWeighed).toBe(31);
    expect(finding.trials.slice(0, MAX_LISTED_TRIALS).every((t) => t.applicability === 'direct')).toBe(true);
    expect(finding.statement).toContain('benefit-in-men');
    expect(finding.trials.map((t) => t.trialId)).toContain('benefit-in-men');
    expect(finding.trials).toHaveLength(MAX_LISTED_TRIALS + 1);
  });

  it('gives the reason a benefit does not count for the first three, and sums up the rest', () => {
    const unknownDose = Array.from({ length: 10 }, (_, i) => {
      const t = trial(`unknown-dose-${i}`, 'benefit');
      return { ...t, intervention: { ...t.intervention, doseAmount: undefined, doseUnit: undefined } };
    });
    const { finding } = assessGoal('cardiovascular', patient(), snapshot(unknownDose));
    expect(finding.verdict).not.toBe('supported');
    expect(finding.statement.match(/does not count as support: its dose is unknown/g)).toHaveLength(3);
    expect(finding.statement).toContain('the clinical-outcome benefits in 7 more studies that apply to this patient do not count as support either (unknown-dose-3; unknown-dose-4; unknown-dose-5 and 4 more)');
  });

  it('a goal with no more trials than the limit lists every one and adds no sentence', () => {
    const few = Array.from({ length: 3 }, (_, i) => trial(`t-${i}`, 'no-difference'));
    const { finding } = assessGoal('cardiovascular', patient(), snapshot(few));
    expect(finding.trials).toHaveLength(3);
    expect(finding.trialsWeighed).toBe(3);
    expect(finding.statement).not.toMatch(/more were weighed/);
  });
});

describe('a snapshot of thousands of trials', () => {
  const big: EvidenceSnapshot = { ...contentSnapshot(), trials: [...contentSnapshot().trials, ...syntheticTrials(1_500)] };
  const contexts = loadScenarios().map((s) => {
    const parsed = parsePatientContext(s.context);
    if (!parsed.ok) throw new Error(s.file);
    return parsed.context;
  });

  it('gives the same reports when one snapshot is reused (its memos) as with a fresh copy, in any order', () => {
    const reused = contexts.map((context) => buildReport(context, big));
    expect(contexts.map((context) => buildReport(context, big))).toEqual(reused);
    const fresh = structuredClone(big);
    expect([...contexts].reverse().map((context) => buildReport(context, fresh))).toEqual([...reused].reverse());
  });

  it('weighs every trial of a goal, lists the closest and every study its statement names, and every citation resolves', () => {
    for (const context of contexts) {
      const report = buildReport(context, big);
      const ids = new Set(report.references.map((r) => r.id));
      for (const goal of report.goals) {
        expect(goal.trialsWeighed).toBe(big.trials.filter((t) => t.goals.includes(goal.goal)).length);
        // The closest ones, plus any study the statement names (by its short label) further down the ranking.
        const listed = new Set(goal.trials.map((t) => t.label));
        const named = [...goal.statement.matchAll(/Synthetic \d+/g)].map((m) => m[0]);
        expect(named.filter((label) => !listed.has(label))).toEqual([]);
        expect(goal.trials.length).toBeGreaterThanOrEqual(MAX_LISTED_TRIALS);
        expect(goal.trials.length).toBeLessThanOrEqual(MAX_LISTED_TRIALS + new Set(named).size);
      }
      const cited = [...report.safety, ...report.goals, report.dose, ...report.productQuality, ...report.claims].flatMap((x) => x.citations);
      for (const id of cited) expect(ids.has(id), id).toBe(true);
    }
  });

  it('cites one trial per intermittent dose regimen, however many trials used it', () => {
    const intermittent = (id: string): TrialData => TrialSchema.parse({ ...trialEntry({ id }), intervention: { ...trialEntry().intervention, form: 'MK-7', doseAmount: 360, doseUnit: 'mcg', frequency: 'three times a week' } });
    const range = trialDoseRange(snapshot([intermittent('a-1'), intermittent('a-2'), intermittent('a-3')]), 'MK-7');
    expect(range.intermittent).toEqual(['360 mcg three times a week']);
    expect(range.trialIds).toEqual(['a-1']);
  });
});
