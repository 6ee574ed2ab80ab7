import type { ReactNode } from 'react';
import { APPLICABILITY_WORDS, layoutEvidenceChart, type EvidenceChartModel, type Shape } from '@/lib/domain/report/evidence-chart';

function draw(shape: Shape, key: number): ReactNode {
  switch (shape.kind) {
    case 'rect':
      return <rect key={key} x={shape.x} y={shape.y} width={shape.width} height={shape.height} fill={shape.fill} stroke={shape.stroke} />;
    case 'line':
      return <line key={key} x1={shape.x1} y1={shape.y1} x2={shape.x2} y2={shape.y2} stroke={shape.stroke} strokeWidth={shape.width} strokeDasharray={shape.dash} />;
    case 'path':
      return <path key={key} d={shape.d} fill={shape.fill} stroke={shape.stroke} strokeWidth={shape.width} />;
    case 'text':
      return (
        <text key={key} x={shape.x} y={shape.y} fontSize={shape.size} textAnchor={shape.anchor} fontWeight={shape.bold ? 600 : 400} fill={shape.fill}>
          {shape.text}
        </text>
      );
  }
}

/** The forest-style chart of one goal as SVG (a server component), with its caption and a visually hidden table. */
export function EvidenceChart({ model }: { model: EvidenceChartModel }): ReactNode {
  if (model.rows.length === 0) return null;
  const layout = layoutEvidenceChart(model);
  return (
    <figure className="mt-3" data-testid={`evidence-chart-${model.goal}`}>
      {/* The drawing is decorative for screen readers: the table below says the same in words. */}
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} className="w-full max-w-4xl font-sans" role="img" aria-label={model.summary}>
        {layout.shapes.map(draw)}
      </svg>
      <figcaption className="mt-1 text-xs text-slate-600">
        {model.summary} Row shading: darker = applies more directly to this patient. Filled markers: hard outcomes; hollow: surrogate markers.
      </figcaption>
      <table className="sr-only">
        <caption>Evidence chart for {model.title}, as a table</caption>
        <thead>
          <tr>
            <th>Trial</th>
            <th>Population</th>
            <th>Key outcome</th>
            <th>Outcome type</th>
            <th>Applies</th>
            <th>Direction</th>
            <th>Estimate</th>
          </tr>
        </thead>
        <tbody>
          {model.rows.map((r) => (
            <tr key={r.trialId}>
              <td>{r.label}</td>
              <td>{r.population}</td>
              <td>{r.outcome}</td>
              <td>{r.outcomeType === 'hard' ? 'Hard outcome' : 'Surrogate marker'}</td>
              <td>{APPLICABILITY_WORDS[r.applicability]}</td>
              <td>{r.direction}</td>
              <td>{r.estimateText}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
