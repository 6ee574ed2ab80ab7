/**
 * The evidence chart (forest-style), one per goal (issue 14, "An honest evidence chart"):
 *   - only numeric estimates sit on an axis, with their 95% CI, and only when the curated estimate was checked against
 *     the published abstract: ratios (RR, OR, HR) on a log axis with the line of no effect at 1, differences on their
 *     own scale with the line at 0 — one panel per scale (a unit), never two units on one axis;
 *   - results known only by their direction are listed as text under the chart, never drawn near the line as if
 *     measured;
 *   - observational studies are drawn differently (a circle and a dashed interval) and labelled, meta-analyses as a
 *     diamond, randomised trials as a square; filled for a hard outcome, hollow for a surrogate marker;
 *   - studies of other interventions (statins, vitamin D alone) are listed as context and never counted as K2
 *     evidence in the summary.
 *
 * One model, two renderers: layoutEvidenceChart() turns the model into drawing primitives (rectangles, lines, paths,
 * text) in a fixed coordinate space, wide (a desktop page, the PDF) or narrow (a phone: each row stacked); the report
 * page draws them as SVG (components/reports/evidence-chart.tsx) and the clinician PDF with react-pdf's Svg primitives
 * (lib/pdf/evidence-chart.tsx). Nothing here knows either renderer. Greyscale-safe: every encoding is also a word.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import type { Goal } from '../vocabulary';
import type { Applicability, EffectDirection, EffectEstimate, GoalFinding, TrialDesign } from './types';

/** How a study is drawn and named: its design, as a reader counts it. */
export type ChartStudyKind = 'randomised' | 'meta-analysis' | 'observational' | 'uncontrolled' | 'other';

export type ChartRow = {
  trialId: string;
  label: string;
  population: string;
  outcome: string;
  outcomeType: 'hard' | 'surrogate';
  applicability: Applicability;
  direction: EffectDirection | 'unknown';
  kind: ChartStudyKind;
  /** A study of another intervention (statins, vitamin D alone): context, never counted as K2 evidence. */
  context: boolean;
  /** The estimate as the curators gave it (any measure). */
  effect: EffectEstimate | null;
  /** Whether the estimate sits on an axis (a checked estimate with both ends of its 95% CI, of a vitamin K study). */
  plotted: boolean;
  /** The key of the panel it sits in ("ratio" or the difference's unit); null when it is listed as text. */
  panel: string | null;
  /** The estimate in words, e.g. "OR 0.72 (95% CI 0.55 to 0.95)" or "Benefit, no estimate". */
  estimateText: string;
  /** Why the trial has no estimate on the chart, as curated, when it has none. */
  noEstimateReason?: string;
};

export type ChartPanel = {
  /** "ratio", or the unit of the differences it holds. */
  key: string;
  scale: 'log' | 'linear';
  title: string;
  rows: ChartRow[];
  domain: [number, number];
  /** 1 for ratios, 0 for differences. */
  noEffect: number;
};

export type EvidenceChartModel = {
  goal: Goal;
  title: string;
  /** Every trial of the goal finding, in its order. */
  rows: ChartRow[];
  /** The plotted rows, one panel per scale: ratios first, then differences by unit. */
  panels: ChartPanel[];
  /** Vitamin K studies without a checked estimate with a CI: listed as text, with their direction. */
  listed: ChartRow[];
  /** Studies of other interventions: context, listed as text and not counted. */
  contextRows: ChartRow[];
  /** The ratio panel's log-axis domain; null when no ratio is plotted. */
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
export const KIND_WORDS: Record<ChartStudyKind, string> = {
  randomised: 'Randomised trial',
  'meta-analysis': 'Meta-analysis',
  observational: 'Observational',
  uncontrolled: 'Uncontrolled study',
  other: 'Other study',
};
export const APPLICABILITY_WORDS: Record<Applicability, string> = { direct: 'Direct', partial: 'Partial', indirect: 'Indirect' };
export const GOAL_TITLES: Record<Goal, string> = {
  cardiovascular: 'Heart and arteries',
  bone: 'Bone',
  muscle: 'Muscle and strength',
  'blood-cancer': 'Blood cancers',
  general: 'General health',
};

/** Ratio measures (for reports saved before estimates carried a unit); a unit, when given, decides. */
const RATIO_MEASURE = /^(rr|or|hr|irr|sir|relative risk|risk ratio|odds ratio|hazard ratio|rate ratio)\b|\bratio\b/i;
const TICK_CANDIDATES = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20];
const KIND_OF_DESIGN: Record<TrialDesign, ChartStudyKind> = {
  rct: 'randomised',
  'meta-analysis': 'meta-analysis',
  observational: 'observational',
  'case-series': 'uncontrolled',
  'single-arm': 'uncontrolled',
  pharmacokinetic: 'other',
  mechanistic: 'other',
};

