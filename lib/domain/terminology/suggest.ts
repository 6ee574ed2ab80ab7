/**
 * Suggestions for a medication being typed (the New report form's picker, GET /api/v1/terminology/medications): the
 * curated names of the one medication index (lib/domain/terminology/medications.ts), never a list of their own.
 *
 *   1. prefix matches: every word of the query starts a word of an ingredient, synonym or brand, in order and from the
 *      same word on ("Jant" → Jantoven, "warf sod" → warfarin sodium), regardless of case and accents (nameTokens);
 *   2. near misses: a name within the matcher's own near-miss rule (nearMissDistance) of the query's
 *      name words, marked `fuzzy` ("Did you mean …?"), best first.
 *
 * Pure and fast: what depends only on the index (each name's words, a sorted word list for the prefix search, names
 * bucketed by length for the near misses) is computed once per index object and reused.
 */
import type { MedicationClass } from '../evidence/schemas';
import { CRITICAL_CLASSES, nameTokens, nearMissDistance, NON_NAME_WORDS, type MedicationConcept, type MedicationIndex, type MedicationRecognition } from './medications';

export type SuggestionTerm = 'ingredient' | 'synonym' | 'brand';

export type MedicationSuggestion = {
  /** What the list shows: "Jantoven (warfarin)", "warfarin sodium (warfarin)", "warfarin". */
  label: string;
  /** What choosing it puts in the field: the curated name itself ("Jantoven"). */
  value: string;
  ingredient: string;
  medicationClass: MedicationClass;
  term: SuggestionTerm;
  /** prefix: the query starts the name; fuzzy: a near miss of it (a "did you mean"). */
  match: 'prefix' | 'fuzzy';
  /** For a near miss: the edit distance between the query's name words and the name. */
  distance?: number;
};

type Prepared = {
  names: Array<{ text: string; tokens: string[]; key: string; joined: string; term: SuggestionTerm; concept: MedicationConcept; label: string; rank: number; critical: boolean; order: number }>;
  /** Every (word, name, position) sorted by word: the prefix search is a binary search. */
  words: Array<{ word: string; name: number; position: number }>;
  /** Names by the length of their words joined (the near-miss search only looks at lengths that can be close). */
  byLength: Map<number, number[]>;
};

const TERM_RANK: Record<SuggestionTerm, number> = { ingredient: 0, brand: 1, synonym: 2 };
const isCritical = (c: MedicationClass): boolean => CRITICAL_CLASSES.includes(c);

/**
 * How a curated name is shown: the name, and the ingredient in brackets when the name is not the ingredient itself
 * ("Jantoven (warfarin)"). An interaction entry's substance that is a description rather than one ingredient
 * ("Antibiotics taken for a long course") is not put in brackets.
 */
export function medicationLabel(text: string, concept: Pick<MedicationConcept, 'conceptId' | 'ingredient'>): string {
  const ingredientTokens = nameTokens(concept.ingredient);
  if (nameTokens(text).join(' ') === ingredientTokens.join(' ')) return text;
  const fromInteraction = concept.conceptId.startsWith('interaction:');
  if (fromInteraction && ingredientTokens.length !== 1) return text;
  if (concept.conceptId.startsWith('atc:')) return text;
  return `${text} (${fromInteraction ? concept.ingredient.toLowerCase() : concept.ingredient})`;
}

const prepared = new WeakMap<MedicationIndex, Prepared>();

function prepare(index: MedicationIndex): Prepared {
  const cached = prepared.get(index);
  if (cached) return cached;
  const names: Prepared['names'] = index.terms.map((t) => ({
    text: t.text,
    tokens: t.tokens,
    key: t.tokens.join(' '),
    joined: t.tokens.join(''),
    term: t.term,
    concept: t.concept,
    label: medicationLabel(t.text, t.concept),
    rank: TERM_RANK[t.term],
    critical: isCritical(t.concept.medicationClass),
    order: 0,
  }));
  // The order among equals, computed once: the ingredient before brands before synonyms, shorter names first, then
  // alphabetically (and by concept, so that the order never depends on the content files' order).
  [...names]
    .sort((a, b) => a.rank - b.rank || a.joined.length - b.joined.length || a.label.localeCompare(b.label) || a.concept.conceptId.localeCompare(b.concept.conceptId))
    .forEach((n, i) => (n.order = i));
  const words: Prepared['words'] = [];
  const byLength = new Map<number, number[]>();
  names.forEach((n, i) => {
    n.tokens.forEach((word, position) => words.push({ word, name: i, position }));
    const list = byLength.get(n.joined.length);
    if (list) list.push(i);
    else byLength.set(n.joined.length, [i]);
  });
  words.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : a.name - b.name || a.position - b.position));
  const result = { names, words, byLength };
  prepared.set(index, result);
  return result;
}

/** The first entry of the sorted word list that is ≥ prefix. */
function lowerBound(words: Prepared['words'], prefix: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid]!.word < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The words of a query that can be part of a name (not a dose, form or schedule word, nor a number). */
const nameWordsOf = (tokens: readonly string[]): string[] => tokens.filter((t) => !NON_NAME_WORDS.has(t) && !/^\d+$/.test(t));

const dedupeKey = (s: Pick<MedicationSuggestion, 'label'>): string => nameTokens(s.label).join(' ');

