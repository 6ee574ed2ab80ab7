import type { ReactNode } from 'react';
import { buildEvidenceChart, GOAL_TITLES } from '@/lib/domain/report/evidence-chart';
import { describeScreenedMedication } from '@/lib/domain/report/medications';
import { describePatient } from '@/lib/domain/report/patient-summary';
import { triggerSentence } from '@/lib/domain/report/trigger-words';
import type { Report } from '@/lib/domain/report/types';
import { EvidenceChart } from './evidence-chart';
import { ScrollBox } from '@/components/ui/scroll-box';

const SEVERITY_STYLE = {
  critical: 'border-red-700 bg-red-50 text-red-950',
  warning: 'border-amber-600 bg-amber-50 text-amber-950',
  info: 'border-sky-600 bg-sky-50 text-sky-950',
} as const;
const SEVERITY_LABEL = { critical: 'Critical', warning: 'Warning', info: 'Information' } as const;
const VERDICT_LABEL = { supported: 'Supported', uncertain: 'Uncertain', 'not-supported': 'Not supported' } as const;
const CERTAINTY_LABEL = { high: 'high', moderate: 'moderate', low: 'low', 'very-low': 'very low' } as const;
const VERIFICATION_LABEL = { verified: 'Verified', 'from-source-document-only': 'Source document only', unverified: 'Unverified' } as const;

/** Reference numbers, and the ids of references not verified (unverified or from a source document only). */
type Refs = { numbers: Map<string, number>; unchecked: Set<string> };

function Cites({ ids, refs }: { ids: string[]; refs: Refs }): ReactNode {
  const unique = [...new Set(ids)];
  const list = unique.map((id) => refs.numbers.get(id)).filter((n): n is number => n !== undefined).sort((a, b) => a - b);
  if (list.length === 0) return null;
  const unchecked = unique.some((id) => refs.unchecked.has(id));
  return (
    <sup className="ml-1 text-xs">
      [
      {list.map((n, i) => (
        <span key={n}>
          {i > 0 ? ', ' : ''}
          <a href={`#ref-${n}`} className="text-brand-700 underline">
            {n}
          </a>
        </span>
      ))}
      ]
      {unchecked ? (
        <span className="ml-0.5 font-semibold text-amber-800" title="Rests at least in part on a source that is not verified" data-testid="unverified-mark">
          †<span className="sr-only"> (rests at least in part on a source that is not verified)</span>
        </span>
      ) : null}
    </sup>
  );
}

