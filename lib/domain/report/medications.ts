/**
 * Medication screening: each free-text medication (generic or brand name, with dose text) and/or RxNorm code is
 * matched against the curated interaction entries (content/interactions.json, admin-curated). Names match as whole
 * words regardless of case, accents, punctuation or dose text ("Coumadin 5mg", "Questran (cholestyramine)"), so
 * "aspirin" never matches inside another word. A medication that matches nothing is listed as unscreened, never dropped
 * (SPEC safety code medication-not-screened).
 */
import type { InteractionData } from '../evidence/schemas';
import type { PatientContext } from '../patient-context';

/** What matched, strongest evidence first. */
export type MatchedBy = 'generic name' | 'brand name' | 'RxNorm ingredient code' | 'RxNorm product code';

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
};

/** Every match, and every medication that matched nothing (never dropped). */
export type MedicationScreening = {
  matches: MedicationMatch[];
  unscreened: Array<{ index: number; name: string }>;
};

/** Words of a name: lowercase, accents removed, split on anything that is not a letter or digit, and between letters and digits ("5mg" → "5", "mg"). */
export function nameTokens(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/\p{L}+|\p{N}+/gu) ?? []
  );
}

/** Whether `needle` occurs in `haystack` as a run of whole tokens. */
function containsTokens(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((token, k) => haystack[start + k] === token)) return true;
  }
  return false;
}

/** The longest curated name found in the medication's words (the most specific one, e.g. "warfarin sodium" over "warfarin"). */
function longestNameMatch(tokens: readonly string[], names: readonly string[]): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const name of names) {
    const needle = nameTokens(name);
    if (containsTokens(tokens, needle) && (!best || needle.length > best.length || (needle.length === best.length && name.length > best.name.length))) best = { name, length: needle.length };
  }
  return best?.name;
}

/** How one medication matches one entry, strongest evidence first: RxNorm product, RxNorm ingredient, generic name, brand name. */
function matchEntry(medication: { name: string; rxnorm?: string }, tokens: readonly string[], entry: InteractionData): { matchedBy: MatchedBy; matchedText: string } | undefined {
  const code = medication.rxnorm;
  if (code !== undefined && entry.rxnormProducts.includes(code)) return { matchedBy: 'RxNorm product code', matchedText: code };
  if (code !== undefined && entry.rxnormIngredients.includes(code)) return { matchedBy: 'RxNorm ingredient code', matchedText: code };
  const generic = longestNameMatch(tokens, entry.genericNames);
  if (generic) return { matchedBy: 'generic name', matchedText: generic };
  const brand = longestNameMatch(tokens, entry.brandNames);
  if (brand) return { matchedBy: 'brand name', matchedText: brand };
  return undefined;
}

/**
 * Screen every medication against every interaction entry. One medication can match several entries (a combination
 * product such as clopidogrel + aspirin); at most one match per medication and entry is kept.
 */
export function screenMedications(meds: PatientContext['medications'], interactions: InteractionData[]): MedicationScreening {
  const matches: MedicationMatch[] = [];
  const unscreened: MedicationScreening['unscreened'] = [];
  meds.forEach((medication, index) => {
    const tokens = nameTokens(medication.name);
    let found = false;
    for (const entry of interactions) {
      const how = matchEntry(medication, tokens, entry);
      if (!how) continue;
      found = true;
      matches.push({ index, name: medication.name, interactionId: entry.id, substance: entry.substance, safetyCode: entry.safetyCode, severity: entry.severity, ...how });
    }
    if (!found) unscreened.push({ index, name: medication.name });
  });
  return { matches, unscreened };
}

/** The trace line of a match: `medications[0] "Coumadin 5mg": brand name "Coumadin" of Warfarin`. */
export function describeMatch(match: MedicationMatch): string {
  return `medications[${match.index}] ${JSON.stringify(match.name)}: ${match.matchedBy} "${match.matchedText}" of ${match.substance}`;
}

/** The plain name to use for a matched medicine: the name as the patient knows it, with the generic in brackets for a brand. */
export function plainMedicineName(match: Pick<MedicationMatch, 'matchedBy' | 'matchedText' | 'substance'>): string {
  const singleWordSubstance = /^\S+$/.test(match.substance) ? match.substance.toLowerCase() : undefined;
  if (match.matchedBy === 'generic name') return match.matchedText.toLowerCase();
  if (match.matchedBy === 'brand name') return singleWordSubstance ? `${match.matchedText} (${singleWordSubstance})` : match.matchedText;
  return singleWordSubstance ?? match.substance;
}

const TRACE = /^medications\[(\d+)\] ("(?:[^"\\]|\\.)*"): (generic name|brand name|RxNorm ingredient code|RxNorm product code) "(.*)" of (.+)$/;

/** Read a trace line written by describeMatch back (for the handout, which sees only the report); undefined for any other line. */
export function parseMatchTrace(line: string): Pick<MedicationMatch, 'index' | 'name' | 'matchedBy' | 'matchedText' | 'substance'> | undefined {
  const m = TRACE.exec(line);
  if (!m) return undefined;
  return { index: Number(m[1]), name: JSON.parse(m[2]!) as string, matchedBy: m[3] as MatchedBy, matchedText: m[4]!, substance: m[5]! };
}
