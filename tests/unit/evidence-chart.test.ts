import { describe, expect, it } from 'vitest';
import { buildEvidenceChart, CHART_WIDTH, layoutEvidenceChart } from '@/lib/domain/report/evidence-chart';
import type { GoalFinding, GoalTrial } from '@/lib/domain/report/types';
import { createLimiter, PdfBusyError } from '@/lib/server/pdf/limiter';
import { reportFor } from '../support/pdf';

function trial(overrides: Partial<GoalTrial>): GoalTrial {
  return { trialId: 't', title: 'A trial', applicability: 'direct', matchReasons: [], outcomeType: 'hard', result: 'r', label: 'Trial', population: 'Adults', outcome: 'Fractures', direction: 'benefit', ...overrides };
}
function finding(trials: GoalTrial[]): GoalFinding {
  return { goal: 'bone', verdict: 'uncertain', certainty: 'low', bestOutcomeLevel: 'hard', statement: '', trials, citations: [] };
}

describe('evidence chart model', () => {
  it('plots ratio estimates on a log axis that always holds the line of no effect (1)', () => {
    const model = buildEvidenceChart(finding([trial({ trialId: 'a', effect: { measure: 'OR', value: 0.72, ciLow: 0.55, ciHigh: 0.95 } }), trial({ trialId: 'b', effect: { measure: 'rate ratio', value: 0.85, ciLow: 0.55, ciHigh: 1.31 } })]));
    expect(model.rows.map((r) => r.plotted)).toEqual([true, true]);
    expect(model.domain![0]).toBeLessThanOrEqual(0.5);
    expect(model.domain![1]).toBeGreaterThanOrEqual(2);
    expect(model.rows[0]!.estimateText).toBe('OR 0.72 (0.55–0.95)');
    const layout = layoutEvidenceChart(model);
    const dashed = layout.shapes.filter((s) => s.kind === 'line' && s.dash);
    expect(dashed).toHaveLength(1); // the line of no effect
    const ticks = layout.shapes.filter((s) => s.kind === 'text' && /^[\d.]+$/.test(s.text)).map((s) => (s.kind === 'text' ? s : null)!);
    const one = ticks.find((t) => t.text === '1')!;
    expect(dashed[0]!.kind === 'line' && dashed[0]!.x1).toBeCloseTo(one.x, 5);
    // Log scale: 0.5 and 2 are equally far from 1.
    const half = ticks.find((t) => t.text === '0.5')!;
    const two = ticks.find((t) => t.text === '2')!;
    expect(one.x - half.x).toBeCloseTo(two.x - one.x, 5);
    // The estimate sits left of 1 (below 1), a filled square for a hard outcome.
    const squares = layout.shapes.filter((s) => s.kind === 'rect' && s.width === 9);
    expect(squares).toHaveLength(2);
    expect(squares[0]!.kind === 'rect' && squares[0]!.x + 4.5).toBeLessThan(one.x);
    expect(squares[0]!.kind === 'rect' && squares[0]!.fill).toBe('#111827');
  });

  it('shows direction only (a shape and words) where there is no ratio estimate; surrogate markers are hollow', () => {
    const model = buildEvidenceChart(
      finding([
        trial({ trialId: 'a', direction: 'no-difference', outcomeType: 'surrogate' }),
        trial({ trialId: 'b', direction: 'harm', effect: { measure: 'mean difference', value: -7.5, ciLow: -10.1, ciHigh: -5 } }),
      ]),
    );
    expect(model.domain).toBeNull();
    expect(model.rows.map((r) => r.plotted)).toEqual([false, false]);
    expect(model.rows[0]!.estimateText).toBe('No difference, no estimate');
    expect(model.rows[1]!.estimateText).toBe('mean differen… -7.5 (-10.1–-5)');
    const layout = layoutEvidenceChart(model);
    const glyphs = layout.shapes.filter((s) => s.kind === 'path');
    expect(glyphs).toHaveLength(2);
    expect(glyphs[0]!.kind === 'path' && glyphs[0]!.fill).toBe('#ffffff');
    const words = layout.shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []));
    expect(words).toEqual(expect.arrayContaining(['Direct', 'Surrogate marker (hollow)', 'Hard outcome (filled)', 'direction only', 'Harm; not a ratio']));
    for (const s of layout.shapes) if (s.kind === 'text') expect(s.x).toBeLessThanOrEqual(CHART_WIDTH);
  });

  it('is built from a real report: one row per trial, in the report order, with a summary for screen readers', () => {
    const report = reportFor({ age: 70, sex: 'female', conditions: ['osteoporosis', 'postmenopausal'], goals: ['bone', 'cardiovascular'] });
    for (const goal of report.goals) {
      const model = buildEvidenceChart(goal);
      expect(model.rows.map((r) => r.trialId)).toEqual(goal.trials.map((t) => t.trialId));
      expect(model.summary).toContain(`${goal.trials.length} trials`);
      expect(model.rows.every((r) => r.direction !== 'unknown' && r.population.length > 0)).toBe(true);
    }
    const bone = buildEvidenceChart(report.goals[0]!);
    const mott = bone.rows.find((r) => r.trialId === 'mott-2019')!;
    expect(mott).toMatchObject({ plotted: true, effect: { measure: 'OR', value: 0.72, ciLow: 0.55, ciHigh: 0.95 }, direction: 'mixed' });
  });

  it('reports saved before the chart existed (no label, direction or effect) still chart', () => {
    const model = buildEvidenceChart(finding([{ trialId: 'old', title: 'Old title', applicability: 'partial', matchReasons: [], outcomeType: 'surrogate', result: 'BMD: up.' }]));
    expect(model.rows[0]).toMatchObject({ label: 'Old title', outcome: 'BMD: up.', direction: 'unknown', plotted: false });
    expect(layoutEvidenceChart(model).shapes.length).toBeGreaterThan(5);
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
