/**
 * The terminology layer for medicines (DESIGN.md "Terminology is data, recognised in one place"): one matcher that
 * turns any medication input — free text with dose words, a brand from any country, a salt, all caps, a misspelling,
 * a combination product, an RxNorm code, an ATC code — into the curated concepts it names, with *how* it matched and a
 * confidence. The New report form's picker, the report engine, the FHIR import and the CDS Hooks order detection all
 * call it.
 *
 * The vocabulary is curated content (content/medications-*.json, kind `medication`); the names and codes of the
 * interaction entries (content/interactions.json) are matched too, so an admin's edit to either is honoured.
 *
 * How a medication is recognised, in order:
 *   1. codes: the `rxnorm` field or a name that is only a code ("855332", "RxCUI 11289") against the RxNorm
 *      ingredient, clinical-drug and branded-drug concepts (`code`); an ATC code in the `atc` field or the name
 *      ("B01AA03") against the entries' ATC codes (`code`), else against the class rules of ATC_CLASS_RULES
 *      (`class-code`: B01AA is every vitamin K antagonist, named or not);
 *   2. names: each curated ingredient, synonym (salt, other spelling) and brand found as a run of whole words,
 *      regardless of case, accents, punctuation and dose text (`exact` for an ingredient or synonym, `brand`);
 *   3. near misses: every remaining word (or two adjacent words written apart) within a small Levenshtein distance
 *      (fastest-levenshtein) of a curated name is a `fuzzy` guess, never a match — the report's fail-safe rule
 *      (lib/domain/report/fail-safe.ts) decides what the user is told;
 *   4. combination products ("clopidogrel + aspirin", "amoxicillin/clavulanate"): each part must be recognised, or
 *      the part is listed as unrecognised.
 * A word that is itself a known name is never fuzzy-matched, so "enoxaparin" is never a guess at anything else.
 */
import { distance } from 'fastest-levenshtein';
import type { InteractionData, MedicationClass, MedicationEntryData } from '../evidence/schemas';

/** How a concept was matched (the API's `how`). */
export type MatchKind = 'exact' | 'brand' | 'code' | 'class-code' | 'fuzzy';

/** A curated medicine concept: a vocabulary entry (`med-…`) or an interaction entry's own names (`interaction:…`). */
export type MedicationConcept = {
  /** The vocabulary entry's id, or `interaction:<id>` for a name that only an interaction entry lists. */
  conceptId: string;
  ingredient: string;
  medicationClass: MedicationClass;
  /** The interaction entry whose rule applies (none for no-known-interaction). */
  interactionId?: string;
};

export type ConceptMatch = MedicationConcept & {
  how: MatchKind;
  /** The curated name or code that matched ("Jantoven", "warfarin sodium", "855332", "B01AA"). */
  matchedText: string;
  /** What kind of curated term it was. */
  term: 'ingredient' | 'synonym' | 'brand' | 'rxnorm-ingredient' | 'rxnorm-clinical-drug' | 'rxnorm-branded-drug' | 'atc' | 'atc-class';
  /** 1 for exact names and codes, 0.99 for an unchecked brand, 0.9 for a class code; a fuzzy guess: 1 − distance / length. */
  confidence: number;
  /** For a fuzzy guess: the word as typed, and its edit distance to `matchedText`. */
  input?: string;
  distance?: number;
};

/** One medication as recognised. */
export type MedicationRecognition = {
  index: number;
  name: string;
  /** recognised: every part matched with confidence; uncertain: some part is only a near miss or not recognised; unrecognised: nothing matched. */
  status: 'recognised' | 'uncertain' | 'unrecognised';
  /** Confident matches (exact, brand, code, class code). */
  matches: ConceptMatch[];
  /** Near misses (fuzzy), best first; critical classes first among equals. */
  guesses: ConceptMatch[];
  /** Parts of a combination product (or the whole name) that matched nothing, as typed. */
  unrecognisedParts: string[];
};

/** Classes whose near miss is a critical finding: a vitamin K antagonist is the one interaction that can harm. */
export const CRITICAL_CLASSES: readonly MedicationClass[] = ['vka'];

