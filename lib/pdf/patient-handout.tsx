/**
 * The patient's handout PDF: Report in, document out (pure). Large type, the handout's own sections word for word;
 * where a critical or warning safety finding applies, the "Is it safe for you?" section moves to the top in a heavy
 * box; room for the clinician's note; a short "where this comes from" instead of a reference list.
 */
import { Document, Page, Text, View } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import type { Report } from '../domain/report/types';
import { PAGE_SIZE, type PdfOptions } from './options';
import { base, FOOTER_OFFSET, INK, MUTED, PAGE_HEIGHT } from './styles';

/** The handout section that carries the safety message (HANDOUT_HEADINGS[1] in lib/domain/report/handout.ts). */
const SAFETY_HEADING = 'Is it safe for you?';

export function HandoutDocument({ report, options }: { report: Report; options: PdfOptions }): ReactElement {
  const { handout } = report;
  const serious = report.safety.some((s) => s.severity === 'critical' || s.severity === 'warning');
  const safety = handout.sections.find((s) => s.heading === SAFETY_HEADING);
  const first = serious && safety ? safety : null;
  const rest = handout.sections.filter((s) => s !== first);
  const verifiedCount = report.references.filter((r) => r.verification === 'verified').length;
  return (
    <Document title={handout.title} author="K2 Evidence Desk" subject="Patient handout" language="en">
      <Page size={PAGE_SIZE[options.paper]} style={[base.page, { fontSize: 13, lineHeight: 1.45 }]}>
        <Text style={{ fontSize: 22, fontWeight: 'bold', marginBottom: 8 }}>{handout.title}</Text>
        {/* Lines to hand the sheet over, filled in by hand: the patient and the clinic; the date of the report. */}
        <View style={{ flexDirection: 'row', gap: 12, marginBottom: 10, fontSize: 11 }}>
          {[
            ['For', options.patientRef ?? ''],
            ['Clinic', ''],
            ['Date', report.createdAt.slice(0, 10)],
          ].map(([label, value]) => (
            <View key={label} style={{ flexDirection: 'row', flexGrow: 1, borderBottomWidth: 0.75, borderBottomColor: MUTED }}>
              <Text style={{ fontWeight: 'bold', marginRight: 4 }}>{label}:</Text>
              <Text>{value}</Text>
            </View>
          ))}
        </View>
        {first ? (
          <View wrap={false} style={{ borderWidth: 3, borderColor: INK, padding: 10, marginBottom: 12 }}>
            <Text style={{ fontSize: 11, fontWeight: 'bold', letterSpacing: 1 }}>IMPORTANT — READ THIS FIRST</Text>
            <Text style={{ fontSize: 17, fontWeight: 'bold', marginVertical: 4 }}>{first.heading}</Text>
            {first.body.split('\n').map((line, i) => (
              <Text key={i} style={{ marginBottom: 4, fontWeight: i === 0 ? 'bold' : 'normal' }}>
                {line}
              </Text>
            ))}
          </View>
        ) : null}
        {rest.map((section) => (
          <View key={section.heading} style={{ marginBottom: 10 }}>
            {/* The heading stays with the section's first paragraph: never alone at the foot of a page. */}
            <View wrap={false}>
              <Text style={{ fontSize: 17, fontWeight: 'bold', marginBottom: 3 }}>{section.heading}</Text>
              <Text style={{ marginBottom: 4 }}>{section.body.split('\n')[0]}</Text>
            </View>
            {section.body
              .split('\n')
              .slice(1)
              .map((line, i) => (
                <Text key={i} style={{ marginBottom: 4 }}>
                  {line}
                </Text>
              ))}
          </View>
        ))}
        <View wrap={false} style={{ borderWidth: 1, borderColor: INK, padding: 10, marginTop: 6 }}>
          <Text style={{ fontSize: 15, fontWeight: 'bold' }}>Note from your clinician</Text>
          {[0, 1, 2, 3, 4].map((i) => (
            <View key={i} style={{ borderBottomWidth: 0.5, borderBottomColor: MUTED, height: 26 }} />
          ))}
        </View>
        <View wrap={false} style={{ marginTop: 12 }}>
          <Text style={{ fontSize: 13, fontWeight: 'bold' }}>Where this comes from</Text>
          <Text style={{ fontSize: 11 }}>
            This sheet is based on {report.references.length} published studies and guidance documents ({verifiedCount} checked against the original). Your clinician has the full report with every source. It explains research; it is not a prescription.
          </Text>
        </View>
        <View style={[base.footer, { fontSize: 9, top: PAGE_HEIGHT[options.paper] - FOOTER_OFFSET }]} fixed>
          <Text>{report.createdAt.slice(0, 10)}</Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}
