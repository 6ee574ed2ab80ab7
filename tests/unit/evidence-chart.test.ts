import { describe, expect, it } from 'vitest';
import { buildEvidenceChart, CHART_WIDTH, layoutEvidenceChart, NARROW_CHART_WIDTH } from '@/lib/domain/report/evidence-chart';
import type { GoalFinding, GoalTrial } from '@/lib/domain/report/types';
import { createLimiter, PdfBusyError } from '@/lib/server/pdf/limiter';
import { reportFor } from '../support/pdf';

function trial(overrides: Partial<GoalTrial>): GoalTrial {
  return { trialId: 't', title: 'A trial', applicability: 'direct', matchReasons: [], outcomeType: 'hard', result: 'r', label: 'Trial', population: 'Adults', outcome: 'Fractures', direction: 'benefit', ...overrides };
}
function finding(trials: GoalTrial[]): GoalFinding {
  return { goal: 'bone', verdict: 'uncertain', certainty: 'low', bestOutcomeLevel: 'hard', statement: '', trials, citations: [] };
}

describe('evidence chart model (issue 14: an honest chart)', () => {
  const checked = (measure: string, value: number, ciLow: number, ciHigh: number, unit = 'ratio') => ({ measure, value, ciLow, ciHigh, unit, verified: true });

  it('writes a long measure and a negative difference in full for the lists and the table (no "mean differen… -17 AU (-86–53)")', () => {
    const model = buildEvidenceChart(finding([trial({ trialId: 'd', design: 'rct', effect: checked('mean difference in calcification score', -17, -86, 53, 'AU') })]));
    expect(model.rows[0]!.estimateText).toBe('mean difference in calcification score −17 AU (95% CI −86 to 53)');
  });

  it('plots checked ratio estimates on a log axis that always holds the line of no effect (1)', () => {
    const model = buildEvidenceChart(finding([trial({ trialId: 'a', design: 'meta-analysis', effect: checked('OR', 0.72, 0.55, 0.95) }), trial({ trialId: 'b', design: 'rct', effect: checked('rate ratio', 0.85, 0.55, 1.31) })]));
    expect(model.rows.map((r) => r.plotted)).toEqual([true, true]);
    expect(model.panels.map((p) => [p.key, p.scale, p.noEffect])).toEqual([['ratio', 'log', 1]]);
    expect(model.domain![0]).toBeLessThanOrEqual(0.5);
    expect(model.domain![1]).toBeGreaterThanOrEqual(2);
    expect(model.rows[0]!.estimateText).toBe('OR 0.72 (95% CI 0.55 to 0.95)');
    const layout = layoutEvidenceChart(model);
    const dashed = layout.shapes.filter((s) => s.kind === 'line' && s.dash === '3 2');
    expect(dashed).toHaveLength(1); // the line of no effect
    const ticks = layout.shapes.flatMap((s) => (s.kind === 'text' && /^[\d.]+$/.test(s.text) ? [s] : []));
    const one = ticks.find((t) => t.text === '1')!;
    expect(dashed[0]!.kind === 'line' && dashed[0]!.x1).toBeCloseTo(one.x, 5);
    // Log scale: 0.5 and 2 are equally far from 1.
    const half = ticks.find((t) => t.text === '0.5')!;
    const two = ticks.find((t) => t.text === '2')!;
    expect(one.x - half.x).toBeCloseTo(two.x - one.x, 5);
    // Markers by design: a diamond for the meta-analysis, a square for the trial; both left of 1; filled (hard).
    const markers = layout.shapes.filter((s) => s.kind === 'path');
    expect(markers).toHaveLength(2);
    expect(markers.every((m) => m.kind === 'path' && m.fill === '#111827')).toBe(true);
  });

  it('lists results known by direction only as text, and never draws them near the line as if measured', () => {
    const model = buildEvidenceChart(finding([trial({ trialId: 'a', direction: 'no-difference', outcomeType: 'surrogate' }), trial({ trialId: 'b', direction: 'benefit', noEstimateReason: 'p values only' })]));
    expect(model.panels).toEqual([]);
    expect(model.domain).toBeNull();
    expect(model.listed.map((r) => r.trialId)).toEqual(['a', 'b']);
    expect(model.listed[1]!.noEstimateReason).toBe('p values only');
    expect(layoutEvidenceChart(model).shapes).toEqual([]);
    expect(model.summary).toContain('0 with a checked estimate and 95% CI on the chart');
    expect(model.summary).toContain('2 by direction only, listed below the chart: 1 benefit, 1 no difference');
  });

  it('puts differences on their own scale, one panel per unit, each holding 0', () => {
    const model = buildEvidenceChart(
      finding([
        trial({ trialId: 'bmd', design: 'meta-analysis', outcomeType: 'surrogate', effect: checked('WMD', 21.6, 3.63, 39.56, 'mg/cm²') }),
        trial({ trialId: 'bmd2', design: 'rct', outcomeType: 'surrogate', effect: checked('MD', 0.25, -2.64, 3.14, 'mg/cm²') }),
        trial({ trialId: 'hu', design: 'rct', outcomeType: 'surrogate', effect: checked('β', -2.06, -11.26, 7.3, 'HU') }),
        trial({ trialId: 'fx', design: 'meta-analysis', effect: checked('OR', 0.72, 0.55, 0.95) }),
      ]),
    );
    expect(model.panels.map((p) => [p.key, p.scale, p.rows.map((r) => r.trialId)])).toEqual([
      ['ratio', 'log', ['fx']],
      ['HU', 'linear', ['hu']],
      ['mg/cm²', 'linear', ['bmd', 'bmd2']],
    ]);
    for (const p of model.panels.filter((x) => x.scale === 'linear')) {
      expect(p.domain[0]).toBeLessThanOrEqual(0);
      expect(p.domain[1]).toBeGreaterThanOrEqual(0);
      for (const r of p.rows) expect(r.effect!.ciLow!).toBeGreaterThanOrEqual(p.domain[0]);
      for (const r of p.rows) expect(r.effect!.ciHigh!).toBeLessThanOrEqual(p.domain[1]);
    }
    const words = layoutEvidenceChart(model).shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []));
    expect(words).toEqual(expect.arrayContaining(['Differences in mg/cm² with 95% CI; 0 = no difference', 'Differences in HU with 95% CI; 0 = no difference']));
  });

  it('draws an observational study as a circle with a dashed interval, and names it', () => {
    const model = buildEvidenceChart(finding([trial({ trialId: 'obs', design: 'observational', effect: checked('RR', 0.43, 0.24, 0.77) })]));
    const layout = layoutEvidenceChart(model);
    const circle = layout.shapes.find((s) => s.kind === 'path')!;
    expect(circle.kind === 'path' && circle.d).toMatch(/ A /);
    expect(layout.shapes.some((s) => s.kind === 'line' && s.dash === '4 3')).toBe(true);
    expect(layout.shapes.some((s) => s.kind === 'text' && s.text.startsWith('Observational'))).toBe(true);
    expect(model.summary).toContain('1 observational, drawn as circles');
  });

  it('shows other interventions as context: never plotted, never counted as vitamin K evidence', () => {
    const model = buildEvidenceChart(
      finding([
        trial({ trialId: 'k', design: 'rct', direction: 'no-difference' }),
        trial({ trialId: 'd3', design: 'rct', direction: 'harm', aboutVitaminK: false, effect: checked('mean difference', -7.5, -10.1, -5, 'mg HA/cm³') }),
      ]),
    );
    expect(model.rows.find((r) => r.trialId === 'd3')).toMatchObject({ context: true, plotted: false });
    expect(model.contextRows.map((r) => r.trialId)).toEqual(['d3']);
    expect(model.panels).toEqual([]);
    expect(model.summary).toMatch(/^Bone: 1 study of vitamin K/);
    expect(model.summary).not.toMatch(/harm/);
    expect(model.summary).toContain('1 study of other interventions shown as context, not counted.');
  });

  it('an unchecked estimate or one without both ends of its CI is not plotted', () => {
    const model = buildEvidenceChart(
      finding([trial({ trialId: 'u', effect: { measure: 'OR', value: 0.5, ciLow: 0.3, ciHigh: 0.8, unit: 'ratio', verified: false } }), trial({ trialId: 'p', effect: { measure: 'mean ΔCAC', value: 203, unit: 'AU', verified: true } })]),
    );
    expect(model.rows.map((r) => r.plotted)).toEqual([false, false]);
    expect(model.rows[0]!.estimateText).toBe('OR 0.5 (95% CI 0.3 to 0.8), unchecked');
  });

  it('the narrow (phone) layout stacks each row, keeps every text inside 360 units and at 10 or more', () => {
    const report = reportFor({ age: 70, sex: 'female', conditions: ['osteoporosis', 'postmenopausal'], goals: ['bone', 'cardiovascular'] });
    for (const goal of report.goals) {
      const model = buildEvidenceChart(goal);
      for (const variant of ['narrow', 'wide'] as const) {
        const layout = layoutEvidenceChart(model, variant);
        expect(layout.width).toBe(variant === 'narrow' ? NARROW_CHART_WIDTH : CHART_WIDTH);
        for (const s of layout.shapes) {
          if (s.kind !== 'text') continue;
          expect(s.size).toBeGreaterThanOrEqual(10);
          // Start-anchored text begins inside the drawing, and a clipped label leaves room for its column.
          expect(s.x).toBeGreaterThanOrEqual(0);
          expect(s.x).toBeLessThanOrEqual(layout.width);
          if (s.anchor === 'start') expect(s.x + s.text.length * s.size * 0.5, `${variant}: "${s.text}"`).toBeLessThanOrEqual(layout.width + 8);
        }
      }
    }
  });

  it('is built from a real report: every trial once, vitamin D and statin studies as context, Rotterdam as observational', () => {
    const report = reportFor({ age: 70, sex: 'female', conditions: ['osteoporosis', 'postmenopausal'], goals: ['bone', 'cardiovascular'] });
    for (const goal of report.goals) {
      const model = buildEvidenceChart(goal);
      expect(model.rows.map((r) => r.trialId)).toEqual(goal.trials.map((t) => t.trialId));
      expect([...model.panels.flatMap((p) => p.rows), ...model.listed, ...model.contextRows].map((r) => r.trialId).sort()).toEqual(goal.trials.map((t) => t.trialId).sort());
      expect(model.rows.every((r) => r.direction !== 'unknown' && r.population.length > 0)).toBe(true);
    }
    const bone = buildEvidenceChart(report.goals.find((g) => g.goal === 'bone')!);
    expect(bone.rows.find((r) => r.trialId === 'mott-2019')).toMatchObject({ plotted: true, panel: 'ratio', kind: 'meta-analysis', effect: { measure: 'OR', value: 0.72, ciLow: 0.55, ciHigh: 0.95 }, direction: 'mixed' });
    expect(bone.contextRows.map((r) => r.trialId)).toContain('burt-2019');
    expect(bone.summary).not.toMatch(/\bharm\b/);
    const heart = buildEvidenceChart(report.goals.find((g) => g.goal === 'cardiovascular')!);
    expect(heart.contextRows.map((r) => r.trialId)).toContain('puri-2015');
    expect(heart.rows.find((r) => r.trialId === 'geleijnse-2004-rotterdam')).toMatchObject({ kind: 'observational', plotted: true });
    // The trials with no checked estimate are listed, not drawn.
    expect(heart.listed.map((r) => r.trialId)).toEqual(expect.arrayContaining(['jama-cardiology-2026-mk7-cac', 'kurnatowska-2015']));
  });

  it('reports saved before the chart existed (no label, design, direction or effect) still chart, as a list', () => {
    const model = buildEvidenceChart(finding([{ trialId: 'old', title: 'Old title', applicability: 'partial', matchReasons: [], outcomeType: 'surrogate', result: 'BMD: up.' }]));
    expect(model.rows[0]).toMatchObject({ label: 'Old title', outcome: 'BMD: up.', direction: 'unknown', plotted: false, kind: 'other', context: false });
    expect(model.listed).toHaveLength(1);
    // An old ratio estimate (no unit, no verified flag) with its CI is still drawn.
    const old = buildEvidenceChart(finding([trial({ effect: { measure: 'OR', value: 0.72, ciLow: 0.55, ciHigh: 0.95 } })]));
    expect(old.rows[0]!.plotted).toBe(true);
  });
});

describe('PDF render limiter', () => {
  it('runs at most two at once; a third waits for a slot, and gives up with PdfBusyError after the wait', async () => {
    const limiter = createLimiter(2, 200);
    let releaseAll!: () => void;
    const gate = new Promise<void>((r) => (releaseAll = r));
    const a = limiter.run(() => gate.then(() => 'a'));
    const b = limiter.run(() => gate.then(() => 'b'));
    expect(limiter.active()).toBe(2);
    const late = limiter.run(async () => 'late');
    await expect(late).rejects.toBeInstanceOf(PdfBusyError);
    const waiting = limiter.run(async () => 'waited');
    expect(limiter.waiting()).toBe(1);
    releaseAll();
    expect(await Promise.all([a, b, waiting])).toEqual(['a', 'b', 'waited']);
    expect(limiter.active()).toBe(0);
  });
});
