/**
 * Property tests of the fail-safe rule for misspelled vitamin K antagonists (lib/domain/terminology/medications.ts,
 * lib/domain/report/fail-safe.ts). Every VKA name the vocabulary knows (each index term whose concept is of class
 * vka: ingredients, synonyms, brands, and the interaction entries' own names), misspelled by one or two single-letter
 * edits, must still make the report critical, with no suggested dose and no reassurance in the handout; and no
 * non-VKA medicine of tests/fixtures/medication-strings.ts may ever raise a critical VKA finding.
 */
import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { reassuranceIn } from '@/lib/domain/report/fail-safe';
import { medicationIndex } from '@/lib/domain/report/medications';
import type { ReportBody } from '@/lib/domain/report/types';
import { nameTokens, NON_NAME_WORDS, recogniseMedication } from '@/lib/domain/terminology/medications';
import { MEDICATION_STRINGS } from '../fixtures/medication-strings';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();
const index = medicationIndex(snapshot.interactions, snapshot.medications);

function report(medication: { name: string; rxnorm?: string; atc?: string }): ReportBody {
  const { atc, ...rest } = medication;
  const parsed = parsePatientContext({ age: 60, sex: 'female', goals: ['cardiovascular'], medications: [rest] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  // A PatientContext medication has no ATC field; the recogniser reads one (see medication-strings.test.ts).
  const context = atc === undefined ? parsed.context : { ...parsed.context, medications: parsed.context.medications.map((m) => ({ ...m, atc })) };
  return buildReport(context, snapshot);
}

/** Every VKA name of the index, as curated. */
const VKA_NAMES = [...new Set(index.terms.filter((t) => t.concept.medicationClass === 'vka').map((t) => t.text))];

type Edit = { kind: 'insert' | 'delete' | 'substitute'; at: number; letter: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('insert' as const, 'delete' as const, 'substitute' as const),
  at: fc.nat(),
  letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
});

/** One single-character edit, by code point (a Japanese name is edited a character at a time). */
function applyEdit(text: string, e: Edit): string {
  const chars = [...text];
  if (e.kind === 'insert') {
    const i = e.at % (chars.length + 1);
    return [...chars.slice(0, i), e.letter, ...chars.slice(i)].join('');
  }
  if (chars.length === 0) return text;
  const i = e.at % chars.length;
  return [...chars.slice(0, i), ...(e.kind === 'substitute' ? [e.letter] : []), ...chars.slice(i + 1)].join('');
}

/** A misspelling to keep: 1–2 edits away, at least 3 characters, not a dose word, and not itself a known name or drug. */
function isMisspelling(original: string, typed: string): boolean {
  const d = distance(original, typed);
  if (d < 1 || d > 2 || [...typed].length < 3) return false;
  const key = nameTokens(typed).join(' ');
  if (key.length === 0 || NON_NAME_WORDS.has(key) || index.byKey.has(key) || index.knownWords.has(key)) return false;
  // Not another known drug: an edit that lands on a curated name of another class ("not itself another known drug").
  return !recogniseMedication(index, { name: typed }).matches.some((m) => m.medicationClass !== 'vka');
}

const misspelledVka = fc
  .record({
    original: fc.constantFrom(...VKA_NAMES),
    edits: fc.array(edit, { minLength: 1, maxLength: 2 }),
    dose: fc.constantFrom('', ' 5 mg', ' tablet'),
    upper: fc.boolean(),
  })
  .map(({ original, edits, dose, upper }) => ({ original, typed: edits.reduce(applyEdit, original), dose, upper }))
  .filter(({ original, typed }) => isMisspelling(original, typed))
  .map(({ original, typed, dose, upper }) => ({ original, name: upper ? `${typed}${dose}`.toUpperCase() : `${typed}${dose}` }));

/** The known non-VKA medicines of the table. */
const NON_VKA_KNOWN = MEDICATION_STRINGS.filter((r) => !['vka', 'vka-guess', 'vka-lookalike', 'unrecognised'].includes(r.expect)).map((r) => (typeof r.input === 'string' ? { name: r.input } : r.input));

describe('property: a misspelled VKA is never missed', () => {
  it('has VKA names to misspell (ingredients, synonyms, brands)', () => {
    expect(VKA_NAMES).toEqual(expect.arrayContaining(['warfarin', 'Coumadin', 'Jantoven', 'Marevan', 'acenocoumarol', 'Sintrom', 'phenprocoumon', 'Marcumar', 'Previscan', 'Dindevan']));
  });

  it('a VKA name one or two letters off: a critical finding, no suggested dose, no reassurance in the handout', () => {
    fc.assert(
      fc.property(misspelledVka, ({ name }) => {
        const body = report({ name });
        expect(body.safety.filter((f) => f.severity === 'critical').map((f) => f.code)).not.toEqual([]);
        expect(body.dose.suggestedDailyMcg).toBeNull();
        for (const section of body.handout.sections) expect(reassuranceIn(section.body), `${section.heading}: ${section.body}`).toBeUndefined();
      }),
      { numRuns: 350 },
    );
  });
});

describe('property: a known non-VKA medicine is never a critical VKA finding', () => {
  it('any non-VKA medicine of the table, with or without dose text, in any case', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NON_VKA_KNOWN), fc.constantFrom('', ' 5 mg', ' 1 tablet daily'), fc.boolean(), (medication, dose, upper) => {
        const name = upper ? `${medication.name}${dose}`.toUpperCase() : `${medication.name}${dose}`;
        const body = report({ ...medication, name });
        expect(body.safety.filter((f) => f.code === 'vka-interaction' || (f.code === 'medication-unconfirmed-match' && f.severity === 'critical')).map((f) => f.title)).toEqual([]);
        expect(body.medicationScreening![0]!.matches.filter((m) => m.medicationClass === 'vka')).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
