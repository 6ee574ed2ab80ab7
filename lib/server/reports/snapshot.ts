import 'server-only';
import type { ClaimData, InteractionData, MedicationEntryData, SourceData, TrialData } from '@/lib/domain/evidence/schemas';
import type { EvidenceSnapshot } from '@/lib/domain/report/types';
import { db } from '../db';
import { getEvidenceVersion } from '../evidence/service';

// The published evidence changes only on publish: load it once per evidenceVersion and reuse it. Each request asks
// only for the current version (one indexed row); a changed version loads the new set once, however many requests
// arrive together.
let cached: { version: string; snapshot: Promise<EvidenceSnapshot> } | undefined;

async function loadSnapshot(): Promise<EvidenceSnapshot> {
  // One repeatable-read transaction: the version stamped on the snapshot is the version of exactly these rows, even if
  // someone publishes while we read.
  const [state, rows] = await db.$transaction(
    [
      db.evidenceState.findUnique({ where: { id: 1 } }),
      db.evidenceEntry.findMany({ where: { status: 'published' }, select: { kind: true, data: true }, orderBy: [{ kind: 'asc' }, { id: 'asc' }] }),
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  const evidenceVersion = state?.evidenceVersion ?? (await getEvidenceVersion());
  const of = <T>(kind: string): T[] => rows.filter((r) => r.kind === kind).map((r) => r.data as unknown as T);
  return {
    evidenceVersion,
    trials: of<TrialData>('trial'),
    claims: of<ClaimData>('claim'),
    interactions: of<InteractionData>('interaction'),
    sources: of<SourceData>('source'),
    medications: of<MedicationEntryData>('medication'),
  };
}

/** The current published evidence snapshot. */
export async function getEvidenceSnapshot(): Promise<EvidenceSnapshot> {
  const version = await getEvidenceVersion();
  if (cached?.version !== version) {
    const snapshot = loadSnapshot();
    cached = { version, snapshot };
    snapshot.catch(() => {
      if (cached?.snapshot === snapshot) cached = undefined;
    });
  }
  return cached.snapshot;
}
