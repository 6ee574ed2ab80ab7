import { describe, expect, it } from 'vitest';
import type { MedicationEntryData } from '@/lib/domain/evidence/schemas';
import { medicationIndex } from '@/lib/domain/report/medications';
import { buildMedicationIndex, recogniseMedication } from '@/lib/domain/terminology/medications';
import { didYouMean, medicationLabel, suggestionCountText, suggestMedications } from '@/lib/domain/terminology/suggest';
import { contentSnapshot } from '../support/content-snapshot';
import { MEDICATION_STRINGS } from '../fixtures/medication-strings';

const interactions = contentSnapshot().interactions;
const index = medicationIndex(interactions, []);
const labels = (query: string, limit?: number) => suggestMedications(index, query, limit).map((s) => s.label);

/** A vocabulary entry as the content files have it (only the fields the index reads matter here). */
function entry(id: string, ingredient: string, medicationClass: MedicationEntryData['medicationClass'], names: { synonyms?: string[]; brands?: string[]; interactionId?: string }): MedicationEntryData {
  return {
    id,
    ingredient,
    medicationClass,
    ...(names.interactionId ? { interactionId: names.interactionId } : {}),
    synonyms: names.synonyms ?? [],
    brands: (names.brands ?? []).map((name) => ({ name, countries: ['US'], status: 'checked', checkedIn: 'test' })),
    rxnorm: { ingredients: [], clinicalDrugs: [], brandedDrugs: [] },
    atc: [],
    citations: [],
    verification: {},
  } as unknown as MedicationEntryData;
}

describe('suggestMedications: prefix matches', () => {
  it('suggests a brand from its first letters, with the ingredient in brackets and the name as the value', () => {
    const [first, ...rest] = suggestMedications(index, 'Jant');
    expect(first).toEqual({ label: 'Jantoven (warfarin)', value: 'Jantoven', ingredient: 'Warfarin', medicationClass: 'vka', term: 'brand', match: 'prefix' });
    expect(rest).toEqual([]);
  });

  it('ignores case and accents', () => {
    expect(labels('JANT')).toEqual(['Jantoven (warfarin)']);
    expect(labels('jánt')).toEqual(['Jantoven (warfarin)']);
    expect(labels('ÉLIQ')).toEqual(['Eliquis (apixaban)']);
  });

  it('lists the ingredient first, then brands, then the longer names, all of the same word start', () => {
    const found = suggestMedications(index, 'war');
    expect(found[0]).toMatchObject({ label: 'warfarin', term: 'ingredient', match: 'prefix' });
    expect(found.map((s) => s.label)).toEqual(expect.arrayContaining(['Waran (warfarin)', 'warfarin sodium (warfarin)', 'warfarine (warfarin)']));
    expect(found.every((s) => s.match === 'prefix')).toBe(true);
  });

  it('matches at the start of any word, the first word first, and several words in order', () => {
    expect(labels('sodium')).toContain('warfarin sodium (warfarin)');
    expect(labels('warf sod')).toEqual(['warfarin sodium (warfarin)', 'warfarin sodium clathrate (warfarin)']);
    expect(labels('sod warf')).toEqual([]);
    expect(labels('questran')).toEqual(['Questran', 'Questran Light']);
  });

  it('puts the name typed in full before longer names that start with it', () => {
    expect(labels('questran light')).toEqual(['Questran Light']);
    expect(labels('aspirin')[0]).toBe('aspirin');
  });

  it('respects the limit, and answers nothing for an empty query or a limit of 0', () => {
    expect(labels('a')).toHaveLength(8);
    expect(labels('a', 3)).toHaveLength(3);
    expect(labels('a', 0)).toEqual([]);
    expect(labels('   ')).toEqual([]);
    expect(labels('%%')).toEqual([]);
  });

  it('does not put an interaction entry’s description in brackets', () => {
    expect(suggestMedications(index, 'Augm')[0]).toMatchObject({ label: 'Augmentin', value: 'Augmentin', ingredient: 'Antibiotics taken for a long course', term: 'brand' });
  });
});

