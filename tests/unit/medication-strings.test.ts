/**
 * The terminology layer against real-world medication strings (tests/fixtures/medication-strings.ts): brands of many
 * countries, misspellings, dose text, salts, all caps, combination products, RxNorm and ATC codes. Each row is
 * checked on its own, through the report engine (buildReport of a minimal context with that one medication):
 *
 *   1. the recognised class is the expected one (the rule of each `expect` is in the fixture's header);
 *   2. a VKA, or a misspelled VKA, is a critical finding and no dose is suggested;
 *   3. nothing that is not a VKA is ever called one: no VKA match, no vka-interaction finding, no VKA near miss;
 *   4. an unrecognised medication is a warning (not screened, or an unconfirmed near miss of its own class) and no dose.
 */
import { describe, expect, it } from 'vitest';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { medicationIndex } from '@/lib/domain/report/medications';
import type { ReportBody } from '@/lib/domain/report/types';
import { MEDICATION_STRINGS, type MedicationInput, type MedicationStringRow } from '../fixtures/medication-strings';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();
const index = medicationIndex(snapshot.interactions, snapshot.medications);

const asMedication = (input: MedicationInput): { name: string; rxnorm?: string; atc?: string } => (typeof input === 'string' ? { name: input } : input);
const label = (row: MedicationStringRow): string => `${row.expect}${row.guess ? ` (guess ${row.guess})` : ''}: ${JSON.stringify(row.input)}${row.note ? ` — ${row.note}` : ''}`;

