/**
 * Citation helpers for the report modules. A report may only cite what the evidence snapshot holds (SPEC: "Every id in
 * any citations[] resolves in references[]"), so statements are kept as data with their citations and composed
 * against the snapshot: a statement whose evidence is not in the snapshot is left out, unless it is essential safety
 * advice, which is always said (uncited rather than silent).
 */
import type { SourceData, TrialData } from '../evidence/schemas';
import { memoByList } from './memo';
import type { CitationId, EvidenceSnapshot } from './types';

/** "trial:<id>" or "source:<id>" from a curated reference ({ kind, id }). */
export function refCitation(ref: { kind: 'trial' | 'source'; id: string }): CitationId {
  return `${ref.kind}:${ref.id}`;
}

// Entries by id, built once per list: a report resolves one citation per trial it lists, and with thousands of
// published trials a scan per lookup made buildReport quadratic (seconds per report at 10,000 trials).
const byId = memoByList(<T extends { id: string }>(list: readonly T[]): Map<string, T> => {
  const index = new Map<string, T>();
  // The first entry with an id wins, as a scan with find() did.
  for (const entry of list) if (!index.has(entry.id)) index.set(entry.id, entry);
  return index;
});

function indexOf<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  return byId(list) as Map<string, T>;
}

/** The trial or source a citation id names in the snapshot, if it is there. */
export function lookUpCitation(snapshot: EvidenceSnapshot, id: CitationId): { kind: 'trial'; entry: TrialData } | { kind: 'source'; entry: SourceData } | undefined {
  const colon = id.indexOf(':');
  if (colon < 0) return undefined;
  const kind = id.slice(0, colon);
  const key = id.slice(colon + 1);
  if (kind === 'trial') {
    const entry = indexOf(snapshot.trials).get(key);
    return entry && { kind, entry };
  }
  if (kind === 'source') {
    const entry = indexOf(snapshot.sources).get(key);
    return entry && { kind, entry };
  }
  return undefined;
}

/** Whether a citation id names an entry of the snapshot (a published trial or source). */
export function isInSnapshot(snapshot: EvidenceSnapshot, id: CitationId): boolean {
  return lookUpCitation(snapshot, id) !== undefined;
}

/** The given citations that resolve in the snapshot, de-duplicated, in their first-seen order. */
export function citationsInSnapshot(snapshot: EvidenceSnapshot, ids: readonly CitationId[]): CitationId[] {
  return [...new Set(ids)].filter((id) => isInSnapshot(snapshot, id));
}

/** A clinical sentence with the evidence it rests on. */
export type Statement = {
  text: string;
  cites: CitationId[];
  /** Said even when none of its citations is in the snapshot (safety advice must never disappear). */
  essential?: boolean;
};

/**
 * Keep the statements the snapshot supports (any citation present, no citation needed, or essential) and return their
 * text joined as one paragraph with the citations that resolve.
 */
export function composeStatements(snapshot: EvidenceSnapshot, statements: ReadonlyArray<Statement | null | false | undefined>): { text: string; citations: CitationId[] } {
  const kept = statements.filter((s): s is Statement => !!s && (s.essential === true || s.cites.length === 0 || s.cites.some((id) => isInSnapshot(snapshot, id))));
  return { text: kept.map((s) => s.text).join(' '), citations: citationsInSnapshot(snapshot, kept.flatMap((s) => s.cites)) };
}

/** Round for display, with thousands separators (4,000; 121; 0.5). Hand-written so output never depends on ICU data. */
export function formatNumber(n: number, decimals = 0): string {
  const factor = 10 ** decimals;
  const rounded = Math.round(n * factor) / factor;
  const [whole = '0', fraction] = Math.abs(rounded).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
