/**
 * The evidence chart (forest-style), one per goal: one row per trial with its label, population, key outcome,
 * hard vs surrogate, applicability, and the direction of effect — with the estimate and its interval on a log axis
 * where the curated data has a ratio estimate (RR, OR, HR…; the line of no effect at 1).
 *
 * One model, two renderers: layoutEvidenceChart() turns the model into drawing primitives (rectangles, lines, paths,
 * text) in a fixed coordinate space; the report page draws them as SVG (components/reports/evidence-chart.tsx) and the
 * clinician PDF with react-pdf's Svg primitives (lib/pdf/evidence-chart.tsx). Nothing here knows either renderer.
 *
 * Greyscale-safe: applicability is a shade *and* a word; hard outcomes are filled markers, surrogate ones hollow, and
 * the estimate column says it in words; a direction without an estimate is a shape (◀ benefit, ▶ harm, ● no
 * difference, ◆ mixed) plus its word.
 */
import { scaleLog } from 'd3-scale';
import type { Goal } from '../vocabulary';
import type { Applicability, EffectDirection, EffectEstimate, GoalFinding } from './types';

export type ChartRow = {
  trialId: string;
  label: string;
  population: string;
  outcome: string;
  outcomeType: 'hard' | 'surrogate';
  applicability: Applicability;
  direction: EffectDirection | 'unknown';
  /** The estimate as the curators gave it (any measure). */
  effect: EffectEstimate | null;
  /** Whether the estimate is a ratio drawn on the log axis. */
  plotted: boolean;
  /** The estimate in words, e.g. "OR 0.72 (0.55–0.95)" or "Benefit, no estimate". */
  estimateText: string;
};

export type EvidenceChartModel = {
  goal: Goal;
  title: string;
  rows: ChartRow[];
  /** The log axis' domain; null when no row has a ratio estimate (direction only). */
  domain: [number, number] | null;
  /** A sentence for screen readers and the figure caption. */
  summary: string;
};

const DIRECTION_WORDS: Record<ChartRow['direction'], string> = {
  benefit: 'Benefit',
  'no-difference': 'No difference',
  harm: 'Harm',
  mixed: 'Mixed',
  unknown: 'Direction not recorded',
};
export const APPLICABILITY_WORDS: Record<Applicability, string> = { direct: 'Direct', partial: 'Partial', indirect: 'Indirect' };
export const GOAL_TITLES: Record<Goal, string> = {
  cardiovascular: 'Heart and arteries',
  bone: 'Bone',
  muscle: 'Muscle and strength',
  'blood-cancer': 'Blood cancers',
  general: 'General health',
};

/** Ratio measures are plotted on a log scale; differences and absolute values are shown as text. */
const RATIO_MEASURE = /^(rr|or|hr|irr|sir|relative risk|risk ratio|odds ratio|hazard ratio|rate ratio)\b|\bratio\b/i;
const TICK_CANDIDATES = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20];

function isRatio(effect: EffectEstimate | undefined): boolean {
  if (!effect || effect.value <= 0 || (effect.ciLow !== undefined && effect.ciLow <= 0)) return false;
  return effect.unit !== undefined ? effect.unit.trim().toLowerCase() === 'ratio' : RATIO_MEASURE.test(effect.measure.trim());
}

/** Plotted as measured only when it is a ratio and was not marked unchecked (reports saved before issue 13 carry no flag). */
function isPlotted(effect: EffectEstimate | undefined): boolean {
  return isRatio(effect) && effect!.verified !== false;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) >= 10 ? 1 : 2).replace(/0+$/, '').replace(/\.$/, '');
}

function estimateText(effect: EffectEstimate | undefined, direction: ChartRow['direction']): string {
  if (!effect) return `${DIRECTION_WORDS[direction]}, no estimate`;
  const ci = effect.ciLow !== undefined && effect.ciHigh !== undefined ? ` (${num(effect.ciLow)}–${num(effect.ciHigh)})` : '';
  const measure = effect.measure.length > 14 ? `${effect.measure.slice(0, 13).trimEnd()}…` : effect.measure;
  const unit = effect.unit && effect.unit.trim().toLowerCase() !== 'ratio' && effect.unit.length <= 12 ? ` ${effect.unit.trim()}` : '';
  return `${measure} ${num(effect.value)}${unit}${ci}${effect.verified === false ? ', unchecked' : ''}`;
}