/**
 * WHO ATC class rules (WHO Collaborating Centre for Drug Statistics Methodology, ATC/DDD Index: B01AA "Vitamin K
 * antagonists", B01AB "Heparin group", B01AC "Platelet aggregation inhibitors excl. heparin", B01AE "Direct thrombin
 * inhibitors", B01AF "Direct factor Xa inhibitors", B01AX05 fondaparinux, J01 "Antibacterials for systemic use",
 * A08AB01 orlistat, C10AC "Bile acid sequestrants", A06AA01 liquid paraffin). Longest prefix wins. Used when a code
 * is not one of a vocabulary entry's own: a VKA that is coded but not named is still a VKA.
 */
export const ATC_CLASS_RULES: ReadonlyArray<{ prefix: string; medicationClass: MedicationClass; interactionId: string; label: string }> = [
  { prefix: 'B01AA', medicationClass: 'vka', interactionId: 'other-vitamin-k-antagonists', label: 'vitamin K antagonist' },
  { prefix: 'B01AB', medicationClass: 'heparin', interactionId: 'heparins', label: 'heparin or low-molecular-weight heparin' },
  { prefix: 'B01AX05', medicationClass: 'heparin', interactionId: 'heparins', label: 'fondaparinux' },
  { prefix: 'B01AC', medicationClass: 'antiplatelet', interactionId: 'other-antiplatelets', label: 'antiplatelet drug' },
  { prefix: 'B01AE', medicationClass: 'doac', interactionId: 'dabigatran', label: 'direct thrombin inhibitor' },
  { prefix: 'B01AF', medicationClass: 'doac', interactionId: 'other-doacs', label: 'direct factor Xa inhibitor' },
  { prefix: 'J01', medicationClass: 'antibiotic', interactionId: 'antibiotics-long-course', label: 'systemic antibiotic' },
  { prefix: 'A08AB01', medicationClass: 'lipase-inhibitor', interactionId: 'orlistat', label: 'orlistat' },
  { prefix: 'C10AC', medicationClass: 'bile-acid-sequestrant', interactionId: 'bile-acid-sequestrants', label: 'bile-acid sequestrant' },
  { prefix: 'A06AA01', medicationClass: 'mineral-oil', interactionId: 'mineral-oil', label: 'liquid paraffin (mineral oil)' },
];

/** The class an interaction entry's own names belong to, from its safety code. */
const CLASS_OF_SAFETY_CODE: Record<string, MedicationClass> = {
  'vka-interaction': 'vka',
  'doac-no-interaction': 'doac',
  'antiplatelet-no-interaction': 'antiplatelet',
  'heparin-no-interaction': 'heparin',
  'antibiotics-long-term': 'antibiotic',
  'fat-malabsorption': 'lipase-inhibitor',
  'enzyme-inducing-anticonvulsant': 'enzyme-inducing-anticonvulsant',
  'tyrosine-kinase-inhibitor': 'tyrosine-kinase-inhibitor',
};

/** Interaction entries whose safety code covers several classes. */
const LEGACY_CLASS: Record<string, MedicationClass> = {
  orlistat: 'lipase-inhibitor',
  'bile-acid-sequestrants': 'bile-acid-sequestrant',
  'mineral-oil': 'mineral-oil',
  'nmtt-cephalosporins': 'antibiotic-nmtt',
  nattokinase: 'fibrinolytic-supplement',
  'vitamin-e': 'vitamin-e',
};

/**
 * Words of a medication string that are not names: dose units, forms, routes, release and schedule words, salts said
 * alone. They are never fuzzy-matched ("tab" is not a guess at anything) and never make a part unrecognised.
 */
