/** The listing/search/filter columns derived from an entry, so that they can never disagree with the entry. */
import type { ClaimData, EntryKind, InteractionData, MedicationEntryData, SourceData, TrialData, VerificationStatus } from './schemas';

export type IndexFields = {
  title: string;
  label: string | null;
  verification: VerificationStatus;
  goals: string[];
  facets: string[];
  searchText: string;
};

type AnyEntry = TrialData | ClaimData | InteractionData | SourceData | MedicationEntryData;

function citationText(c: { doi?: string; pmid?: string } | undefined): string[] {
  return [c?.doi, c?.pmid ? `pmid ${c.pmid}` : undefined].filter((v): v is string => Boolean(v));
}

export function indexFields(kind: EntryKind, entry: AnyEntry): IndexFields {
  const base = (title: string, label: string | null, goals: string[], facets: string[], words: string[]): IndexFields => ({
    title,
    label,
    verification: entry.verification.status,
    goals,
    facets: [...new Set([...facets, `verification:${entry.verification.status}`])].sort(),
    searchText: [entry.id, title, label ?? '', ...words].join(' \n').toLowerCase(),
  });
  switch (kind) {
    case 'trial': {
      const t = entry as TrialData;
      return base(
        t.title,
        t.shortLabel,
        t.goals,
        [`design:${t.design}`, `form:${t.intervention.form}`, ...t.outcomes.map((o) => `outcome:${o.type}`), ...t.population.conditions.map((c) => `condition:${c}`)],
        [String(t.year), t.population.description, ...citationText(t.citation), ...t.outcomes.map((o) => o.name)],
      );
    }
    case 'claim': {
      const c = entry as ClaimData;
      return base(c.claim, null, c.goals, [`verdict:${c.verdict}`, ...c.contexts.map((x) => `context:${x}`)], [c.correction]);
    }
    case 'interaction': {
      const i = entry as InteractionData;
      return base(i.substance, i.drugClass, [], [`safety:${i.safetyCode}`, `severity:${i.severity}`], [...i.genericNames, ...i.brandNames, ...i.rxnormIngredients, ...i.rxnormProducts]);
    }
    case 'source': {
      const s = entry as SourceData;
      return base(s.title, s.publisher ?? null, [], [`source-kind:${s.kind}`], [...citationText(s.citation), s.summary]);
    }
    case 'medication': {
      // Searchable by every name and code a curator may look a medicine up by: salts, brands, RxCUIs, ATC codes.
      const m = entry as MedicationEntryData;
      return base(
        m.ingredient,
        m.medicationClass,
        [],
        [`class:${m.medicationClass}`, ...(m.interactionId ? [`interaction:${m.interactionId}`] : [])],
        [
          ...(m.interactionId ? [m.interactionId] : []),
          ...m.synonyms,
          ...m.brands.map((b) => b.name),
          ...m.rxnorm.ingredients,
          ...m.rxnorm.clinicalDrugs,
          ...m.rxnorm.brandedDrugs,
          ...m.atc,
        ],
      );
    }
  }
}