/**
 * Suggestions for `query`: prefix matches first (the match at the name's first word, then the full name typed, the
 * ingredient before brands before synonyms, shorter names, then alphabetically), then near misses (closest first, a
 * critical class first among equals); each label once, at most `limit`.
 */
export function suggestMedications(index: MedicationIndex, query: string, limit = 8): MedicationSuggestion[] {
  const max = Math.max(0, Math.floor(limit));
  const tokens = nameTokens(query);
  if (max === 0 || tokens.length === 0) return [];
  const { names, words, byLength } = prepare(index);

  // 1. Prefix matches: the first query word starts a name's word (binary search), and each next query word starts the
  // name's next word.
  const prefix = new Map<number, number>(); // name → the position its match starts at (the earliest)
  const first = tokens[0]!;
  for (let i = lowerBound(words, first); i < words.length && words[i]!.word.startsWith(first); i++) {
    const { name, position } = words[i]!;
    const known = prefix.get(name);
    if (known !== undefined && known <= position) continue;
    const nameTokensOf = names[name]!.tokens;
    if (tokens.every((q, k) => nameTokensOf[position + k]?.startsWith(q) === true)) prefix.set(name, position);
  }
  const typed = tokens.join(' ');
  const prefixList = [...prefix.entries()]
    .map(([name, position]) => ({ n: names[name]!, position }))
    .sort((a, b) => Number(a.position !== 0) - Number(b.position !== 0) || Number(a.n.key !== typed) - Number(b.n.key !== typed) || a.n.order - b.n.order);

  const out: MedicationSuggestion[] = [];
  const seen = new Set<string>();
  const push = (s: MedicationSuggestion): void => {
    const key = dedupeKey(s);
    if (seen.has(key) || out.length >= max) return;
    seen.add(key);
    out.push(s);
  };
  for (const { n } of prefixList) push({ label: n.label, value: n.text, ingredient: n.concept.ingredient, medicationClass: n.concept.medicationClass, term: n.term, match: 'prefix' });
  if (out.length >= max) return out;

  // 2. Near misses of the query's name words, written together ("Jantovan 5 mg" → "jantovan", "war farin" →
  // "warfarin"), as the matcher finds them: a word that is itself a curated name is not a miss. Each word alone is not
  // tried: while a name is being typed its first letters are close to too many short names.
  const nameWords = nameWordsOf(tokens);
  const candidates = nameWords.length > 0 ? [nameWords.join('')] : [];
  const fuzzy = new Map<number, number>(); // name → distance
  for (const word of candidates) {
    const apart = nameWords.length > 1; // "war farin": the name written apart is a miss at distance 0
    if (word.length < 4 || (!apart && index.knownWords.has(word))) continue;
    for (let length = word.length - 3; length <= word.length + 3; length++) {
      for (const i of byLength.get(length) ?? []) {
        const n = names[i]!;
        // The matcher's own near-miss rule (nearMissDistance), so the picker offers what the report would guess.
        const d = nearMissDistance(word, n.joined, n.concept);
        if (d === null || (d === 0 && !apart)) continue;
        const previous = fuzzy.get(i);
        if (previous === undefined || d < previous) fuzzy.set(i, d);
      }
    }
  }
  const fuzzyList = [...fuzzy.entries()]
    .filter(([i]) => !prefix.has(i))
    .map(([i, d]) => ({ n: names[i]!, d }))
    .sort((a, b) => a.d - b.d || Number(b.n.critical) - Number(a.n.critical) || a.n.order - b.n.order);
  for (const { n, d } of fuzzyList) push({ label: n.label, value: n.text, ingredient: n.concept.ingredient, medicationClass: n.concept.medicationClass, term: n.term, match: 'fuzzy', distance: d });
  return out;
}

/** "5 suggestions", "1 suggestion", "No suggestions": what the picker's live region says. */
export function suggestionCountText(count: number): string {
  if (count === 0) return 'No suggestions';
  return count === 1 ? '1 suggestion' : `${count} suggestions`;
}

export type DidYouMean = {
  /** "Jantoven (warfarin)". */
  label: string;
  /** The name with the near miss replaced ("Jantovan 5 mg" → "Jantoven 5 mg"). */
  value: string;
  /** "Did you mean Jantoven (warfarin)?" */
  text: string;
};

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The "Did you mean …?" of a recognition: only when it has no confident match and its best guess is a near miss
 * (status uncertain). Its value replaces the mistyped word in what was typed when the word can be found as typed
 * (case-insensitively), and is the curated name otherwise.
 */
export function didYouMean(recognition: Pick<MedicationRecognition, 'name' | 'status' | 'matches' | 'guesses'>): DidYouMean | null {
  if (recognition.status !== 'uncertain' || recognition.matches.length > 0) return null;
  const guess = recognition.guesses[0];
  if (!guess || guess.how !== 'fuzzy') return null;
  const label = medicationLabel(guess.matchedText, guess);
  const name = recognition.name;
  let value = guess.matchedText;
  if (guess.input) {
    const word = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(guess.input)}(?=$|[^\\p{L}\\p{N}])`, 'iu');
    const found = word.exec(name);
    if (found) {
      const start = found.index + found[1]!.length;
      value = `${name.slice(0, start)}${guess.matchedText}${name.slice(start + guess.input.length)}`;
    }
  }
  return { label, value, text: `Did you mean ${label}?` };
}
