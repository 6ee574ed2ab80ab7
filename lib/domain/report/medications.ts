/**
 * Medication screening: each medication is recognised by the terminology layer (lib/domain/terminology/medications.ts:
 * the curated vocabulary plus the interaction entries' own names and codes; exact, brand, code, class code, fuzzy) and
 * every confident match to a concept with an interaction entry becomes a MedicationMatch for the safety rules. A
 * medication that matched nothing is unscreened, one that is only a near miss is uncertain — never dropped, and never
 * silently treated as safe: the fail-safe rule (fail-safe.ts) turns both into findings and withholds any dose.
 */
import type { InteractionData, MedicationClass, MedicationEntryData } from '../evidence/schemas';
import type { PatientContext } from '../patient-context';
import { buildMedicationIndex, nameTokens, recogniseMedications, type ConceptMatch, type MatchKind, type MedicationIndex, type MedicationRecognition } from '../terminology/medications';
import { memoByList } from './memo';
import type { MedicationConceptMatch, ScreenedMedication } from './types';

export { nameTokens };

/** What matched, as a person reads it, strongest evidence first. */
export type MatchedBy = 'generic name' | 'brand name' | 'RxNorm ingredient code' | 'RxNorm product code' | 'ATC code' | 'ATC class code';

/** One medication matched to one curated interaction entry. */
export type MedicationMatch = {
  /** Position in context.medications. */
  index: number;
  /** The medication as entered. */
  name: string;
  interactionId: string;
  substance: string;
  safetyCode: string;
  severity: 'critical' | 'warning' | 'info';
  matchedBy: MatchedBy;
  /** The curated name or code that matched (e.g. "Coumadin", "warfarin sodium", "855332"). */
  matchedText: string;
  how: MatchKind;
  confidence: number;
  medicationClass: MedicationClass;
};

/** A near miss: the medication is probably `guess`, but that is not confirmed. */
export type UncertainMedication = { index: number; name: string; guesses: ConceptMatch[]; unrecognisedParts: string[] };

/** Every match, every medication that matched nothing (never dropped), and every near miss. */
export type MedicationScreening = {
  matches: MedicationMatch[];
  unscreened: Array<{ index: number; name: string }>;
  /** Medications that are only near misses, or combination products with a part that matched nothing. */
  uncertain: UncertainMedication[];
  /** Per medication, what the terminology layer recognised (the report's `medicationScreening`). */
  recognitions: MedicationRecognition[];
};

const MATCHED_BY: Record<ConceptMatch['term'], MatchedBy> = {
  ingredient: 'generic name',
  synonym: 'generic name',
  brand: 'brand name',
  'rxnorm-ingredient': 'RxNorm ingredient code',
  'rxnorm-clinical-drug': 'RxNorm product code',
  'rxnorm-branded-drug': 'RxNorm product code',
  atc: 'ATC code',
  'atc-class': 'ATC class code',
};

const indexFor = memoByList((_interactions: readonly InteractionData[]) => new WeakMap<readonly MedicationEntryData[], MedicationIndex>());
const EMPTY: readonly MedicationEntryData[] = [];

/** The recogniser's index for a snapshot's vocabulary and interaction entries (built once per snapshot). */
export function medicationIndex(interactions: readonly InteractionData[], vocabulary: readonly MedicationEntryData[] = EMPTY): MedicationIndex {
  const byVocabulary = indexFor(interactions);
  let index = byVocabulary.get(vocabulary);
  if (!index) {
    index = buildMedicationIndex(vocabulary, interactions);
    byVocabulary.set(vocabulary, index);
  }
  return index;
}

const capitalise = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/**
 * Screen every medication. One medication can match several entries (a combination product such as clopidogrel +
 * aspirin); at most one match per medication and entry is kept. A recognised medicine whose interaction entry is not
 * in the snapshot (unpublished or retracted) cannot be screened, and is listed as unscreened.
 */
export function screenMedications(meds: PatientContext['medications'], interactions: InteractionData[], vocabulary: readonly MedicationEntryData[] = EMPTY): MedicationScreening {
  const recognitions = recogniseMedications(medicationIndex(interactions, vocabulary), meds);
  const byId = new Map(interactions.map((e) => [e.id, e]));
  const matches: MedicationMatch[] = [];
  const unscreened: MedicationScreening['unscreened'] = [];
  const uncertain: UncertainMedication[] = [];
  for (const r of recognitions) {
    let screened = false;
    for (const m of r.matches) {
      if (m.medicationClass === 'no-known-interaction') {
        screened = true;
        continue;
      }
      const entry = m.interactionId !== undefined ? byId.get(m.interactionId) : undefined;
      if (!entry) continue;
      if (matches.some((x) => x.index === r.index && x.interactionId === entry.id)) {
        screened = true;
        continue;
      }
      screened = true;
      const substance = m.conceptId.startsWith('interaction:') ? entry.substance : m.how === 'class-code' ? m.ingredient : capitalise(m.ingredient);
      matches.push({
        index: r.index,
        name: r.name,
        interactionId: entry.id,
        substance,
        safetyCode: entry.safetyCode,
        severity: entry.severity,
        matchedBy: MATCHED_BY[m.term],
        matchedText: m.matchedText,
        how: m.how,
        confidence: m.confidence,
        medicationClass: m.medicationClass,
      });
    }
    if (r.status === 'uncertain' || (r.status === 'unrecognised' && r.guesses.length > 0)) uncertain.push({ index: r.index, name: r.name, guesses: r.guesses, unrecognisedParts: r.unrecognisedParts });
    else if (r.status === 'unrecognised' || (!screened && r.matches.length > 0)) unscreened.push({ index: r.index, name: r.name });
  }
  return { matches, unscreened, uncertain, recognitions };
}

