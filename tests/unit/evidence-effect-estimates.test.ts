/**
 * Issue 13, "Quantitative evidence": every trial's published effect estimate with its measure, unit and 95% CI, checked
 * against the published abstract (effect.verification), and a reason where a trial has none. The schema refuses an
 * estimate outside its own CI, half a CI, and a "verified" estimate without its unit or the page it was checked on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryFromFormData, formValuesFromEntry, parseEntryForm } from '@/components/evidence/form-data';
import { EffectSchema, TrialSchema, type TrialData } from '@/lib/domain/evidence/schemas';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { buildEvidenceChart } from '@/lib/domain/report/evidence-chart';
import type { GoalFinding, GoalTrial } from '@/lib/domain/report/types';
import { contentSnapshot } from '../support/content-snapshot';

type Effect = NonNullable<TrialData['outcomes'][number]['effect']>;

const checked = { status: 'verified', checkedAgainst: 'https://pubmed.ncbi.nlm.nih.gov/1/', note: 'abstract' } as const;

/** A verified estimate with both ends of its 95% CI and a unit: what the issue's "at least 15 trials" counts. */
function isCheckedWithCi(e: Effect | undefined): boolean {
  return !!e && e.verification?.status === 'verified' && e.ciLow !== undefined && e.ciHigh !== undefined && !!e.unit;
}