describe('suggestMedications: near misses', () => {
  it('offers Jantoven for "Jantovan" as a did-you-mean with its distance', () => {
    expect(suggestMedications(index, 'Jantovan')).toEqual([{ label: 'Jantoven (warfarin)', value: 'Jantoven', ingredient: 'Warfarin', medicationClass: 'vka', term: 'brand', match: 'fuzzy', distance: 1 }]);
  });

  it('ignores dose words and numbers when looking for a near miss', () => {
    expect(suggestMedications(index, 'Jantovan 5 mg tablet')[0]).toMatchObject({ value: 'Jantoven', match: 'fuzzy', distance: 1 });
    expect(suggestMedications(index, 'apixabn')[0]).toMatchObject({ value: 'apixaban', match: 'fuzzy', distance: 1 });
  });

  it('finds a name written apart at distance 0', () => {
    expect(suggestMedications(index, 'war farin')[0]).toMatchObject({ value: 'warfarin', match: 'fuzzy', distance: 0 });
  });

  it('stays within the matcher’s threshold: short queries and far words get nothing', () => {
    expect(labels('xyzzyq')).toEqual([]);
    expect(labels('wxr')).toEqual([]);
  });

  it('lists prefix matches before near misses, closest first', () => {
    const found = suggestMedications(index, 'warfarn');
    expect(found.length).toBeGreaterThan(0);
    const kinds = found.map((s) => s.match);
    expect(kinds.indexOf('fuzzy')).toBe(kinds.includes('prefix') ? kinds.lastIndexOf('prefix') + 1 : 0);
    const distances = found.filter((s) => s.match === 'fuzzy').map((s) => s.distance!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(found[0]).toMatchObject({ label: 'warfarin', match: 'fuzzy', distance: 1 });
  });
});

describe('suggestMedications: one list, stable', () => {
  it('names each label once when the vocabulary and an interaction entry both list a name', () => {
    const vocabulary = [entry('med-warfarin', 'warfarin', 'vka', { interactionId: 'warfarin', synonyms: ['warfarin sodium', 'warfarine'], brands: ['Coumadin', 'Jantoven', 'Marevan'] })];
    const both = buildMedicationIndex(vocabulary, interactions);
    const found = suggestMedications(both, 'jant');
    expect(found.map((s) => s.label)).toEqual(['Jantoven (warfarin)']);
    const war = suggestMedications(both, 'war', 20).map((s) => s.label);
    expect(new Set(war).size).toBe(war.length);
    expect(war[0]).toBe('warfarin');
  });

  it('gives the same answer every time, in the same order', () => {
    for (const q of ['a', 'war', 'c', 'Jantovan', 'cef']) expect(suggestMedications(index, q)).toEqual(suggestMedications(index, q));
  });

  it('answers in well under 50 ms at p95 on a vocabulary of a few thousand names', () => {
    // 800 synthetic ingredients × (1 + 2 synonyms + 3 brands) ≈ 4,800 names, plus the interaction entries'.
    const syllables = ['ba', 'co', 'da', 'fe', 'ga', 'hi', 'ka', 'lo', 'ma', 'ne', 'pi', 'ra', 'si', 'to', 'vu', 'xa', 'zo', 'tri', 'mel', 'dor'];
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = (n: number): string => Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]).join('');
    const vocabulary = Array.from({ length: 800 }, (_, i) => {
      const ingredient = `${word(3)}${i}`.replace(/\d+$/, (d) => syllables[Number(d) % 20]!);
      return entry(`med-synthetic-${i}`, ingredient, 'no-known-interaction', { synonyms: [`${ingredient} sodium`, `${ingredient}e`], brands: [word(3), word(2), `${word(2)} Forte`] });
    });
    const big = buildMedicationIndex(vocabulary, interactions);
    expect(big.terms.length).toBeGreaterThan(4000);
    const queries = Array.from({ length: 300 }, (_, i) => {
      const t = big.terms[(i * 37) % big.terms.length]!.text;
      return i % 3 === 0 ? t.slice(0, 3) : i % 3 === 1 ? `${t.slice(0, -1)}x` : t.slice(0, 1);
    });
    suggestMedications(big, 'warm-up'); // the per-index preparation is built once, here
    const times = queries.map((q) => {
      const start = performance.now();
      suggestMedications(big, q);
      return performance.now() - start;
    });
    times.sort((a, b) => a - b);
    const p95 = times[Math.ceil(0.95 * times.length) - 1]!;
    console.log(`[suggest] p95 ${p95.toFixed(3)} ms over ${times.length} queries on ${big.terms.length} names`);
    expect(p95).toBeLessThan(50);
  });
});