export const NON_NAME_WORDS: ReadonlySet<string> = new Set(
  (
    'mg mcg µg ug microgram micrograms milligram milligrams g gram grams kg ml l iu units unit u meq mmol % ' +
    'tab tabs tablet tablets tbl cap caps capsule capsules gelcap softgel pill pills lozenge sachet sachets powder granules ' +
    'oral po iv im sc sq subcut subcutaneous intravenous intramuscular topical inhaled inhaler inhalation nasal spray drops eye ear rectal vaginal patch cream gel ointment ' +
    'injection injectable inj solution soln suspension susp syrup elixir liquid infusion vial vials ampoule ampule pen prefilled syringe syringes kit pack starter ' +
    'film coated enteric ec er xr xl sr cr la dr ir mr od odt chewable chew dispersible effervescent delayed extended modified sustained controlled release immediate ' +
    'daily once twice thrice times day days week weekly month monthly morning evening night nightly bedtime hs qd qod bid tid qid qhs prn as needed every each per a an the ' +
    'of with and or plus in on for to at by from x mane nocte ' +
    'sodium potassium calcium magnesium hydrochloride hcl hydrobromide sulfate sulphate bisulfate besylate besilate mesylate mesilate maleate fumarate tartrate citrate ' +
    'acetate phosphate succinate trihydrate monohydrate dihydrate hydrate anhydrous salt base free ' +
    'low dose strength forte mite junior adult adults children child pediatric paediatric generic brand original plain regular extra max maximum ' +
    'usp bp ph eur mfr manufacturer take takes taking use used ' +
    'patient reported self otc prescribed prescription rx as directed unknown dose doses dosage medication medications medicine medicines ' +
    'drug drugs coded code codes unidentified record name no not none other http https www org com info sct snomed ' +
    'mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday alternate alternating ' +
    'meal meals food breakfast lunch dinner supper evening empty stomach water ' +
    'unt ui μg μl porcine bovine preservative vial ' +
    'tablett tabletter tabletten tablette tabletta tabletti compresse compressa comprime comprimes pellicule pellicules secable ' +
    'comprimido comprimidos recubiertos recubierto cpr cp gelule gelules capsula capsulas capsule kapsel kapseln filmtablette filmtabletten ' +
    'injektionslosung losung solucion inyectable ampolla ampollas ampoules fertigspritze seringue preremplie'
  ).split(' '),
);

type Term = { key: string; tokens: string[]; text: string; term: 'ingredient' | 'synonym' | 'brand'; concept: MedicationConcept; unchecked: boolean };
type CodeTerm = { concept: MedicationConcept; term: ConceptMatch['term'] };

/** The recogniser's index of one evidence snapshot (built once per snapshot: see memoMedicationIndex). */
export type MedicationIndex = {
  terms: Term[];
  /** Every key (tokens joined by a space) of a curated name → its terms. */
  byKey: Map<string, Term[]>;
  /** Longest curated name, in tokens. */
  maxTokens: number;
  rxnorm: Map<string, CodeTerm[]>;
  atc: Map<string, CodeTerm[]>;
  /** Every single word of every curated name (a known word is never fuzzy-matched). */
  knownWords: Set<string>;
  concepts: Map<string, MedicationConcept>;
};

/** Words of a name: lowercase, accents removed, split on anything that is not a letter or digit, and between letters and digits ("5mg" → "5", "mg"). */
export function nameTokens(text: string): string[] {
  return (
    text
      // Japanese labels write the form after the name with no space (ワーファリン錠1mg): the form words are spaces.
      .replace(JAPANESE_FORMS, ' ')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/\p{L}+|\p{N}+/gu) ?? []
  );
}

/** Japanese dose-form words: tablet, OD tablet, capsule, powder, granules, fine granules, injection, syrup. */
const JAPANESE_FORMS = /(?:OD錠|口腔内崩壊錠|錠|カプセル|細粒|顆粒|散|注射液|注|シロップ|内用液)/gu;