function Badge({ children, tone = 'slate' }: { children: ReactNode; tone?: 'slate' | 'green' | 'amber' | 'red' | 'sky' }): ReactNode {
  const tones = { slate: 'bg-slate-100 text-slate-800 border-slate-300', green: 'bg-green-50 text-green-900 border-green-300', amber: 'bg-amber-50 text-amber-900 border-amber-300', red: 'bg-red-50 text-red-900 border-red-300', sky: 'bg-sky-50 text-sky-900 border-sky-300' };
  return <span className={`inline-block rounded border px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

/** The clinician report: safety first, then each goal, dose, diet, product quality, claims, references. */
export function ReportView({ report }: { report: Report }): ReactNode {
  const numbers = new Map(report.references.map((r, i) => [r.id, i + 1]));
  const refs: Refs = { numbers, unchecked: new Set(report.references.filter((r) => r.verification !== 'verified').map((r) => r.id)) };
  return (
    <article className="flex flex-col gap-8" aria-label="Evidence report">
      <section aria-labelledby="summary-h" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="summary-h" className="text-xl font-semibold" data-testid="headline">
          {report.summary.headline}
        </h2>
        <p className="mt-2 text-slate-800">{report.summary.bottomLine}</p>
      </section>

      <section aria-labelledby="safety-h" className="flex flex-col gap-3">
        <h2 id="safety-h" className="text-xl font-semibold">
          Safety
        </h2>
        {report.safety.length === 0 ? <p className="text-slate-700">No safety findings for this patient.</p> : null}
        {report.safety.map((finding, i) => (
          <div key={`${finding.code}-${i}`} className={`rounded-lg border-l-4 p-4 ${SEVERITY_STYLE[finding.severity]}`} data-testid={`safety-${finding.code}`} data-severity={finding.severity}>
            <p className="text-sm font-semibold uppercase tracking-wide">{SEVERITY_LABEL[finding.severity]}</p>
            <h3 className="text-lg font-semibold">
              {finding.title}
              <Cites ids={finding.citations} refs={refs} />
            </h3>
            <p className="mt-1">{finding.detail}</p>
            {finding.triggeredBy.length ? <p className="mt-2 text-sm">Why this appears: {triggerSentence(finding.triggeredBy)}</p> : null}
          </div>
        ))}
      </section>

      <section aria-labelledby="patient-h" className="rounded-lg border border-slate-200 bg-white p-5" data-testid="patient-panel">
        <h2 id="patient-h" className="text-xl font-semibold">
          Patient, as entered
        </h2>
        <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
          {describePatient(report.context).map((line) => (
            <div key={line.label} className="contents">
              <dt className="font-semibold text-slate-700">{line.label}</dt>
              <dd className="break-words">{line.value}</dd>
            </div>
          ))}
        </dl>
      </section>

      {report.medicationScreening && report.medicationScreening.length > 0 ? (
        <section aria-labelledby="meds-h" className="rounded-lg border border-slate-200 bg-white p-5" data-testid="medication-screening">
          <h2 id="meds-h" className="text-xl font-semibold">
            Medicines checked
          </h2>
          <ul className="mt-2 flex flex-col gap-1 text-sm">
            {report.medicationScreening.map((m) => (
              <li key={m.index} data-status={m.status} className="break-words">
                <span className="font-semibold">{m.name}</span>
                {m.status === 'recognised' ? null : <span className="ml-2 rounded bg-amber-100 px-1 text-amber-900">{m.status === 'uncertain' ? 'unconfirmed' : 'not recognised'}</span>}
                <span className="block text-slate-700">{describeScreenedMedication(m)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="goals-h" className="flex flex-col gap-4">
        <h2 id="goals-h" className="text-xl font-semibold">
          What the evidence shows, goal by goal
        </h2>
        {report.goals.map((goal) => (
          <div key={goal.goal} className="rounded-lg border border-slate-200 bg-white p-5" data-testid={`goal-${goal.goal}`}>
            <div className="flex flex-wrap items-center gap-2">
              <h3 className="text-lg font-semibold">{GOAL_TITLES[goal.goal]}</h3>
              <Badge tone={goal.verdict === 'supported' ? 'green' : goal.verdict === 'uncertain' ? 'amber' : 'red'}>{VERDICT_LABEL[goal.verdict]}</Badge>
              <Badge>Certainty: {CERTAINTY_LABEL[goal.certainty]}</Badge>
              <Badge tone={goal.bestOutcomeLevel === 'hard' ? 'green' : 'slate'}>Best evidence: {goal.bestOutcomeLevel === 'hard' ? 'real outcomes' : goal.bestOutcomeLevel === 'surrogate' ? 'surrogate markers' : goal.bestOutcomeLevel}</Badge>
            </div>
            <p className="mt-2">
              {goal.statement}
              <Cites ids={goal.citations} refs={refs} />
            </p>
            <EvidenceChart model={buildEvidenceChart(goal)} />
            {goal.trials.length ? (
              <ScrollBox label={`Trials for ${GOAL_TITLES[goal.goal]}`} className="mt-3">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Trials for {goal.goal}</caption>
                  <thead>
                    <tr className="border-b">
                      <th className="py-2 pr-3">Trial</th>
                      <th className="pr-3">Applies to this patient</th>
                      <th className="pr-3">Why</th>
                      <th className="pr-3">Outcome</th>
                      <th>Result</th>
                    </tr>
                  </thead>
                  <tbody>
                    {goal.trials.map((t) => (
                      <tr key={t.trialId} className="border-b align-top last:border-0">
                        <td className="py-2 pr-3">
                          {t.title}
                          <Cites ids={[`trial:${t.trialId}`]} refs={refs} />
                        </td>
                        <td className="pr-3">{t.applicability}</td>
                        <td className="pr-3">
                          <ul className="list-disc pl-4">
                            {t.matchReasons.map((r) => (
                              <li key={r}>{r}</li>
                            ))}
                          </ul>
                        </td>
                        <td className="pr-3">{t.outcomeType === 'hard' ? 'Real outcome' : 'Surrogate marker'}</td>
                        <td>{t.result}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollBox>
            ) : null}
          </div>
        ))}
      </section>

      <section aria-labelledby="dose-h" className="rounded-lg border border-slate-200 bg-white p-5" data-testid="dose" data-recommendation={report.dose.recommendation}>
        <h2 id="dose-h" className="text-xl font-semibold">
          Dose
        </h2>
        <p className="mt-1 font-medium">
          Recommendation: {report.dose.recommendation}
          {report.dose.suggestedDailyMcg !== null ? ` — about ${report.dose.suggestedDailyMcg} mcg/day ${report.dose.form ?? ''}` : ''}
          <Cites ids={report.dose.citations} refs={refs} />
        </p>
        <ul className="mt-2 list-disc pl-6">
          {report.dose.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="diet-h" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="diet-h" className="text-xl font-semibold">
          Diet
          <Cites ids={report.diet.citations ?? []} refs={refs} />
        </h2>
        {report.diet.sources.length ? (
          <ul className="mt-2 list-disc pl-6">
            {report.diet.sources.map((s) => (
              <li key={s.food}>
                {s.food} ({s.frequency}): about {s.estimatedMcgPerDay} mcg/day — {s.note}
              </li>
            ))}
          </ul>
        ) : null}
        <ul className="mt-2 list-disc pl-6">
          {report.diet.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="quality-h" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="quality-h" className="text-xl font-semibold">
          Product quality
        </h2>
        <ul className="mt-2 flex flex-col gap-2">
          {report.productQuality.map((q) => (
            <li key={q.title}>
              <span className="font-medium">{q.title}.</span> {q.detail}
              <Cites ids={q.citations} refs={refs} />
            </li>
          ))}
        </ul>
      </section>

      {report.claims.length ? (
        <section aria-labelledby="claims-h" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="claims-h" className="text-xl font-semibold">
            Claims the patient may have heard
          </h2>
          <ul className="mt-2 flex flex-col gap-3">
            {report.claims.map((c) => (
              <li key={c.claim}>
                <p className="font-medium">
                  “{c.claim}” <Badge tone={c.verdict === 'true' ? 'green' : 'red'}>{c.verdict}</Badge>
                </p>
                <p>
                  {c.correction}
                  <Cites ids={c.citations} refs={refs} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="refs-h" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="refs-h" className="text-xl font-semibold">
          References
        </h2>
        {refs.unchecked.size > 0 ? (
          <p className="mt-1 text-sm text-slate-700">
            <span className="font-semibold text-amber-800">†</span> beside a citation: the statement rests at least in part on a source marked unverified or from a source document only below.
          </p>
        ) : null}
        <ol className="mt-2 flex flex-col gap-1 pl-6" style={{ listStyleType: 'decimal' }}>
          {report.references.map((r, i) => (
            <li key={r.id} id={`ref-${i + 1}`}>
              {r.label}
              {r.doi ? (
                <>
                  {' '}
                  · DOI{' '}
                  <a className="text-brand-700 underline" href={`https://doi.org/${r.doi}`} rel="noreferrer noopener" target="_blank">
                    {r.doi}
                  </a>
                </>
              ) : null}
              {r.pmid ? (
                <>
                  {' '}
                  · PMID{' '}
                  <a className="text-brand-700 underline" href={`https://pubmed.ncbi.nlm.nih.gov/${r.pmid}/`} rel="noreferrer noopener" target="_blank">
                    {r.pmid}
                  </a>
                </>
              ) : null}
              {!r.doi && !r.pmid && r.url ? (
                <>
                  {' '}
                  ·{' '}
                  <a className="text-brand-700 underline" href={r.url} rel="noreferrer noopener" target="_blank">
                    link
                  </a>
                </>
              ) : null}{' '}
              <Badge tone={r.verification === 'verified' ? 'green' : r.verification === 'unverified' ? 'red' : 'amber'}>{VERIFICATION_LABEL[r.verification]}</Badge>
            </li>
          ))}
        </ol>
      </section>
      <p className="text-sm text-slate-600">
        Decision support, not a prescription. Evidence version {report.evidenceVersion} · rules {report.rulesetVersion} ·{' '}
        <a className="underline" href={`/reports/${report.id}/handout`}>
          patient handout
        </a>
      </p>
    </article>
  );
}
