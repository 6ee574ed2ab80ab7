import type { ReactNode } from 'react';
import { APPLICABILITY_WORDS, CHART_INK as INK, KIND_WORDS, layoutEvidenceChart, type ChartRow, type EvidenceChartModel, type Shape } from '@/lib/domain/report/evidence-chart';

/** Coordinates to a tenth of a unit (a fraction of a pixel at any size the page draws): a smaller page, the same chart. */
function r(n: number): number {
  return Math.round(n * 10) / 10;
}

/** What every text of the drawing has unless it says otherwise: set once on the <svg>, which its texts inherit. */
const TEXT_DEFAULTS = { fill: INK, fontSize: 10 } as const;

function draw(shape: Shape, key: number): ReactNode {
  switch (shape.kind) {
    case 'rect':
      return <rect key={key} x={r(shape.x)} y={r(shape.y)} width={r(shape.width)} height={r(shape.height)} fill={shape.fill} stroke={shape.stroke} />;
    case 'line':
      return <line key={key} x1={r(shape.x1)} y1={r(shape.y1)} x2={r(shape.x2)} y2={r(shape.y2)} stroke={shape.stroke} strokeWidth={shape.width} strokeDasharray={shape.dash} />;
    case 'path':
      return <path key={key} d={shape.d.replace(/-?\d+\.\d+/g, (n) => String(r(Number(n))))} fill={shape.fill} stroke={shape.stroke} strokeWidth={shape.width} />;
    case 'text':
      return (
        <text
          key={key}
          x={r(shape.x)}
          y={r(shape.y)}
          fontSize={shape.size === TEXT_DEFAULTS.fontSize ? undefined : shape.size}
          textAnchor={shape.anchor === 'start' ? undefined : shape.anchor}
          fontWeight={shape.bold ? 600 : undefined}
          fill={shape.fill === TEXT_DEFAULTS.fill ? undefined : shape.fill}
        >
          {shape.text}
        </text>
      );
  }
}

const DIRECTION_WORDS: Record<ChartRow['direction'], string> = { benefit: 'benefit', 'no-difference': 'no difference', harm: 'harm', mixed: 'mixed', unknown: 'direction not recorded' };

function TextRows({ rows, withEstimate }: { rows: ChartRow[]; withEstimate: boolean }): ReactNode {
  return (
    <ul className="mt-1 space-y-1 text-sm">
      {rows.map((r) => (
        <li key={r.trialId} className="break-words">
          <span className="font-medium">{r.label}</span> — {r.outcome}: {withEstimate && r.effect ? r.estimateText : DIRECTION_WORDS[r.direction]}{' '}
          <span className="text-slate-600">
            ({KIND_WORDS[r.kind].toLowerCase()}, {r.outcomeType === 'hard' ? 'hard outcome' : 'surrogate marker'}, applies: {APPLICABILITY_WORDS[r.applicability].toLowerCase()})
          </span>
          {r.noEstimateReason && !r.context ? <span className="block text-xs text-slate-600">Why no estimate: {r.noEstimateReason}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The evidence chart of one goal (a server component): the plotted panels as SVG — a wide drawing on larger screens, a
 * stacked one on a phone — then the studies known by direction only and the context studies as text, and a visually
 * hidden table that says everything in words.
 */
export function EvidenceChart({ model }: { model: EvidenceChartModel }): ReactNode {
  if (model.rows.length === 0) return null;
  const wide = layoutEvidenceChart(model, 'wide');
  const narrow = layoutEvidenceChart(model, 'narrow');
  return (
    <figure className="mt-3 min-w-0" data-testid={`evidence-chart-${model.goal}`}>
      {model.panels.length > 0 ? (
        <>
          {/* The drawings are decorative for screen readers: the table below says the same in words. */}
          <svg viewBox={`0 0 ${wide.width} ${wide.height}`} className="hidden w-full max-w-4xl font-sans sm:block" role="img" aria-label={model.summary} data-variant="wide" {...TEXT_DEFAULTS}>
            {wide.shapes.map(draw)}
          </svg>
          <svg viewBox={`0 0 ${narrow.width} ${narrow.height}`} className="block w-full font-sans sm:hidden" role="img" aria-label={model.summary} data-variant="narrow" {...TEXT_DEFAULTS}>
            {narrow.shapes.map(draw)}
          </svg>
        </>
      ) : (
        <p className="text-sm text-slate-700">No study of this goal has a checked estimate with a 95% confidence interval, so nothing is drawn on an axis.</p>
      )}
      <figcaption className="mt-1 text-xs text-slate-600">
        {model.summary} Markers: square = randomised trial, diamond = meta-analysis, circle with a dashed line = observational (an association, not proof of cause); filled = hard outcome, hollow =
        surrogate marker. Row shading: darker = applies more directly to this patient.
      </figcaption>
      {model.listed.length > 0 ? (
        <div className="mt-2" data-testid={`evidence-listed-${model.goal}`}>
          <p className="text-sm font-medium">Not on the chart: no checked estimate with a 95% confidence interval (direction of the result only)</p>
          <TextRows rows={model.listed} withEstimate={false} />
        </div>
      ) : null}
      {model.contextRows.length > 0 ? (
        <div className="mt-2" data-testid={`evidence-context-${model.goal}`}>
          <p className="text-sm font-medium">Context, not vitamin K evidence: studies of other treatments</p>
          <TextRows rows={model.contextRows} withEstimate={true} />
        </div>
      ) : null}
      <div className="sr-only">
        <table>
          <caption>Evidence chart for {model.title}, as a table</caption>
          <thead>
            <tr>
              <th>Study</th>
              <th>Design</th>
              <th>Population</th>
              <th>Key outcome</th>
              <th>Outcome type</th>
              <th>Applies</th>
              <th>Direction</th>
              <th>Estimate</th>
              <th>Shown</th>
            </tr>
          </thead>
          <tbody>
            {model.rows.map((r) => (
              <tr key={r.trialId}>
                <td>{r.label}</td>
                <td>{KIND_WORDS[r.kind]}</td>
                <td>{r.population}</td>
                <td>{r.outcome}</td>
                <td>{r.outcomeType === 'hard' ? 'Hard outcome' : 'Surrogate marker'}</td>
                <td>{APPLICABILITY_WORDS[r.applicability]}</td>
                <td>{DIRECTION_WORDS[r.direction]}</td>
                <td>{r.estimateText}</td>
                <td>{r.context ? 'Context (other treatment)' : r.plotted ? 'On the chart' : 'Listed, not plotted'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