/** Build the index of the curated vocabulary and the interaction entries' own names and codes. */
export function buildMedicationIndex(vocabulary: readonly MedicationEntryData[], interactions: readonly InteractionData[]): MedicationIndex {
  const index: MedicationIndex = { terms: [], byKey: new Map(), maxTokens: 1, rxnorm: new Map(), atc: new Map(), knownWords: new Set(), concepts: new Map() };
  const addTerm = (text: string, term: Term['term'], concept: MedicationConcept, unchecked = false): void => {
    const tokens = nameTokens(text);
    if (tokens.length === 0) return;
    const key = tokens.join(' ');
    const entry: Term = { key, tokens, text, term, concept, unchecked };
    index.terms.push(entry);
    const list = index.byKey.get(key);
    if (list) list.push(entry);
    else index.byKey.set(key, [entry]);
    index.maxTokens = Math.max(index.maxTokens, tokens.length);
    for (const t of tokens) if (!NON_NAME_WORDS.has(t) && !/^\d+$/.test(t)) index.knownWords.add(t);
  };
  const addCode = (map: Map<string, CodeTerm[]>, code: string, term: CodeTerm['term'], concept: MedicationConcept): void => {
    const key = code.trim().toUpperCase();
    map.set(key, [...(map.get(key) ?? []), { concept, term }]);
  };
  for (const m of vocabulary) {
    const concept: MedicationConcept = { conceptId: m.id, ingredient: m.ingredient, medicationClass: m.medicationClass, ...(m.interactionId ? { interactionId: m.interactionId } : {}) };
    index.concepts.set(concept.conceptId, concept);
    addTerm(m.ingredient, 'ingredient', concept);
    for (const s of m.synonyms) addTerm(s, 'synonym', concept);
    for (const b of m.brands) addTerm(b.name, 'brand', concept, b.status === 'unchecked');
    for (const c of m.rxnorm.ingredients) addCode(index.rxnorm, c, 'rxnorm-ingredient', concept);
    for (const c of m.rxnorm.clinicalDrugs) addCode(index.rxnorm, c, 'rxnorm-clinical-drug', concept);
    for (const c of m.rxnorm.brandedDrugs) addCode(index.rxnorm, c, 'rxnorm-branded-drug', concept);
    for (const c of m.atc) addCode(index.atc, c, 'atc', concept);
  }
  for (const e of interactions) {
    // The class of an interaction entry's own names: that of the vocabulary entries pointing at it, else its safety code's.
    const medicationClass = vocabulary.find((m) => m.interactionId === e.id)?.medicationClass ?? LEGACY_CLASS[e.id] ?? CLASS_OF_SAFETY_CODE[e.safetyCode] ?? 'antibiotic';
    const concept: MedicationConcept = { conceptId: `interaction:${e.id}`, ingredient: e.substance, medicationClass, interactionId: e.id };
    // An interaction entry's names and codes map to the vocabulary concept of the same interaction entry when one
    // carries that exact name; otherwise to the entry itself.
    index.concepts.set(concept.conceptId, concept);
    for (const g of e.genericNames) if (!index.byKey.get(nameTokens(g).join(' '))?.some((t) => t.concept.interactionId === e.id)) addTerm(g, 'ingredient', concept);
    for (const b of e.brandNames) if (!index.byKey.get(nameTokens(b).join(' '))?.some((t) => t.concept.interactionId === e.id)) addTerm(b, 'brand', concept);
    for (const c of e.rxnormIngredients) if (!index.rxnorm.get(c)?.some((t) => t.concept.interactionId === e.id)) addCode(index.rxnorm, c, 'rxnorm-ingredient', concept);
    for (const c of e.rxnormProducts) if (!index.rxnorm.get(c)?.some((t) => t.concept.interactionId === e.id)) addCode(index.rxnorm, c, 'rxnorm-clinical-drug', concept);
  }
  return index;
}

