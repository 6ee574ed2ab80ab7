/**
 * `npm run bench:pdf [-- N]`: renders the clinician and handout PDFs of a built report N times (default 20) and prints
 * p50/p95 render times. The report is built from content/*.json with the pure engine (no database, no server): a
 * patient on warfarin with every goal and 12 medications, a large but realistic report. Issue 7 folds this into
 * `npm run bench`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evidenceVersionOf } from '../lib/domain/evidence/evidence-version';
import type { ClaimData, InteractionData, SourceData, TrialData } from '../lib/domain/evidence/schemas';
import { validateEvidenceFile } from '../lib/domain/evidence/validate';
import { parsePatientContext } from '../lib/domain/patient-context';
import { buildReport } from '../lib/domain/report/build-report';
import type { EvidenceSnapshot, Report } from '../lib/domain/report/types';
import { GOALS } from '../lib/domain/vocabulary';
import { registerPdfFonts } from '../lib/pdf/register-fonts';
import { renderReportPdf } from '../lib/pdf/render-pdf';
import { mergeContentFiles } from './lib/content';

const root = path.resolve(import.meta.dirname, '..');

function snapshotFromContent(): EvidenceSnapshot {
  const dir = path.join(root, 'content');
  const parts = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown }));
  const result = validateEvidenceFile(mergeContentFiles(parts));
  if (!result.ok) throw new Error('content/ is invalid: run npx tsx scripts/check-content.ts');
  const published = <T>(items: Array<{ status: string; entry: T }>): T[] => items.filter((i) => i.status === 'published').map((i) => i.entry);
  const f = result.file;
  const trials = published(f.trials) as TrialData[];
  const claims = published(f.claims) as ClaimData[];
  const interactions = published(f.interactions) as InteractionData[];
  const sources = published(f.sources) as SourceData[];
  const evidenceVersion = evidenceVersionOf([...trials, ...claims, ...interactions, ...sources].map((e) => ({ kind: 'entry', id: e.id, version: 1 })));
  return { evidenceVersion, trials, claims, interactions, sources };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const n = Math.max(1, Number(process.argv[2]) || 20);
  const parsed = parsePatientContext({
    age: 72,
    sex: 'male',
    conditions: ['atrial-fibrillation', 'ckd', 'osteoporosis'],
    medications: ['warfarin 5 mg', 'metoprolol', 'atorvastatin', 'omeprazole', 'metformin', 'ramipril', 'amlodipine', 'levothyroxine', 'furosemide', 'allopurinol', 'tamsulosin', 'sertraline'].map((name) => ({ name })),
    diet: { pattern: 'omnivore', natto: 'weekly', hardCheese: 'weekly', eggs: 'daily', leafyGreens: 'weekly' },
    goals: [...GOALS],
  });
  if (!parsed.ok) throw new Error('the benchmark context is invalid');
  const report: Report = { id: '00000000-0000-4000-8000-000000000001', createdAt: new Date().toISOString(), ...buildReport(parsed.context, snapshotFromContent()) };
  registerPdfFonts(root);
  await renderReportPdf(report, 'clinician', 'a4'); // warm-up: font parsing and module loading are not render time
  console.log(`bench:pdf — ${n} renders each, report with ${report.goals.length} goals, ${report.references.length} references`);
  for (const variant of ['handout', 'clinician'] as const) {
    const times: number[] = [];
    let pages = 0;
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      pages = (await renderReportPdf(report, variant, 'a4')).pages;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`${variant.padEnd(9)} ${String(pages).padStart(2)} pages  p50 ${percentile(times, 50).toFixed(0)} ms  p95 ${percentile(times, 95).toFixed(0)} ms  max ${times[times.length - 1]!.toFixed(0)} ms`);
  }
}

await main();
