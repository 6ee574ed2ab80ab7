/**
 * Issue 14, "Plain clinician wording": no internal words anywhere a user reads — no "seed", no "curation note", no
 * field paths (`medications[0]`, `diet.natto`) — across the public scenarios and the clinical-rule fixtures. The
 * safety findings' trace is read through describeTrigger(), as the page and the PDF show it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { describePatient } from '@/lib/domain/report/patient-summary';
import { describeTrigger } from '@/lib/domain/report/trigger-words';
import type { ReportBody } from '@/lib/domain/report/types';
import { contentSnapshot } from '../support/content-snapshot';
import { loadScenarios } from '../support/scenarios';

const INTERNAL = /\bseeds?\b|curation note|\b\w+\[\d+\]|\b(?:diet|vitaminD|context)\.\w+|\bckdStage\b|\bvitaminKStatus\b/i;

/** Every string a clinician or patient reads in a report (the page, the PDFs, the handout). */
function readable(r: ReportBody): string[] {
  const refs = r.references.map((x) => x.label);
  return [
    r.summary.headline,
    r.summary.bottomLine,
    ...r.safety.flatMap((s) => [s.title, s.detail, ...s.triggeredBy.map(describeTrigger)]),
    ...r.goals.flatMap((g) => [g.statement, ...g.trials.flatMap((t) => [t.title, t.result, t.label ?? '', t.population ?? '', t.outcome ?? '', ...t.matchReasons])]),
    ...r.dose.notes,
    ...r.diet.notes,
    ...r.diet.sources.map((x) => x.note),
    ...r.productQuality.flatMap((q) => [q.title, q.detail]),
    ...r.claims.flatMap((c) => [c.claim, c.correction]),
    ...refs,
    ...r.handout.sections.flatMap((s) => [s.heading, s.body]),
    ...describePatient(r.context).map((l) => `${l.label}: ${l.value}`),
  ].filter((s): s is string => typeof s === 'string');
}

const fixtureDir = path.resolve(import.meta.dirname, '../fixtures/clinical-rules');
const contexts: Array<[string, unknown]> = [
  ...loadScenarios().map((s) => [`scenario ${s.file}`, s.context] as [string, unknown]),
  ...readdirSync(fixtureDir).map((f) => [`fixture ${f}`, JSON.parse(readFileSync(path.join(fixtureDir, f), 'utf8'))] as [string, unknown]),
];

describe('no internal words reach a reader', () => {
  const snapshot = contentSnapshot();
  it.each(contexts)('%s', (_name, input) => {
    const parsed = parsePatientContext(input as PatientContextInput);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    const offending = readable(buildReport(parsed.context, snapshot)).filter((s) => INTERNAL.test(s));
    expect(offending).toEqual([]);
  });
});