/** The trace line of a match: `medications[0] "Coumadin 5mg": brand name "Coumadin" of Warfarin`. */
export function describeMatch(match: MedicationMatch): string {
  return `medications[${match.index}] ${JSON.stringify(match.name)}: ${match.matchedBy} "${match.matchedText}" of ${match.substance}`;
}

/** The plain name to use for a matched medicine: the name as the patient knows it, with the generic in brackets for a brand. */
export function plainMedicineName(match: Pick<MedicationMatch, 'matchedBy' | 'matchedText' | 'substance'>): string {
  if (match.matchedBy === 'ATC class code') return `a ${match.substance.replace(/ \(ATC [^)]*\)$/, '')}`;
  const singleWordSubstance = /^\S+$/.test(match.substance) ? match.substance.toLowerCase() : undefined;
  if (match.matchedBy === 'generic name') return match.matchedText.toLowerCase();
  if (match.matchedBy === 'brand name') return singleWordSubstance ? `${match.matchedText} (${singleWordSubstance})` : match.matchedText;
  return singleWordSubstance ?? match.substance;
}

const TRACE = /^medications\[(\d+)\] ("(?:[^"\\]|\\.)*"): (generic name|brand name|RxNorm ingredient code|RxNorm product code|ATC code|ATC class code) "(.*)" of (.+)$/;

/** Read a trace line written by describeMatch back (for the handout, which sees only the report); undefined for any other line. */
export function parseMatchTrace(line: string): Pick<MedicationMatch, 'index' | 'name' | 'matchedBy' | 'matchedText' | 'substance'> | undefined {
  const m = TRACE.exec(line);
  if (!m) return undefined;
  return { index: Number(m[1]), name: JSON.parse(m[2]!) as string, matchedBy: m[3] as MatchedBy, matchedText: m[4]!, substance: m[5]! };
}

const conceptMatch = (m: ConceptMatch): MedicationConceptMatch => ({
  ingredient: m.ingredient,
  medicationClass: m.medicationClass,
  ...(m.interactionId !== undefined ? { interactionId: m.interactionId } : {}),
  how: m.how,
  matchedText: m.matchedText,
  confidence: m.confidence,
  ...(m.distance !== undefined ? { distance: m.distance } : {}),
});

/** A recognition as the report carries it (plain JSON, no internal ids). */
export function screenedMedication(r: MedicationRecognition): ScreenedMedication {
  return { index: r.index, name: r.name, status: r.status, matches: r.matches.map(conceptMatch), guesses: r.guesses.map(conceptMatch), unrecognisedParts: r.unrecognisedParts };
}

/** The medication classes as a clinician reads them. */
export const MEDICATION_CLASS_LABELS: Record<MedicationClass, string> = {
  vka: 'vitamin K antagonist',
  doac: 'direct oral anticoagulant',
  antiplatelet: 'antiplatelet drug',
  heparin: 'heparin / LMWH / fondaparinux',
  antibiotic: 'antibiotic',
  'antibiotic-nmtt': 'NMTT-type cephalosporin (higher risk)',
  'lipase-inhibitor': 'lipase inhibitor',
  'bile-acid-sequestrant': 'bile-acid sequestrant',
  'mineral-oil': 'mineral oil (lubricant laxative)',
  'fibrinolytic-supplement': 'fibrinolytic enzyme supplement (bleeding risk)',
  'vitamin-e': 'vitamin E (bleeding risk at high doses)',
  'enzyme-inducing-anticonvulsant': 'enzyme-inducing anticonvulsant',
  'tyrosine-kinase-inhibitor': 'tyrosine kinase inhibitor',
  'no-known-interaction': 'no known vitamin K interaction',
};

const HOW_LABELS: Record<MedicationConceptMatch['how'], string> = { exact: 'name', brand: 'brand name', code: 'code', 'class-code': 'ATC class code', fuzzy: 'near miss' };

/** One line per medication for the report page and the clinician PDF: what it was recognised as, how, how sure. */
export function describeScreenedMedication(m: ScreenedMedication): string {
  const concept = (c: MedicationConceptMatch): string =>
    `${c.ingredient} (${MEDICATION_CLASS_LABELS[c.medicationClass]}) — by ${HOW_LABELS[c.how]} "${c.matchedText}"${c.how === 'brand' && c.confidence < 1 ? ' (a brand not yet checked in a label or formulary)' : ''}, confidence ${Math.round(c.confidence * 100)}%`;
  if (m.status === 'unrecognised') return 'Not recognised: could not be checked for vitamin K interactions.';
  const parts = [...m.matches.map(concept)];
  if (m.guesses.length > 0) parts.push(`unconfirmed — looks like ${m.guesses.slice(0, 3).map((g) => `${g.matchedText} (${g.ingredient}, ${MEDICATION_CLASS_LABELS[g.medicationClass]}; ${g.distance === 0 ? 'written apart' : `${g.distance} letter${g.distance === 1 ? '' : 's'} off`})`).join(' or ')}`);
  if (m.unrecognisedParts.length > 0) parts.push(`not recognised: ${m.unrecognisedParts.map((p) => `"${p}"`).join(', ')}`);
  return parts.join('; ');
}