const ATC_CODE = /\b([A-V]\d{2}(?:[A-Z](?:[A-Z](?:\d{2})?)?)?)\b/i;
const FULL_ATC = /^[A-V]\d{2}[A-Z]{2}\d{2}$/;
/** A name that is only an RxNorm code: "855332", "RxCUI 11289", "rxnorm:11289". */
const ONLY_RXCUI = /^\s*(?:rx\s*cui|rx\s*norm|rxnorm)?\s*[:#=]?\s*(\d{1,10})\s*$/i;
/** Separators of a combination product's parts. */
/**
 * Separators of a combination product's parts: + / & ; a comma that is not a decimal comma ("2,5 mg"), and the words
 * and, plus, und, et, y as whole words in any script ("with" is not one: "with meals" is an instruction).
 */
const COMBINATION = /\s*(?:\+|\/|&|;|(?<!\d),|,(?!\d)|(?<![\p{L}\p{N}])(?:and|plus|und|et|y)(?![\p{L}\p{N}]))\s*/iu;

/**
 * The largest edit distance at which a word is a near miss of a curated name of `length` letters. A name of a
 * critical class (a vitamin K antagonist) is given more room — 2 from 4 letters on, 1 at 3 — because missing one is
 * the harm this product exists to prevent, and a false alarm only asks the clinician to confirm. Other names get 1
 * at 5 letters, 2 from 6, 3 from 13 — but beyond 1 edit only when the first letter is the same ("Xeralto" →
 * Xarelto): a large vocabulary of common medicines would otherwise "recognise" ordinary words ("vitamin" is two
 * edits from Ritalin).
 */
export function fuzzyThreshold(length: number, criticalClass = false): number {
  if (criticalClass) return length <= 2 ? 0 : length === 3 ? 1 : length <= 11 ? 2 : 3;
  if (length <= 4) return 0;
  if (length <= 5) return 1;
  if (length <= 12) return 2;
  return 3;
}

/** Levenshtein distance (fastest-levenshtein), with one swap of adjacent letters counted as one edit ("Xeralto"). */
export function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d !== 2 || a.length !== b.length) return d;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!] ? 1 : d;
}

function codeMatches(code: string, list: CodeTerm[] | undefined): ConceptMatch[] {
  return (list ?? []).map(({ concept, term }) => ({ ...concept, how: 'code', matchedText: code, term, confidence: 1 }));
}

function atcMatches(index: MedicationIndex, raw: string): ConceptMatch[] {
  const code = raw.toUpperCase();
  if (FULL_ATC.test(code)) {
    const own = codeMatches(code, index.atc.get(code));
    if (own.length > 0) return own;
  }
  const rule = [...ATC_CLASS_RULES].sort((a, b) => b.prefix.length - a.prefix.length).find((r) => code.startsWith(r.prefix));
  if (!rule) return [];
  return [
    {
      conceptId: `atc:${rule.prefix}`,
      ingredient: `${rule.label} (ATC ${code})`,
      medicationClass: rule.medicationClass,
      interactionId: rule.interactionId,
      how: 'class-code',
      matchedText: rule.prefix,
      term: 'atc-class',
      confidence: 0.9,
    },
  ];
}

/** Exact name matches in one run of tokens: the longest curated names first, each concept once. */
function nameMatches(index: MedicationIndex, tokens: readonly string[]): { matches: ConceptMatch[]; covered: boolean[] } {
  const covered = tokens.map(() => false);
  const found = new Map<string, ConceptMatch & { length: number }>();
  for (let size = Math.min(index.maxTokens, tokens.length); size >= 1; size--) {
    for (let start = 0; start + size <= tokens.length; start++) {
      const terms = index.byKey.get(tokens.slice(start, start + size).join(' '));
      if (!terms) continue;
      for (const t of terms) {
        const previous = found.get(t.concept.conceptId);
        // The longest name wins; at the same length an ingredient or synonym over a brand ("Questran (cholestyramine)").
        if (previous && (previous.length > size || (previous.length === size && (previous.how === 'exact' || t.term === 'brand')))) continue;
        found.set(t.concept.conceptId, {
          ...t.concept,
          how: t.term === 'brand' ? 'brand' : 'exact',
          matchedText: t.text,
          term: t.term,
          confidence: t.unchecked ? 0.99 : 1,
          length: size,
        });
      }
      for (let k = start; k < start + size; k++) covered[k] = true;
    }
  }
  return { matches: [...found.values()].map(({ length: _length, ...m }) => m), covered };
}

/** Near misses of one word (or two adjacent words joined): every curated single- or multi-word name within the threshold. */
/**
 * The near-miss rule, in one place (the report engine's guesses and the picker's "did you mean"): the edit distance of
 * `word` to a curated name's letters (`key`, its words joined), or null when it is not a near miss of that name.
 * 0 only happens for words written apart ("war farin"); the caller decides whether that counts.
 */
