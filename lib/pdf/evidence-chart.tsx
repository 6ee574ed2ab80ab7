/** The evidence chart drawn with react-pdf's Svg primitives, from the same layout as the page's SVG. */
import { Line, Path, Rect, Svg, Text, View } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { layoutEvidenceChart, type EvidenceChartModel, type Shape } from '../domain/report/evidence-chart';
import { PDF_FONT } from './register-fonts';

function draw(shape: Shape, key: number): ReactElement {
  switch (shape.kind) {
    case 'rect':
      return <Rect key={key} x={shape.x} y={shape.y} width={shape.width} height={shape.height} fill={shape.fill} stroke={shape.stroke ?? 'none'} />;
    case 'line':
      return <Line key={key} x1={shape.x1} y1={shape.y1} x2={shape.x2} y2={shape.y2} stroke={shape.stroke} strokeWidth={shape.width} {...(shape.dash ? { strokeDasharray: shape.dash } : {})} />;
    case 'path':
      return <Path key={key} d={shape.d} fill={shape.fill} stroke={shape.stroke} strokeWidth={shape.width} />;
    case 'text': {
      // react-pdf reads the font from these props on SVG text; its types only list the presentation attributes.
      const font = { fontFamily: PDF_FONT, fontSize: shape.size, fontWeight: shape.bold ? 'bold' : 'normal' } as object;
      return (
        <Text key={key} x={shape.x} y={shape.y} fill={shape.fill} textAnchor={shape.anchor} {...font}>
          {shape.text}
        </Text>
      );
    }
  }
}

/**
 * The chart at `width` points wide (the layout's coordinates are scaled by the viewBox): one drawing per panel, each
 * kept whole on a page, so that a chart of several panels can break between them instead of moving to the next page
 * as one block and leaving the page before it half empty.
 */
export function PdfEvidenceChart({ model, width }: { model: EvidenceChartModel; width: number }): ReactElement | null {
  if (model.panels.length === 0) return null;
  return (
    <>
      {model.panels.map((panel) => {
        const layout = layoutEvidenceChart({ ...model, panels: [panel] }, 'wide');
        return (
          <View key={panel.key} wrap={false}>
            <Svg width={width} height={(layout.height * width) / layout.width} viewBox={`0 0 ${layout.width} ${layout.height}`}>
              {layout.shapes.map(draw)}
            </Svg>
          </View>
        );
      })}
    </>
  );
}