const reports = new Map<MedicationStringRow, ReportBody>();
/** The report of a minimal context (60, female, cardiovascular) with this one medication; built once per row. */
function reportFor(row: MedicationStringRow): ReportBody {
  const cached = reports.get(row);
  if (cached) return cached;
  const parsed = parsePatientContext({ age: 60, sex: 'female', goals: ['cardiovascular'], medications: [asMedication(row.input)] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  const body = buildReport(parsed.context, snapshot);
  reports.set(row, body);
  return body;
}
const screeningOf = (row: MedicationStringRow) => reportFor(row).medicationScreening![0]!;

const VKA_ROWS = MEDICATION_STRINGS.filter((r) => r.expect === 'vka' || r.expect === 'vka-guess');
const NON_VKA_ROWS = MEDICATION_STRINGS.filter((r) => r.expect !== 'vka' && r.expect !== 'vka-guess' && r.expect !== 'vka-lookalike');
const LOOKALIKE_ROWS = MEDICATION_STRINGS.filter((r) => r.expect === 'vka-lookalike');
const UNRECOGNISED_ROWS = MEDICATION_STRINGS.filter((r) => r.expect === 'unrecognised');
const each = (rows: readonly MedicationStringRow[]) => rows.map((row) => [label(row), row] as const);

describe('the table of medication strings', () => {
  it('has at least 250 rows, each input once, every class covered', () => {
    expect(MEDICATION_STRINGS.length).toBeGreaterThanOrEqual(250);
    const inputs = MEDICATION_STRINGS.map((r) => JSON.stringify(r.input));
    expect(inputs.filter((s, i) => inputs.indexOf(s) !== i)).toEqual([]);
    const classes = new Set(MEDICATION_STRINGS.map((r) => r.expect));
    for (const c of ['vka', 'doac', 'antiplatelet', 'heparin', 'antibiotic', 'antibiotic-nmtt', 'lipase-inhibitor', 'bile-acid-sequestrant', 'mineral-oil', 'no-known-interaction', 'vka-guess', 'unrecognised'] as const) expect(classes).toContain(c);
    // `guess` is only for a misspelled non-VKA (an unrecognised row).
    expect(MEDICATION_STRINGS.filter((r) => r.guess !== undefined && r.expect !== 'unrecognised')).toEqual([]);
  });

  it('uses only RxNorm codes that content/ lists, and well-formed ATC codes', () => {
    const rxnorm = MEDICATION_STRINGS.flatMap((r) => {
      const m = asMedication(r.input);
      const onlyCode = /^\s*(?:rx\s*cui|rxnorm)?\s*:?\s*(\d{1,10})\s*$/i.exec(m.name);
      return [...(m.rxnorm !== undefined ? [m.rxnorm] : []), ...(onlyCode ? [onlyCode[1]!] : [])];
    });
    expect(rxnorm.length).toBeGreaterThan(10);
    expect(rxnorm.filter((code) => !index.rxnorm.has(code))).toEqual([]);
    const atc = MEDICATION_STRINGS.flatMap((r) => {
      const m = asMedication(r.input);
      const inName = /^(?:ATC\s+)?([A-V]\d{2}[A-Z]{2}(?:\d{2})?)$/.exec(m.name);
      return [...(m.atc !== undefined ? [m.atc] : []), ...(inName ? [inName[1]!] : [])];
    });
    expect(atc.length).toBeGreaterThan(10);
    for (const code of atc) expect(code).toMatch(/^[A-V]\d{2}[A-Z]{2}(?:\d{2})?$/);
  });
});

describe('recognised class', () => {
  it.each(each(MEDICATION_STRINGS))('%s', (_label, row) => {
    const s = screeningOf(row);
    const matchClasses = [...new Set(s.matches.map((m) => m.medicationClass))];
    if (row.expect === 'vka-guess' || row.expect === 'vka-lookalike') {
      // A misspelled VKA: never a match, always a near miss of a VKA.
      expect(s.matches).toEqual([]);
      expect(s.status).toBe('uncertain');
      expect(s.guesses.map((g) => g.medicationClass)).toContain('vka');
    } else if (row.expect === 'unrecognised') {
      expect(s.matches).toEqual([]);
      if (row.guess !== undefined) {
        expect(s.guesses.length).toBeGreaterThan(0);
        expect([...new Set(s.guesses.map((g) => g.medicationClass))]).toEqual([row.guess]);
      } else {
        expect(s.status).toBe('unrecognised');
        expect(s.guesses).toEqual([]);
      }
    } else {
      expect({ status: s.status, classes: matchClasses }).toEqual({ status: 'recognised', classes: [row.expect] });
    }
  });
});

describe('a VKA or a misspelled VKA: a critical finding and no dose', () => {
  it.each(each(VKA_ROWS))('%s', (_label, row) => {
    const body = reportFor(row);
    const critical = body.safety.filter((f) => f.severity === 'critical').map((f) => f.code);
    // A VKA is critical whether it was matched (vka-interaction) or only guessed; a misspelled one is always the guess.
    if (row.expect === 'vka') expect(critical).not.toEqual([]);
    else expect(critical).toContain('medication-unconfirmed-match');
    expect(body.dose.suggestedDailyMcg).toBeNull();
    expect(body.dose.form).toBeNull();
    expect(['avoid', 'discuss']).toContain(body.dose.recommendation);
  });
});

describe('a non-VKA is never called a VKA', () => {
  it.each(each(NON_VKA_ROWS))('%s', (_label, row) => {
    const body = reportFor(row);
    const s = body.medicationScreening![0]!;
    expect(s.matches.filter((m) => m.medicationClass === 'vka')).toEqual([]);
    expect(s.guesses.filter((g) => g.medicationClass === 'vka').map((g) => g.matchedText)).toEqual([]);
    expect(body.safety.map((f) => f.code)).not.toContain('vka-interaction');
    expect(body.safety.filter((f) => f.code === 'medication-unconfirmed-match' && f.severity === 'critical').map((f) => f.title)).toEqual([]);
  });
});

describe('a VKA look-alike that is not in the vocabulary: never a VKA match, but the fail-safe rule asks to confirm it', () => {
  it.each(each(LOOKALIKE_ROWS))('%s', (_label, row) => {
    const body = reportFor(row);
    expect(body.medicationScreening![0]!.matches).toEqual([]);
    expect(body.safety.map((f) => f.code)).not.toContain('vka-interaction');
    expect(body.safety.filter((f) => f.code === 'medication-unconfirmed-match').map((f) => f.severity)).toEqual(['critical']);
    expect(body.dose.suggestedDailyMcg).toBeNull();
  });
});

describe('an unrecognised medication: a warning and no dose', () => {
  it.each(each(UNRECOGNISED_ROWS))('%s', (_label, row) => {
    const body = reportFor(row);
    const code = row.guess !== undefined ? 'medication-unconfirmed-match' : 'medication-not-screened';
    expect(body.safety.filter((f) => f.code === code).map((f) => f.severity)).toEqual(['warning']);
    expect(body.dose).toMatchObject({ recommendation: 'discuss', suggestedDailyMcg: null, form: null });
  });
});