export function nearMissDistance(word: string, key: string, concept: Pick<MedicationConcept, 'medicationClass'>): number | null {
  // "Vitamin K2", "vitamin C" and "vitamin E" differ by a letter by design: one vitamin is never a near miss of another.
  if (VITAMIN_PREFIX.test(key) && VITAMIN_PREFIX.test(word)) return null;
  const isCritical = critical(concept);
  const limit = fuzzyThreshold(key.length, isCritical);
  if (limit === 0 || Math.abs(key.length - word.length) > limit) return null;
  const d = editDistance(word, key);
  if (d > limit) return null;
  if (d > 1 && !isCritical && word[0] !== key[0]) return null;
  return d;
}

const VITAMIN_PREFIX = /^vit(?:amin)?/;

function fuzzyGuesses(index: MedicationIndex, word: string): ConceptMatch[] {
  const guesses = new Map<string, ConceptMatch>();
  for (const t of index.terms) {
    const key = t.tokens.join('');
    const d = nearMissDistance(word, key, t.concept);
    if (d === null) continue;
    const confidence = Math.max(0, Math.round((1 - d / Math.max(key.length, word.length)) * 100) / 100);
    const previous = guesses.get(t.concept.conceptId);
    if (previous && (previous.distance ?? 99) <= d) continue;
    guesses.set(t.concept.conceptId, { ...t.concept, how: 'fuzzy', matchedText: t.text, term: t.term, confidence, input: word, distance: d });
  }
  return [...guesses.values()];
}

const critical = (m: Pick<ConceptMatch, 'medicationClass'>): boolean => CRITICAL_CLASSES.includes(m.medicationClass);
const byGuessOrder = (a: ConceptMatch, b: ConceptMatch): number =>
  (a.distance ?? 0) - (b.distance ?? 0) || Number(critical(b)) - Number(critical(a)) || Number(b.term === 'brand') - Number(a.term === 'brand') || a.matchedText.localeCompare(b.matchedText);

/** The words of a part that could be a name (not a dose word, a number or a single letter). */
const nameWords = (tokens: readonly string[]): string[] => tokens.filter((t) => !NON_NAME_WORDS.has(t) && !/^\d+$/.test(t) && t.length >= 2);

type PartResult = { matches: ConceptMatch[]; guesses: ConceptMatch[]; coveredWords: Set<string>; words: string[] };

/** Recognise one part (the whole name, or one part of a combination product). */
function recognisePart(index: MedicationIndex, part: string): PartResult {
  const tokens = nameTokens(part);
  const { matches, covered } = nameMatches(index, tokens);
  const coveredWords = new Set(tokens.filter((_, i) => covered[i]));
  const left = tokens.map((t, i) => (covered[i] ? null : t));
  // Every uncovered name word is tried, and every run of two to four uncovered words joined: a name written apart
  // ("war farin"), and a multi-word name with one word misspelt ("ethyl biscoumacetate", "biscoumacétate d'éthyle").
  const candidates: string[] = [];
  const isWord = (t: string | null | undefined): t is string => t !== null && t !== undefined && !NON_NAME_WORDS.has(t) && !/^\d+$/.test(t);
  for (let i = 0; i < left.length; i++) {
    const t = left[i];
    if (!isWord(t)) continue;
    if (t.length >= 3 && !index.knownWords.has(t)) candidates.push(t);
    let run = t;
    // A run may pass through short words ("d'éthyle", a stray letter) but never a number or a matched name.
    for (let k = i + 1; k < Math.min(left.length, i + index.maxTokens); k++) {
      const next = left[k];
      if (next === null || next === undefined || /^\d+$/.test(next) || (NON_NAME_WORDS.has(next) && next.length > 2)) break;
      run += next;
      candidates.push(run);
    }
  }
  let guesses = [...new Set(candidates)].flatMap((word) => fuzzyGuesses(index, word)).filter((g) => !matches.some((m) => m.conceptId === g.conceptId));
  // Beside a confident match, a leftover word (a maker's name, a strength) is a guess only when it is close to a
  // critical-class name, or one letter off a long name: "Warfarin Taro" is warfarin, not a guess at something else.
  if (matches.length > 0) guesses = guesses.filter((g) => critical(g) || ((g.distance ?? 9) <= 1 && (g.input?.length ?? 0) >= 5));
  return { matches, guesses, coveredWords, words: nameWords(tokens) };
}