function isRatio(effect: EffectEstimate): boolean {
  return effect.unit !== undefined ? effect.unit.trim().toLowerCase() === 'ratio' : RATIO_MEASURE.test(effect.measure.trim());
}

/** The panel an estimate sits in, or null when it cannot be placed on an axis honestly. */
function panelKey(effect: EffectEstimate | undefined, context: boolean): string | null {
  if (!effect || context || effect.verified === false) return null;
  if (effect.ciLow === undefined || effect.ciHigh === undefined) return null;
  if (isRatio(effect)) return effect.value > 0 && effect.ciLow > 0 ? 'ratio' : null;
  // A difference needs its unit: without one there is no scale to put it on.
  return effect.unit ? effect.unit.trim() : null;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) >= 10 ? 1 : 2).replace(/0+$/, '').replace(/\.$/, '');
}

/** A number for reading: a real minus sign, so "−17 (−86 to 53)" cannot be misread as a range. */
function signed(n: number): string {
  return num(n).replace(/^-/, '−');
}

/** The estimate in full words for the lists and the table (the drawing has its own short label). */
function estimateText(effect: EffectEstimate | undefined, direction: ChartRow['direction']): string {
  if (!effect) return `${DIRECTION_WORDS[direction]}, no estimate`;
  const ci = effect.ciLow !== undefined && effect.ciHigh !== undefined ? ` (95% CI ${signed(effect.ciLow)} to ${signed(effect.ciHigh)})` : '';
  const unit = effect.unit && effect.unit.trim().toLowerCase() !== 'ratio' ? ` ${effect.unit.trim()}` : '';
  return `${effect.measure} ${signed(effect.value)}${unit}${ci}${effect.verified === false ? ', unchecked' : ''}`;
}

function ratioDomain(values: number[]): [number, number] {
  // Always show the line of no effect, and at least 0.5–2 so a tight interval does not look like a large effect.
  const lo = Math.min(0.5, ...values);
  const hi = Math.max(2, ...values);
  return [[...TICK_CANDIDATES].reverse().find((c) => c <= lo) ?? TICK_CANDIDATES[0]!, TICK_CANDIDATES.find((c) => c >= hi) ?? TICK_CANDIDATES[TICK_CANDIDATES.length - 1]!];
}

function linearDomain(values: number[]): [number, number] {
  // Always hold 0 (no difference), with a margin so an interval never touches the frame.
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.1;
  const [a, b] = scaleLinear().domain([lo - pad, hi + pad]).nice(4).domain() as [number, number];
  return [a, b];
}