describe('EffectSchema', () => {
  it('accepts a ratio and a difference on the outcome’s own scale, each with its unit and CI', () => {
    expect(EffectSchema.safeParse({ measure: 'OR', value: 0.72, ciLow: 0.55, ciHigh: 0.95, unit: 'ratio', verification: checked }).success).toBe(true);
    expect(EffectSchema.safeParse({ measure: 'mean difference', value: -7.5, ciLow: -10.1, ciHigh: -5, unit: 'mg HA/cm³', verification: checked }).success).toBe(true);
  });

  it('refuses an estimate outside its own CI (a misprint such as −86, CI −854 to −117)', () => {
    const r = EffectSchema.safeParse({ measure: 'mean difference', value: -86, ciLow: -854, ciHigh: -117, unit: 'pmol/L' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('value');
  });

  it('refuses half a CI', () => {
    const r = EffectSchema.safeParse({ measure: 'OR', value: 0.7, ciLow: 0.5, unit: 'ratio' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('ciHigh');
  });

  it('a verified estimate names its unit and the page it was checked on', () => {
    const noUnit = EffectSchema.safeParse({ measure: 'OR', value: 0.7, ciLow: 0.5, ciHigh: 0.9, verification: checked });
    expect(noUnit.success).toBe(false);
    expect(noUnit.error!.issues.map((i) => i.path.join('.'))).toContain('unit');
    const noPage = EffectSchema.safeParse({ measure: 'OR', value: 0.7, ciLow: 0.5, ciHigh: 0.9, unit: 'ratio', verification: { status: 'verified', note: 'x' } });
    expect(noPage.success).toBe(false);
    expect(noPage.error!.issues.map((i) => i.path.join('.'))).toContain('verification.checkedAgainst');
    // An estimate not yet checked may lack both: it is simply not counted as verified.
    expect(EffectSchema.safeParse({ measure: 'OR', value: 0.7, verification: { status: 'unverified' } }).success).toBe(true);
  });
});

describe('the curated trials (content/trials.json)', () => {
  const raw = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../content/trials.json'), 'utf8')) as { trials: Array<{ status: string; entry: unknown }> };
  const published = raw.trials.filter((t) => t.status === 'published').map((t) => TrialSchema.parse(t.entry));

  it('at least 15 trials carry a verified estimate with a 95% CI and a unit', () => {
    const withEstimate = published.filter((t) => t.outcomes.some((o) => isCheckedWithCi(o.effect)));
    expect(withEstimate.length).toBeGreaterThanOrEqual(15);
  });

  it('every other trial says why it has none', () => {
    const silent = published.filter((t) => !t.outcomes.some((o) => isCheckedWithCi(o.effect)) && !t.noEstimateReason);
    expect(silent.map((t) => t.id)).toEqual([]);
  });

  it('a trial with a verified estimate does not also claim it has none', () => {
    const both = published.filter((t) => t.outcomes.some((o) => isCheckedWithCi(o.effect)) && t.noEstimateReason);
    expect(both.map((t) => t.id)).toEqual([]);
  });

  it('every verified estimate was read on a web page (https) and says what it compares', () => {
    const effects = published.flatMap((t) => t.outcomes.flatMap((o) => (o.effect?.verification?.status === 'verified' ? [{ id: t.id, e: o.effect }] : [])));
    expect(effects.length).toBeGreaterThan(15);
    for (const { id, e } of effects) {
      expect(e.verification!.checkedAgainst, id).toMatch(/^https:\/\//);
      expect(e.comparison, id).toBeTruthy();
    }
  });

  it('a ratio carries the unit "ratio" and a positive CI; a difference has its own unit', () => {
    for (const t of published)
      for (const o of t.outcomes) {
        const e = o.effect;
        if (!isCheckedWithCi(e)) continue;
        if (e!.unit === 'ratio') expect(e!.ciLow!, `${t.id}: ${o.name}`).toBeGreaterThan(0);
        else expect(/\b(OR|RR|HR)\b/.test(e!.measure), `${t.id}: ${o.name} has a ratio measure but unit ${e!.unit}`).toBe(false);
      }
  });
});

describe('the report and the chart carry the estimate', () => {
  const context = (() => {
    const parsed = parsePatientContext({ age: 66, sex: 'female', goals: ['bone'], conditions: ['osteoporosis'] });
    if (!parsed.ok) throw new Error('bad fixture');
    return parsed.context;
  })();
  const report = buildReport(context, contentSnapshot());
  const bone = report.goals.find((g) => g.goal === 'bone')!;

  it('a goal’s trial carries the unit, what was compared and that the estimate was checked', () => {
    const mott = bone.trials.find((t) => t.trialId === 'mott-2019')!;
    expect(mott.effect).toMatchObject({ measure: 'OR', value: 0.72, ciLow: 0.55, ciHigh: 0.95, unit: 'ratio', verified: true });
    expect(mott.effect!.comparison).toMatch(/vitamin K/);
  });

  it('a trial without an estimate carries the curated reason', () => {
    const inoue = bone.trials.find((t) => t.trialId === 'inoue-2009-of-study')!;
    expect(inoue.effect).toBeUndefined();
    expect(inoue.noEstimateReason).toMatch(/did not differ significantly/);
  });

  const trial = (overrides: Partial<GoalTrial>): GoalTrial => ({ trialId: 't', title: 'T', applicability: 'direct', matchReasons: [], outcomeType: 'hard', result: 'r', direction: 'benefit', ...overrides });
  const finding = (trials: GoalTrial[]): GoalFinding => ({ goal: 'bone', verdict: 'uncertain', certainty: 'low', bestOutcomeLevel: 'hard', statement: '', trials, citations: [] });

  it('an unchecked ratio is not plotted as measured, and says so', () => {
    const model = buildEvidenceChart(finding([trial({ trialId: 'a', effect: { measure: 'OR', value: 0.5, ciLow: 0.3, ciHigh: 0.8, unit: 'ratio', verified: false } })]));
    expect(model.rows[0]!.plotted).toBe(false);
    expect(model.rows[0]!.estimateText).toBe('OR 0.5 (95% CI 0.3 to 0.8), unchecked');
  });

  it('a checked difference is shown with its unit, on its own scale, not on the ratio axis', () => {
    const model = buildEvidenceChart(finding([trial({ effect: { measure: 'MD', value: 21.6, ciLow: 3.63, ciHigh: 39.56, unit: 'mg/cm²', verified: true } })]));
    expect(model.rows[0]).toMatchObject({ plotted: true, panel: 'mg/cm²' });
    expect(model.domain).toBeNull();
    expect(model.rows[0]!.estimateText).toBe('MD 21.6 mg/cm² (95% CI 3.63 to 39.6)');
  });

  it('the unit decides ratio vs difference over the measure’s name', () => {
    const model = buildEvidenceChart(finding([trial({ effect: { measure: 'relative mean difference', value: 0.85, ciLow: 0.55, ciHigh: 1.31, unit: 'ratio', verified: true } })]));
    expect(model.rows[0]!.plotted).toBe(true);
  });
});

describe('the curation form', () => {
  it('round-trips the unit, the comparison, the estimate’s check and the no-estimate reason', () => {
    const entry = TrialSchema.parse(
      (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../content/trials.json'), 'utf8')) as { trials: Array<{ entry: { id: string } }> }).trials.find((t) => t.entry.id === 'mott-2019')!.entry,
    );
    const values = formValuesFromEntry('trial', entry);
    expect(values['outcomes.0.effect.unit']).toEqual(['ratio']);
    expect(values['outcomes.0.effect.verification.status']).toEqual(['verified']);
    const back = entryFromFormData('trial', values);
    expect(back.issues).toEqual([]);
    expect(TrialSchema.parse(back.entry)).toEqual(entry);
  });

  it('a verified estimate without the page it was read on is a field error', () => {
    const entry = TrialSchema.parse(
      (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../content/trials.json'), 'utf8')) as { trials: Array<{ entry: { id: string } }> }).trials.find((t) => t.entry.id === 'mott-2019')!.entry,
    );
    const values = formValuesFromEntry('trial', entry);
    values['outcomes.0.effect.verification.checkedAgainst'] = [''];
    const parsed = parseEntryForm('trial', values);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain('outcomes.0.effect.verification.checkedAgainst');
  });
});
