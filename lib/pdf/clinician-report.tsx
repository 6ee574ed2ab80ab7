/**
 * The clinician's PDF: Report in, document out (pure: no database, network or file access here; fonts are registered
 * by the caller). Safety first, then each goal with its chart and trials table, dose, diet, product quality, claims,
 * numbered references; running header, page numbers and a decision-support footer on every page.
 */
import { Document, Page, Text, View } from '@react-pdf/renderer';
import type { ReactElement, ReactNode } from 'react';
import { APPLICABILITY_WORDS, buildEvidenceChart, GOAL_TITLES } from '../domain/report/evidence-chart';
import { describePatient } from '../domain/report/patient-summary';
import { triggerSentence } from '../domain/report/trigger-words';
import { describeScreenedMedication } from '../domain/report/medications';
import type { CitationId, Report, Severity } from '../domain/report/types';
import { PdfEvidenceChart } from './evidence-chart';
import { PAGE_SIZE, type PdfOptions } from './options';
import { base, FOOTER_OFFSET, INK, MUTED, PAGE_HEIGHT } from './styles';

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRITICAL', warning: 'WARNING', info: 'INFORMATION' };
/** Heavier borders for graver findings: the order and the word carry it in greyscale. */
const SEVERITY_BORDER: Record<Severity, number> = { critical: 3, warning: 1.5, info: 0.75 };
const VERDICT_LABEL = { supported: 'Supported', uncertain: 'Uncertain', 'not-supported': 'Not supported' } as const;
const LEVEL_LABEL = { hard: 'hard (clinical) outcomes', surrogate: 'surrogate markers', mechanistic: 'mechanistic or observational data', none: 'no evidence' } as const;
const VERIFICATION_LABEL = { verified: 'verified', 'from-source-document-only': 'from the source document only', unverified: 'unverified' } as const;
/** Content width of a page at the padding in styles.ts. */
const CONTENT_WIDTH = { a4: 595.28 - 88, letter: 612 - 88 } as const;

function cites(ids: readonly CitationId[], numbers: Map<string, number>): string {
  const list = [...new Set(ids)].map((id) => numbers.get(id)).filter((n): n is number => n !== undefined).sort((a, b) => a - b);
  return list.length ? ` [${list.join(', ')}]` : '';
}

function Bullet({ children }: { children: ReactNode }): ReactElement {
  return (
    <View style={base.bullet} wrap={false}>
      <Text style={base.bulletDot}>•</Text>
      <Text style={base.bulletText}>{children}</Text>
    </View>
  );
}

const cell = { paddingVertical: 3, paddingHorizontal: 3 } as const;
const COLUMNS = [
  { title: 'Trial', width: '28%' },
  { title: 'Applies', width: '11%' },
  { title: 'Outcome', width: '12%' },
  { title: 'Result', width: '49%' },
] as const;

function dateOf(iso: string): string {
  return iso.slice(0, 10);
}