/** The chart model for one goal finding (pure; the same model feeds the page and the PDF). */
export function buildEvidenceChart(finding: GoalFinding): EvidenceChartModel {
  const rows: ChartRow[] = finding.trials.map((t) => {
    const direction = t.direction ?? 'unknown';
    const context = t.aboutVitaminK === false;
    const panel = panelKey(t.effect, context);
    return {
      trialId: t.trialId,
      label: t.label ?? t.title,
      population: t.population ?? '',
      outcome: t.outcome ?? t.result,
      outcomeType: t.outcomeType,
      applicability: t.applicability,
      direction,
      kind: t.design ? KIND_OF_DESIGN[t.design] : 'other',
      context,
      effect: t.effect ?? null,
      plotted: panel !== null,
      panel,
      estimateText: estimateText(t.effect, direction),
      ...(t.noEstimateReason ? { noEstimateReason: t.noEstimateReason } : {}),
    };
  });
  const keys = [...new Set(rows.flatMap((r) => (r.panel ? [r.panel] : [])))].sort((a, b) => (a === 'ratio' ? -1 : b === 'ratio' ? 1 : a.localeCompare(b)));
  const panels: ChartPanel[] = keys.map((key) => {
    const inPanel = rows.filter((r) => r.panel === key);
    const values = inPanel.flatMap((r) => [r.effect!.value, r.effect!.ciLow!, r.effect!.ciHigh!]);
    return key === 'ratio'
      ? { key, scale: 'log', title: 'Ratio estimates (RR, OR, HR) with 95% CI, log scale; 1 = no difference', rows: inPanel, domain: ratioDomain(values), noEffect: 1 }
      : { key, scale: 'linear', title: `Differences in ${key} with 95% CI; 0 = no difference`, rows: inPanel, domain: linearDomain(values), noEffect: 0 };
  });
  const k2 = rows.filter((r) => !r.context);
  const listed = k2.filter((r) => !r.plotted);
  const contextRows = rows.filter((r) => r.context);
  const plotted = k2.filter((r) => r.plotted);
  const observational = plotted.filter((r) => r.kind === 'observational').length;
  const counts = (['benefit', 'no-difference', 'harm', 'mixed'] as const).map((d) => [d, listed.filter((r) => r.direction === d).length] as const).filter(([, n]) => n > 0);
  const studies = (n: number) => `${n} ${n === 1 ? 'study' : 'studies'}`;
  const summary =
    rows.length === 0
      ? `${GOAL_TITLES[finding.goal]}: no trials in the evidence base.`
      : [
          `${GOAL_TITLES[finding.goal]}: ${studies(k2.length)} of vitamin K (${k2.filter((r) => r.outcomeType === 'hard').length} on hard outcomes).`,
          `${plotted.length} with a checked estimate and 95% CI on the chart${observational ? ` (${observational} observational, drawn as circles)` : ''}.`,
          listed.length ? `${listed.length} by direction only, listed below the chart${counts.length ? `: ${counts.map(([d, n]) => `${n} ${DIRECTION_WORDS[d].toLowerCase()}`).join(', ')}` : ''}.` : '',
          contextRows.length ? `${studies(contextRows.length)} of other interventions shown as context, not counted.` : '',
        ]
          .filter(Boolean)
          .join(' ');
  const ratio = panels.find((p) => p.key === 'ratio');
  return { goal: finding.goal, title: GOAL_TITLES[finding.goal], rows, panels, listed, contextRows, domain: ratio ? ratio.domain : null, summary };
}

// ---- Layout: the plotted panels as drawing primitives in a fixed coordinate space. ----

export type Shape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string; stroke?: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number; dash?: string }
  | { kind: 'path'; d: string; fill: string; stroke: string; width: number }
  | { kind: 'text'; x: number; y: number; text: string; size: number; anchor: 'start' | 'middle' | 'end'; bold?: boolean; fill: string };

export type ChartLayout = { width: number; height: number; shapes: Shape[] };
export type ChartVariant = 'wide' | 'narrow';

/** Coordinate widths: wide for a desktop page and the PDF (scaled to the column), narrow for a phone (one row stacked). */
export const CHART_WIDTH = 720;
export const NARROW_CHART_WIDTH = 360;
const INK = '#111827';
/** The ink of the drawing (text, lines, marks): near-black, so it prints in greyscale. */
export const CHART_INK = INK;
const GREY = '#4b5563';
/** Applicability shading, darkest for direct: a shade in greyscale too, always with its word. */
const SHADE: Record<Applicability, string> = { direct: '#d1d5db', partial: '#eef0f2', indirect: '#ffffff' };