describe('didYouMean', () => {
  it('offers the near miss of an uncertain name, replacing only the mistyped word', () => {
    expect(didYouMean(recogniseMedication(index, { name: 'Jantovan' }))).toEqual({ label: 'Jantoven (warfarin)', value: 'Jantoven', text: 'Did you mean Jantoven (warfarin)?' });
    expect(didYouMean(recogniseMedication(index, { name: 'jantovan 5 mg daily' }))).toMatchObject({ value: 'Jantoven 5 mg daily' });
  });

  it('offers nothing for a recognised name, nothing for a name that matched nothing', () => {
    expect(didYouMean(recogniseMedication(index, { name: 'Jantoven 5 mg' }))).toBeNull();
    expect(didYouMean(recogniseMedication(index, { name: 'qwzxvbnm' }))).toBeNull();
  });

  it('labels like the suggestions', () => {
    expect(medicationLabel('Jantoven', { conceptId: 'interaction:warfarin', ingredient: 'Warfarin' })).toBe('Jantoven (warfarin)');
    expect(medicationLabel('Jantoven', { conceptId: 'med-warfarin', ingredient: 'warfarin' })).toBe('Jantoven (warfarin)');
    expect(medicationLabel('warfarin', { conceptId: 'med-warfarin', ingredient: 'warfarin' })).toBe('warfarin');
  });
});

describe('suggestionCountText', () => {
  it('counts', () => {
    expect([0, 1, 5].map(suggestionCountText)).toEqual(['No suggestions', '1 suggestion', '5 suggestions']);
  });
});

describe('the picker and the report engine agree on near misses (one rule: nearMissDistance)', () => {
  const snap = contentSnapshot();
  const full = medicationIndex(snap.interactions, snap.medications);
  const singleWords = MEDICATION_STRINGS.filter((r) => r.expect === 'vka-guess' && typeof r.input === 'string' && /^\p{L}+$/u.test(r.input)).map((r) => r.input as string);
  it.each(singleWords)('%s: the report\'s best VKA guess is among the picker\'s "did you mean" suggestions', (input) => {
    const best = recogniseMedication(full, { name: input }).guesses.find((g) => g.medicationClass === 'vka')!;
    expect(best).toBeDefined();
    const fuzzy = suggestMedications(full, input, 20).filter((s) => s.match === 'fuzzy');
    expect(fuzzy.map((s) => s.value)).toContain(best.matchedText);
  });
  it('has single-word misspelt VKAs to check', () => expect(singleWords.length).toBeGreaterThan(5));
  it('a short VKA brand two plain edits off (an adjacent swap): both offer it ("Waarn" → Waran)', () => {
    expect(recogniseMedication(full, { name: 'Waarn' }).guesses.map((g) => g.matchedText)).toContain('Waran');
    expect(suggestMedications(full, 'Waarn', 20).filter((s) => s.match === 'fuzzy').map((s) => s.value)).toContain('Waran');
  });
});
