/** The published entries of content/*.json as an evidence snapshot, for engine tests without a database. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evidenceVersionOf } from '@/lib/domain/evidence/evidence-version';
import type { ClaimData, InteractionData, MedicationEntryData, SourceData, TrialData } from '@/lib/domain/evidence/schemas';
import { validateEvidenceFile } from '@/lib/domain/evidence/validate';
import type { EvidenceSnapshot } from '@/lib/domain/report/types';
import { mergeContentFiles } from '../../scripts/lib/content';

let cached: EvidenceSnapshot | undefined;

export function contentSnapshot(): EvidenceSnapshot {
  if (cached) return cached;
  const dir = path.resolve(import.meta.dirname, '../../content');
  const parts = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown }));
  const result = validateEvidenceFile(mergeContentFiles(parts));
  if (!result.ok) throw new Error(`content/ is invalid: ${JSON.stringify(result.issues.slice(0, 5))}`);
  const f = result.file;
  const published = <T>(items: Array<{ status: string; entry: T }>): T[] => items.filter((i) => i.status === 'published').map((i) => i.entry);
  const trials = published(f.trials) as TrialData[];
  const claims = published(f.claims) as ClaimData[];
  const interactions = published(f.interactions) as InteractionData[];
  const sources = published(f.sources) as SourceData[];
  const medications = published(f.medications) as MedicationEntryData[];
  const evidenceVersion = evidenceVersionOf([
    ...trials.map((t) => ({ kind: 'trial', id: t.id, version: 1 })),
    ...claims.map((t) => ({ kind: 'claim', id: t.id, version: 1 })),
    ...interactions.map((t) => ({ kind: 'interaction', id: t.id, version: 1 })),
    ...sources.map((t) => ({ kind: 'source', id: t.id, version: 1 })),
    ...medications.map((t) => ({ kind: 'medication', id: t.id, version: 1 })),
  ]);
  cached = { evidenceVersion, trials, claims, interactions, sources, medications };
  return cached;
}