/** The clinician report as a react-pdf Document. */
export function ClinicianReportDocument({ report, options }: { report: Report; options: PdfOptions }): ReactElement {
  const numbers = new Map(report.references.map((r, i) => [r.id, i + 1]));
  const c = report.context;
  const width = CONTENT_WIDTH[options.paper];
  return (
    <Document title={`K2 evidence report ${dateOf(report.createdAt)}`} author="K2 Evidence Desk" subject="Clinician evidence report" language="en">
      <Page size={PAGE_SIZE[options.paper]} style={base.page}>
        <View style={base.runningHeader} fixed>
          <Text>K2 Evidence Desk · clinician report</Text>
          <Text>Report {report.id}</Text>
        </View>
        <Text style={base.h1}>Vitamin K2: evidence report</Text>
        <Text style={base.meta}>
          Date {dateOf(report.createdAt)} · Evidence version {report.evidenceVersion} · Rules {report.rulesetVersion} · Report id {report.id}
        </Text>
        {describePatient(c).map((line, i) => (
          <Text key={line.label} style={[base.meta, i === 0 ? { marginTop: 2 } : {}]}>
            {line.label}: {line.value}
          </Text>
        ))}

        <View style={{ marginTop: 10, padding: 8, borderWidth: 1, borderColor: INK }}>
          <Text style={[base.bold, { fontSize: 11 }]}>{report.summary.headline}</Text>
          <Text style={{ marginTop: 3 }}>{report.summary.bottomLine}</Text>
        </View>

        <Text style={base.h2}>Safety</Text>
        {report.safety.length === 0 ? <Text>No safety findings for this patient.</Text> : null}
        {report.safety.map((f, i) => (
          <View key={`${f.code}-${i}`} wrap={false} style={{ borderLeftWidth: SEVERITY_BORDER[f.severity], borderLeftColor: INK, paddingLeft: 7, marginBottom: 6 }}>
            <Text style={[base.bold, { fontSize: 8, letterSpacing: 0.5 }]}>{SEVERITY_LABEL[f.severity]}</Text>
            <Text style={base.h3}>
              {f.title}
              {cites(f.citations, numbers)}
            </Text>
            <Text>{f.detail}</Text>
            {f.triggeredBy.length ? <Text style={base.small}>Why this appears: {triggerSentence(f.triggeredBy)}</Text> : null}
          </View>
        ))}

        {report.medicationScreening && report.medicationScreening.length > 0 ? (
          <View>
            <Text style={base.h2}>Medicines checked</Text>
            {report.medicationScreening.map((m) => (
              <Text key={m.index} style={base.small}>
                {m.name}: {describeScreenedMedication(m)}
              </Text>
            ))}
          </View>
        ) : null}

        <Text style={base.h2}>What the evidence shows, goal by goal</Text>
        {report.goals.map((g) => {
          const shown = options.maxTrialsPerGoal === undefined ? g.trials : g.trials.slice(0, options.maxTrialsPerGoal);
          const hidden = g.trials.length - shown.length;
          const chart = buildEvidenceChart({ ...g, trials: shown });
          return (
            <View key={g.goal} style={{ marginBottom: 10 }}>
              <View wrap={false}>
                <Text style={base.h3}>{GOAL_TITLES[g.goal]}</Text>
                <Text style={base.bold}>
                  Verdict: {VERDICT_LABEL[g.verdict]} · Certainty: {g.certainty === 'very-low' ? 'very low' : g.certainty} · Best evidence: {LEVEL_LABEL[g.bestOutcomeLevel]}
                </Text>
                <Text style={base.p}>
                  {g.statement}
                  {cites(g.citations, numbers)}
                </Text>
              </View>
              {chart.rows.length ? (
                <View style={{ marginVertical: 4 }}>
                  <PdfEvidenceChart model={chart} width={width} />
                  <Text style={base.small}>
                    {chart.summary} Markers: square = randomised, diamond = meta-analysis, circle with a dashed line = observational; filled = hard outcome, hollow = surrogate. Shading: darker = applies more
                    directly.
                  </Text>
                  {chart.listed.length ? (
                    <Text style={base.small}>
                      Not on the chart (no checked estimate with a 95% CI): {chart.listed.map((r) => `${r.label} — ${r.outcome}: ${r.direction === 'no-difference' ? 'no difference' : r.direction}`).join('; ')}.
                    </Text>
                  ) : null}
                  {chart.contextRows.length ? (
                    <Text style={base.small}>Context, not vitamin K evidence (other treatments): {chart.contextRows.map((r) => `${r.label} — ${r.outcome}: ${r.estimateText}`).join('; ')}.</Text>
                  ) : null}
                </View>
              ) : null}
              {shown.length ? (
                <View style={{ borderTopWidth: 0.75, borderTopColor: INK, marginTop: 4 }}>
                  <View style={{ flexDirection: 'row', borderBottomWidth: 0.75, borderBottomColor: INK }} fixed={false}>
                    {COLUMNS.map((col) => (
                      <Text key={col.title} style={[cell, base.bold, { width: col.width, fontSize: 8 }]}>
                        {col.title}
                      </Text>
                    ))}
                  </View>
                  {shown.map((t) => (
                    <View key={t.trialId} wrap={false} style={{ flexDirection: 'row', borderBottomWidth: 0.4, borderBottomColor: MUTED, fontSize: 8 }}>
                      <Text style={[cell, { width: COLUMNS[0].width }]}>
                        {t.label ?? t.title}
                        {cites([`trial:${t.trialId}`], numbers)}
                      </Text>
                      <Text style={[cell, { width: COLUMNS[1].width }]}>{APPLICABILITY_WORDS[t.applicability]}</Text>
                      <Text style={[cell, { width: COLUMNS[2].width }]}>{t.outcomeType === 'hard' ? 'Hard' : 'Surrogate'}</Text>
                      <Text style={[cell, { width: COLUMNS[3].width }]}>{t.result}</Text>
                    </View>
                  ))}
                  {hidden > 0 ? (
                    <Text style={[base.small, { marginTop: 2 }]}>
                      {hidden} more {hidden === 1 ? 'trial' : 'trials'} not shown to keep this document within its page limit; the report page lists them all.
                    </Text>
                  ) : null}
                </View>
              ) : null}
            </View>
          );
        })}

        <View wrap={false}>
          <Text style={base.h2}>Dose</Text>
          <Text style={base.bold}>
            Recommendation: {report.dose.recommendation}
            {report.dose.suggestedDailyMcg !== null ? ` — about ${report.dose.suggestedDailyMcg} mcg/day ${report.dose.form ?? ''}` : ''}
            {cites(report.dose.citations, numbers)}
          </Text>
        </View>
        {report.dose.notes.map((n) => (
          <Bullet key={n}>{n}</Bullet>
        ))}

        <Text style={base.h2} minPresenceAhead={40}>
          Diet{cites(report.diet.citations ?? [], numbers)}
        </Text>
        {report.diet.sources.map((s) => (
          <Bullet key={s.food}>
            {s.food} ({s.frequency}): about {s.estimatedMcgPerDay} mcg/day — {s.note}
          </Bullet>
        ))}
        {report.diet.notes.map((n) => (
          <Bullet key={n}>{n}</Bullet>
        ))}

        <Text style={base.h2} minPresenceAhead={40}>
          Product quality
        </Text>
        {report.productQuality.map((q) => (
          <Bullet key={q.title}>
            <Text style={base.bold}>{q.title}. </Text>
            {q.detail}
            {cites(q.citations, numbers)}
          </Bullet>
        ))}

        {report.claims.length ? (
          <>
            <Text style={base.h2} minPresenceAhead={40}>
              Claims the patient may have heard
            </Text>
            {report.claims.map((cl) => (
              <View key={cl.claim} wrap={false} style={{ marginBottom: 4 }}>
                <Text style={base.bold}>
                  “{cl.claim}” — {cl.verdict}
                </Text>
                <Text>
                  {cl.correction}
                  {cites(cl.citations, numbers)}
                </Text>
              </View>
            ))}
          </>
        ) : null}

        <Text style={base.h2} minPresenceAhead={40}>
          References
        </Text>
        {report.references.map((r, i) => (
          <View key={r.id} wrap={false} style={{ flexDirection: 'row', marginBottom: 2, fontSize: 8.5 }}>
            <Text style={{ width: 18 }}>{i + 1}.</Text>
            <Text style={{ flex: 1 }}>
              {r.label}
              {r.doi ? ` · DOI ${r.doi}` : ''}
              {r.pmid ? ` · PMID ${r.pmid}` : ''}
              {!r.doi && !r.pmid && r.url ? ` · ${r.url}` : ''} · <Text style={base.bold}>{VERIFICATION_LABEL[r.verification]}</Text>
            </Text>
          </View>
        ))}

        <View style={[base.footer, { top: PAGE_HEIGHT[options.paper] - FOOTER_OFFSET }]} fixed>
          <Text style={{ flex: 1 }}>Decision support, not a prescription: the prescriber decides. Evidence version {report.evidenceVersion}.</Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}