/** The chart model for one goal finding (pure; the same model feeds the page and the PDF). */
export function buildEvidenceChart(finding: GoalFinding): EvidenceChartModel {
  const rows: ChartRow[] = finding.trials.map((t) => {
    const plotted = isPlotted(t.effect);
    const direction = t.direction ?? 'unknown';
    return {
      trialId: t.trialId,
      label: t.label ?? t.title,
      population: t.population ?? '',
      outcome: t.outcome ?? t.result,
      outcomeType: t.outcomeType,
      applicability: t.applicability,
      direction,
      effect: t.effect ?? null,
      plotted,
      estimateText: estimateText(t.effect, direction),
    };
  });
  const values = rows.filter((r) => r.plotted).flatMap((r) => [r.effect!.value, r.effect!.ciLow ?? r.effect!.value, r.effect!.ciHigh ?? r.effect!.value]);
  let domain: [number, number] | null = null;
  if (values.length > 0) {
    // Always show the line of no effect, and at least 0.5–2 so a tight interval does not look like a large effect.
    const lo = Math.min(0.5, ...values);
    const hi = Math.max(2, ...values);
    domain = [[...TICK_CANDIDATES].reverse().find((c) => c <= lo) ?? TICK_CANDIDATES[0]!, TICK_CANDIDATES.find((c) => c >= hi) ?? TICK_CANDIDATES[TICK_CANDIDATES.length - 1]!];
  }
  const counts = (['benefit', 'no-difference', 'harm', 'mixed'] as const).map((d) => [d, rows.filter((r) => r.direction === d).length] as const).filter(([, n]) => n > 0);
  const summary =
    rows.length === 0
      ? `${GOAL_TITLES[finding.goal]}: no trials in the evidence base.`
      : `${GOAL_TITLES[finding.goal]}: ${rows.length} ${rows.length === 1 ? 'trial' : 'trials'}; ${counts.map(([d, n]) => `${n} ${DIRECTION_WORDS[d].toLowerCase()}`).join(', ')}; ${rows.filter((r) => r.outcomeType === 'hard').length} on hard outcomes; ${rows.filter((r) => r.plotted).length} with a ratio estimate on the chart.`;
  return { goal: finding.goal, title: GOAL_TITLES[finding.goal], rows, domain, summary };
}

// ---- Layout: the model as drawing primitives in a fixed coordinate space (width CHART_WIDTH). ----

export type Shape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string; stroke?: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number; dash?: string }
  | { kind: 'path'; d: string; fill: string; stroke: string; width: number }
  | { kind: 'text'; x: number; y: number; text: string; size: number; anchor: 'start' | 'middle' | 'end'; bold?: boolean; fill: string };

export type ChartLayout = { width: number; height: number; shapes: Shape[] };

export const CHART_WIDTH = 640;
const ROW_H = 30;
const HEAD_H = 22;
const AXIS_H = 30;
const COL = { label: 4, outcome: 150, applies: 318, plotLeft: 372, plotRight: 512, estimate: 520 } as const;
const INK = '#111827';
const GREY = '#4b5563';
/** Applicability shading, darkest for direct: a shade in greyscale too, always with its word. */
const SHADE: Record<Applicability, string> = { direct: '#d1d5db', partial: '#eef0f2', indirect: '#ffffff' };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A direction glyph centred at (x, y): ◀ benefit, ▶ harm, ● no difference, ◆ mixed, ? unknown. */
function glyph(direction: ChartRow['direction'], x: number, y: number, filled: boolean): Shape {
  const fill = filled ? INK : '#ffffff';
  const r = 5;
  const d =
    direction === 'benefit'
      ? `M ${x + r} ${y - r} L ${x - r} ${y} L ${x + r} ${y + r} Z`
      : direction === 'harm'
        ? `M ${x - r} ${y - r} L ${x + r} ${y} L ${x - r} ${y + r} Z`
        : direction === 'mixed'
          ? `M ${x} ${y - r} L ${x + r} ${y} L ${x} ${y + r} L ${x - r} ${y} Z`
          : `M ${x - r} ${y} A ${r} ${r} 0 1 0 ${x + r} ${y} A ${r} ${r} 0 1 0 ${x - r} ${y} Z`;
  return { kind: 'path', d, fill, stroke: INK, width: 1.2 };
}

