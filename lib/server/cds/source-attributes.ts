import 'server-only';
import { evidenceSummary, type EvidenceCount } from '@/lib/domain/cds/source-attributes';
import { db } from '../db';
import { getEvidenceSnapshot } from '../reports/snapshot';

export type PublishedEvidenceFacts = { evidenceVersion: string; counts: EvidenceCount[]; updatedAt: Date | null };

/**
 * What the source-attributes pages (ONC HTI-1, 45 CFR 170.315(b)(11)(iv)(A)(1) and (4)) say of the published evidence:
 * its version, the entries by kind and verification status, and when the published set last changed.
 */
export async function getPublishedEvidenceFacts(): Promise<PublishedEvidenceFacts> {
  const snapshot = await getEvidenceSnapshot();
  const state = await db.evidenceState.findUnique({ where: { id: 1 }, select: { updatedAt: true } });
  return { evidenceVersion: snapshot.evidenceVersion, counts: evidenceSummary(snapshot), updatedAt: state?.updatedAt ?? null };
}