type Geometry = {
  width: number;
  rowHeight: number;
  plotLeft: number;
  plotRight: number;
  /** Where each text sits in a row: [x, y offset, size, max characters]. */
  label: [number, number, number, number];
  detail: [number, number, number, number];
  outcome: [number, number, number, number] | null;
  estimate: [number, number, number, number];
  markerY: number;
};

const WIDE: Geometry = {
  width: CHART_WIDTH,
  rowHeight: 40,
  plotLeft: 400,
  plotRight: 570,
  label: [6, 16, 12, 28],
  detail: [6, 32, 10, 38],
  outcome: [210, 16, 11, 30],
  estimate: [580, 24, 10.5, 26],
  markerY: 20,
};
const NARROW: Geometry = {
  width: NARROW_CHART_WIDTH,
  rowHeight: 72,
  plotLeft: 18,
  plotRight: 342,
  label: [6, 15, 12, 44],
  detail: [6, 30, 10, 54],
  outcome: null,
  estimate: [6, 45, 11, 50],
  markerY: 60,
};

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The marker of a design at (x, y): ■ randomised, ◆ meta-analysis, ● observational, ▲ uncontrolled or other. */
function marker(kind: ChartStudyKind, x: number, y: number, filled: boolean): Shape {
  const fill = filled ? INK : '#ffffff';
  const r = 5.5;
  const d =
    kind === 'randomised'
      ? `M ${x - r} ${y - r} L ${x + r} ${y - r} L ${x + r} ${y + r} L ${x - r} ${y + r} Z`
      : kind === 'meta-analysis'
        ? `M ${x} ${y - r - 1} L ${x + r + 1} ${y} L ${x} ${y + r + 1} L ${x - r - 1} ${y} Z`
        : kind === 'observational'
          ? `M ${x - r} ${y} A ${r} ${r} 0 1 0 ${x + r} ${y} A ${r} ${r} 0 1 0 ${x - r} ${y} Z`
          : `M ${x} ${y - r} L ${x + r} ${y + r} L ${x - r} ${y + r} Z`;
  return { kind: 'path', d, fill, stroke: INK, width: 1.3 };
}

function rowDetail(row: ChartRow, narrow: boolean): string {
  const type = row.outcomeType === 'hard' ? 'hard outcome' : 'surrogate';
  const applies = `${APPLICABILITY_WORDS[row.applicability].toLowerCase()}`;
  return narrow ? `${KIND_WORDS[row.kind]} · ${type} · ${applies} · ${row.outcome}` : `${KIND_WORDS[row.kind]} · ${type} · ${applies}`;
}

/** The estimate beside its marker: the panel title already names the scale and unit, so only the numbers. */
function axisText(row: ChartRow, panel: ChartPanel): string {
  const e = row.effect!;
  const numbers = `${num(e.value)} (${num(e.ciLow!)} to ${num(e.ciHigh!)})`;
  if (panel.scale === 'log') return `${e.measure.length <= 8 ? e.measure : 'Ratio'} ${numbers}`;
  return numbers;
}

