/**
 * The report's reference list and the citation-id discipline behind it (SPEC "Report": every id in any citations[]
 * resolves in references[]). A citation id is "trial:<id>" or "source:<id>" and points at an entry of the evidence
 * snapshot. Modules that cite build their ids with trialCitation()/sourceCitation()/refCitation() and pass them
 * through resolvableCitations() (the same rule as cite.ts citationsInSnapshot()), so an id that does not resolve never
 * reaches a report; collectReferences() also drops one rather than crash, as a second line of defence.
 */
import type { TrialData } from '../evidence/schemas';
import { citationsInSnapshot, isInSnapshot, lookUpCitation } from './cite';
import type { CitationId, EvidenceSnapshot, Reference } from './types';

/** The citation id of a trial: "trial:<id>". */
export function trialCitation(id: string): CitationId {
  return `trial:${id}`;
}

/** The citation id of a source: "source:<id>". */
export function sourceCitation(id: string): CitationId {
  return `source:${id}`;
}

// "trial:<id>"/"source:<id>" from a curated { kind, id } reference: one definition, shared with the other report modules.
export { refCitation } from './cite';

/** True when the id names a trial or source present in the snapshot. */
export function isResolvable(id: CitationId, snapshot: EvidenceSnapshot): boolean {
  return isInSnapshot(snapshot, id);
}

/** The ids that resolve in the snapshot, de-duplicated, in their first order: use it on every citations[] you build. */
export function resolvableCitations(ids: readonly CitationId[], snapshot: EvidenceSnapshot): CitationId[] {
  return citationsInSnapshot(snapshot, ids);
}

/** A journal as cited ("Am J Clin Nutr 2019") without the trailing year, which the label already carries. */
function journalWithoutYear(journal: string, year: number): string {
  return journal.replace(new RegExp(`[\\s,]+${year}$`), '').trim();
}

/** Short label of a trial, e.g. "Zwakenberg 2019, Am J Clin Nutr": the short label (with the year when it lacks one), then the journal. */
export function trialLabel(trial: TrialData): string {
  const base = trial.shortLabel.trim() || trial.title;
  const withYear = base.includes(String(trial.year)) ? base : `${base} ${trial.year}`;
  const journal = trial.citation.journal ? journalWithoutYear(trial.citation.journal, trial.year) : '';
  return journal && !withYear.includes(journal) ? `${withYear}, ${journal}` : withYear;
}

/** The reference list: one entry per resolvable id, in first-cited order; unresolvable ids are dropped. */
export function collectReferences(citationIds: readonly CitationId[], snapshot: EvidenceSnapshot): Reference[] {
  const references: Reference[] = [];
  for (const id of resolvableCitations(citationIds, snapshot)) {
    const resolved = lookUpCitation(snapshot, id);
    if (!resolved) continue; // unreachable: resolvableCitations() kept only ids that resolve
    const { citation, verification } = resolved.entry;
    references.push({
      id,
      label: resolved.kind === 'trial' ? trialLabel(resolved.entry) : resolved.entry.title,
      ...(citation.doi ? { doi: citation.doi } : {}),
      ...(citation.pmid ? { pmid: citation.pmid } : {}),
      ...(citation.url ? { url: citation.url } : {}),
      verification: verification.status,
    });
  }
  return references;
}