/** Lay the chart out as shapes; both renderers draw exactly these. */
export function layoutEvidenceChart(model: EvidenceChartModel): ChartLayout {
  const shapes: Shape[] = [];
  const height = HEAD_H + model.rows.length * ROW_H + AXIS_H;
  const scale = model.domain ? scaleLog().domain(model.domain).range([COL.plotLeft, COL.plotRight]).clamp(true) : null;
  const nullX = scale ? scale(1) : (COL.plotLeft + COL.plotRight) / 2;
  const text = (x: number, y: number, t: string, size = 8.5, anchor: 'start' | 'middle' | 'end' = 'start', extra: { bold?: boolean; fill?: string } = {}): Shape => ({ kind: 'text', x, y, text: t, size, anchor, fill: extra.fill ?? INK, ...(extra.bold ? { bold: true } : {}) });

  shapes.push(text(COL.label, 14, 'Trial · population', 8.5, 'start', { bold: true }));
  shapes.push(text(COL.outcome, 14, 'Key outcome', 8.5, 'start', { bold: true }));
  shapes.push(text(COL.applies, 14, 'Applies', 8.5, 'start', { bold: true }));
  shapes.push(text((COL.plotLeft + COL.plotRight) / 2, 14, scale ? 'Effect (ratio, log scale)' : 'Direction of effect', 8.5, 'middle', { bold: true }));
  shapes.push(text(COL.estimate, 14, 'Estimate', 8.5, 'start', { bold: true }));
  shapes.push({ kind: 'line', x1: 0, y1: HEAD_H - 2, x2: CHART_WIDTH, y2: HEAD_H - 2, stroke: INK, width: 0.8 });

  model.rows.forEach((row, i) => {
    const top = HEAD_H + i * ROW_H;
    const mid = top + ROW_H / 2;
    shapes.push({ kind: 'rect', x: 0, y: top, width: CHART_WIDTH, height: ROW_H, fill: SHADE[row.applicability] });
    shapes.push(text(COL.label, top + 12, clip(row.label, 30), 8.5, 'start', { bold: true }));
    shapes.push(text(COL.label, top + 24, clip(row.population, 34), 7, 'start', { fill: GREY }));
    shapes.push(text(COL.outcome, top + 12, clip(row.outcome, 36), 8));
    shapes.push(text(COL.outcome, top + 24, row.outcomeType === 'hard' ? 'Hard outcome (filled)' : 'Surrogate marker (hollow)', 7, 'start', { fill: GREY }));
    shapes.push(text(COL.applies, top + 18, APPLICABILITY_WORDS[row.applicability], 8));
    const filled = row.outcomeType === 'hard';
    if (scale && row.plotted && row.effect) {
      const { value, ciLow, ciHigh } = row.effect;
      if (ciLow !== undefined && ciHigh !== undefined) {
        shapes.push({ kind: 'line', x1: scale(ciLow), y1: mid, x2: scale(ciHigh), y2: mid, stroke: INK, width: 1.4 });
        for (const v of [ciLow, ciHigh]) shapes.push({ kind: 'line', x1: scale(v), y1: mid - 4, x2: scale(v), y2: mid + 4, stroke: INK, width: 1.2 });
      }
      const x = scale(value);
      shapes.push({ kind: 'rect', x: x - 4.5, y: mid - 4.5, width: 9, height: 9, fill: filled ? INK : '#ffffff', stroke: INK });
    } else {
      // No ratio estimate: the direction only, placed on the side of the line of no effect it points to.
      const offset = row.direction === 'benefit' ? -18 : row.direction === 'harm' ? 18 : 0;
      shapes.push(glyph(row.direction, nullX + offset, mid, filled));
    }
    shapes.push(text(COL.estimate, top + 12, clip(row.estimateText, 27), 7.5));
    shapes.push(text(COL.estimate, top + 24, row.plotted ? DIRECTION_WORDS[row.direction] : row.effect ? `${DIRECTION_WORDS[row.direction]}; not a ratio` : 'direction only', 7, 'start', { fill: GREY }));
  });

  const plotTop = HEAD_H;
  const plotBottom = HEAD_H + model.rows.length * ROW_H;
  shapes.push({ kind: 'line', x1: nullX, y1: plotTop, x2: nullX, y2: plotBottom, stroke: INK, width: 0.8, dash: '3 2' });
  shapes.push({ kind: 'line', x1: 0, y1: plotBottom, x2: CHART_WIDTH, y2: plotBottom, stroke: INK, width: 0.8 });
  if (scale && model.domain) {
    const ticks = TICK_CANDIDATES.filter((t) => t >= model.domain![0] && t <= model.domain![1]);
    for (const t of ticks) {
      shapes.push({ kind: 'line', x1: scale(t), y1: plotBottom, x2: scale(t), y2: plotBottom + 4, stroke: INK, width: 0.8 });
      shapes.push(text(scale(t), plotBottom + 13, num(t), 7, 'middle'));
    }
    shapes.push(text(nullX - 4, plotBottom + 25, '← favours K2', 7, 'end', { fill: GREY }));
    shapes.push(text(nullX + 4, plotBottom + 25, 'favours control →', 7, 'start', { fill: GREY }));
  } else {
    shapes.push(text(nullX, plotBottom + 13, 'no effect', 7, 'middle', { fill: GREY }));
    shapes.push(text(nullX - 4, plotBottom + 25, '◀ benefit', 7, 'end', { fill: GREY }));
    shapes.push(text(nullX + 4, plotBottom + 25, 'harm ▶', 7, 'start', { fill: GREY }));
  }
  return { width: CHART_WIDTH, height, shapes };
}