/** Recognise one medication (see the file header for the order of the rules). */
export function recogniseMedication(index: MedicationIndex, medication: { name: string; rxnorm?: string; atc?: string }, position = 0): MedicationRecognition {
  const name = medication.name.trim();
  const matches: ConceptMatch[] = [];
  const guesses: ConceptMatch[] = [];
  const unrecognisedParts: string[] = [];
  if (medication.rxnorm !== undefined) matches.push(...codeMatches(medication.rxnorm, index.rxnorm.get(medication.rxnorm)));
  if (medication.atc !== undefined) matches.push(...atcMatches(index, medication.atc));
  const codedByField = matches.length > 0;

  const onlyRxcui = ONLY_RXCUI.exec(name);
  const atc = ATC_CODE.exec(name);
  const onlyAtc = atc !== null && /^[A-V]\d{2}[A-Z]/i.test(atc[1]!) && nameWords(nameTokens(name.replace(atc[1]!, ''))).every((w) => w === 'atc' || w === 'code');
  if (onlyRxcui || onlyAtc) {
    const fromName = onlyRxcui ? codeMatches(onlyRxcui[1]!, index.rxnorm.get(onlyRxcui[1]!)) : atcMatches(index, atc![1]!);
    matches.push(...fromName);
    if (fromName.length === 0 && !codedByField) unrecognisedParts.push(name);
  } else {
    // A URL in the text (a code system's) is not a name, and its slashes are not a combination product's.
    const text = name.replace(/\bhttps?:\/\/\S+/gi, ' ');
    const whole = recognisePart(index, text);
    const split = text.split(COMBINATION).filter((p) => nameWords(nameTokens(p)).length > 0);
    const parts = split.length > 1 ? split.map((p) => ({ part: p.trim(), ...recognisePart(index, p) })) : [{ part: name, ...whole }];
    matches.push(...whole.matches);
    for (const p of parts) {
      matches.push(...p.matches);
      // A part explained by a name that spans the separator ("amoxicillin and clavulanate") is not unrecognised.
      // So is a part whose words all belong to curated names ("clavulanate" of "amoxicillin and clavulanate").
      const explained = p.matches.length > 0 || (p.words.length > 0 && p.words.every((w) => whole.coveredWords.has(w) || index.knownWords.has(w)));
      guesses.push(...(explained ? p.guesses.filter((g) => critical(g)) : p.guesses));
      if (!explained && p.words.length > 0 && !codedByField) unrecognisedParts.push(p.part);
    }
  }
  const uniqueMatches = [...new Map(matches.map((m) => [m.conceptId, m])).values()];
  const uniqueGuesses = [...new Map(guesses.filter((g) => !uniqueMatches.some((m) => m.conceptId === g.conceptId)).sort(byGuessOrder).map((g) => [g.conceptId, g])).values()];
  // A part that has a near miss is reported as the guess, not also as unrecognised.
  const parts = unrecognisedParts.filter((p) => !uniqueGuesses.some((g) => g.input !== undefined && nameTokens(p).join('').includes(g.input)));
  const nothing = uniqueMatches.length === 0 && uniqueGuesses.length === 0;
  const status: MedicationRecognition['status'] = nothing ? 'unrecognised' : uniqueGuesses.length > 0 || parts.length > 0 ? 'uncertain' : 'recognised';
  // The closest guesses only (Clexan → Clexane, 1 edit; not also Celexa, 2), at most five — but a guess that makes
  // the finding critical is never cut off.
  const closest = Math.min(...uniqueGuesses.map((g) => g.distance ?? 0));
  const kept = uniqueGuesses.filter((g) => critical(g) || (g.distance ?? 0) === closest).filter((g, i) => i < 5 || critical(g));
  return { index: position, name, status, matches: uniqueMatches, guesses: kept, unrecognisedParts: nothing ? [name] : parts };
}

/** Recognise every medication of a context. */
export function recogniseMedications(index: MedicationIndex, meds: ReadonlyArray<{ name: string; rxnorm?: string; atc?: string }>): MedicationRecognition[] {
  return meds.map((m, i) => recogniseMedication(index, m, i));
}

/** Whether a guess is at a critical class (a near miss of a VKA name is a critical finding). */
export const isCriticalGuess = critical;