/** Lay the plotted panels out as shapes, stacked; both renderers draw exactly these. Empty when nothing is plotted. */
export function layoutEvidenceChart(model: EvidenceChartModel, variant: ChartVariant = 'wide'): ChartLayout {
  const g = variant === 'wide' ? WIDE : NARROW;
  const narrow = variant === 'narrow';
  const shapes: Shape[] = [];
  const text = (x: number, y: number, t: string, size: number, anchor: 'start' | 'middle' | 'end' = 'start', extra: { bold?: boolean; fill?: string } = {}): Shape => ({ kind: 'text', x, y, text: t, size, anchor, fill: extra.fill ?? INK, ...(extra.bold ? { bold: true } : {}) });
  let y = 0;
  for (const panel of model.panels) {
    // The panel's title (wrapped in two lines on a phone) and, wide, the column heads.
    if (narrow) {
      const words = panel.title.split('; ');
      shapes.push(text(6, y + 15, words[0] ?? panel.title, 11, 'start', { bold: true }));
      shapes.push(text(6, y + 30, words.slice(1).join('; '), 10, 'start', { fill: GREY }));
      y += 38;
    } else {
      shapes.push(text(6, y + 15, panel.title, 11.5, 'start', { bold: true }));
      y += 22;
      for (const [x, head] of [[WIDE.label[0], 'Study · design'], [WIDE.outcome![0], 'Key outcome'], [WIDE.estimate[0], 'Estimate (95% CI)']] as const) shapes.push(text(x, y + 13, head, 10, 'start', { bold: true, fill: GREY }));
      y += 20;
    }
    shapes.push({ kind: 'line', x1: 0, y1: y, x2: g.width, y2: y, stroke: INK, width: 0.8 });
    const scale =
      panel.scale === 'log' ? scaleLog().domain(panel.domain).range([g.plotLeft, g.plotRight]).clamp(true) : scaleLinear().domain(panel.domain).range([g.plotLeft, g.plotRight]).clamp(true);
    const top = y;
    for (const row of panel.rows) {
      shapes.push({ kind: 'rect', x: 0, y, width: g.width, height: g.rowHeight, fill: SHADE[row.applicability] });
      shapes.push(text(g.label[0], y + g.label[1], clip(row.label, g.label[3]), g.label[2], 'start', { bold: true }));
      shapes.push(text(g.detail[0], y + g.detail[1], clip(rowDetail(row, narrow), g.detail[3]), g.detail[2], 'start', { fill: GREY }));
      if (g.outcome) shapes.push(text(g.outcome[0], y + g.outcome[1], clip(row.outcome, g.outcome[3]), g.outcome[2]));
      shapes.push(text(g.estimate[0], y + g.estimate[1], clip(axisText(row, panel), g.estimate[3]), g.estimate[2]));
      const { value, ciLow, ciHigh } = row.effect!;
      const my = y + g.markerY;
      const dash = row.kind === 'observational' ? '4 3' : undefined;
      shapes.push({ kind: 'line', x1: scale(ciLow!), y1: my, x2: scale(ciHigh!), y2: my, stroke: INK, width: 1.5, ...(dash ? { dash } : {}) });
      for (const v of [ciLow!, ciHigh!]) shapes.push({ kind: 'line', x1: scale(v), y1: my - 4, x2: scale(v), y2: my + 4, stroke: INK, width: 1.2 });
      shapes.push(marker(row.kind, scale(value), my, row.outcomeType === 'hard'));
      // Stacked (narrow), the line of no effect spans only the marker band, so it never runs through the row's text.
      if (narrow) shapes.push({ kind: 'line', x1: scale(panel.noEffect), y1: my - 9, x2: scale(panel.noEffect), y2: y + g.rowHeight, stroke: INK, width: 0.9, dash: '3 2' });
      y += g.rowHeight;
    }
    const nullX = scale(panel.noEffect);
    if (!narrow) shapes.push({ kind: 'line', x1: nullX, y1: top, x2: nullX, y2: y, stroke: INK, width: 0.9, dash: '3 2' });
    shapes.push({ kind: 'line', x1: 0, y1: y, x2: g.width, y2: y, stroke: INK, width: 0.8 });
    const ticks = panel.scale === 'log' ? TICK_CANDIDATES.filter((t) => t >= panel.domain[0] && t <= panel.domain[1]) : scaleLinear().domain(panel.domain).ticks(narrow ? 4 : 5);
    for (const t of ticks) {
      shapes.push({ kind: 'line', x1: scale(t), y1: y, x2: scale(t), y2: y + 4, stroke: INK, width: 0.8 });
      shapes.push(text(scale(t), y + 15, num(t), 10, 'middle'));
    }
    shapes.push(text(nullX - 4, y + 29, panel.scale === 'log' ? '← lower with vitamin K' : '← lower', 10, 'end', { fill: GREY }));
    shapes.push(text(nullX + 4, y + 29, panel.scale === 'log' ? 'higher with vitamin K →' : 'higher →', 10, 'start', { fill: GREY }));
    y += 42;
  }
  return { width: g.width, height: y, shapes };
}
