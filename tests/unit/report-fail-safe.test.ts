/**
 * The fail-safe rule (lib/domain/report/fail-safe.ts), walked through every place a report speaks: the summary, the
 * safety findings, the dose framing, the diet, the goals, the claims, the handout, the CDS Hooks cards (both hooks)
 * and the PDFs (clinician and handout, text extracted). For any context with a medication that could not be checked
 * — unrecognised, or a near miss of a known name — the report suggests no dose, and nothing in it reassures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCards } from '@/lib/domain/cds/cards';
import { parsePatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { DOSE_SUGGESTION, isUnsure, REASSURANCE, reassuranceIn } from '@/lib/domain/report/fail-safe';
import { medicationIndex } from '@/lib/domain/report/medications';
import type { ReportBody } from '@/lib/domain/report/types';
import { GOALS } from '@/lib/domain/vocabulary';
import { registerPdfFonts } from '@/lib/pdf/register-fonts';
import { renderReportPdf } from '@/lib/pdf/render-pdf';
import { contentSnapshot } from '../support/content-snapshot';
import { pdfText } from '../support/pdf';

registerPdfFonts();
const snapshot = contentSnapshot();
const index = medicationIndex(snapshot.interactions, snapshot.medications);

function build(input: Partial<PatientContextInput>): ReportBody {
  const parsed = parsePatientContext({ age: 55, sex: 'female', goals: ['cardiovascular'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return buildReport(parsed.context, snapshot);
}

/** Every text of a report a person reads, with where it comes from. */
function spokenTexts(body: ReportBody): Array<[where: string, text: string]> {
  const out: Array<[string, string]> = [
    ['summary.headline', body.summary.headline],
    ['summary.bottomLine', body.summary.bottomLine],
    ...body.safety.flatMap((s, i): Array<[string, string]> => [
      [`safety[${i}].title`, s.title],
      [`safety[${i}].detail`, s.detail],
    ]),
    ...body.dose.notes.map((n, i): [string, string] => [`dose.notes[${i}]`, n]),
    ...body.diet.notes.map((n, i): [string, string] => [`diet.notes[${i}]`, n]),
    ...body.goals.map((g, i): [string, string] => [`goals[${i}].statement`, g.statement]),
    ...body.claims.map((c, i): [string, string] => [`claims[${i}].correction`, c.correction]),
    ...body.productQuality.map((q, i): [string, string] => [`productQuality[${i}]`, q.detail]),
    ['handout.title', body.handout.title],
    ...body.handout.sections.map((s, i): [string, string] => [`handout.sections[${i}] ${s.heading}`, s.body]),
  ];
  for (const service of ['k2-patient-view', 'k2-order-select'] as const) {
    let n = 0;
    const cards = buildCards({
      service,
      report: body,
      vitaminKOrders: service === 'k2-order-select' ? [{ ref: 'MedicationRequest/k2', text: 'Vitamin K2 MK-7 90 mcg' }] : [],
      reportUrl: 'https://k2.example/reports/new?draft=x',
      appUrl: 'https://k2.example',
      newId: () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
    });
    cards.forEach((c, i) => out.push([`${service} card ${i} summary`, c.summary], [`${service} card ${i} detail`, c.detail ?? '']));
  }
  return out;
}

function expectFailSafe(body: ReportBody, medicationName: string): void {
  expect(isUnsure(body.safety)).toBe(true);
  expect(body.safety.some((s) => (s.code === 'medication-not-screened' || s.code === 'medication-unconfirmed-match') && s.severity !== 'info')).toBe(true);
  expect(['discuss', 'avoid']).toContain(body.dose.recommendation);
  expect(body.dose.suggestedDailyMcg).toBeNull();
  expect(body.dose.form).toBeNull();
  for (const [where, text] of spokenTexts(body)) expect(reassuranceIn(text), `${where}: ${text}`).toBeUndefined();
  // The handout names what could not be checked (as typed, clipped at 40 characters) and says to ask first.
  const safety = body.handout.sections.find((s) => s.heading === 'Is it safe for you?')!.body;
  const shown = medicationName.trim().length > 40 ? medicationName.trim().slice(0, 37) : medicationName.trim();
  expect(safety).toContain(shown);
  expect(safety).toMatch(/Do not start K2 until/);
}

/** A made-up medicine name, far from every curated name (no near miss): letters of a syllable alphabet. */
const unknownName = fc
  .array(fc.constantFrom('zor', 'bex', 'qua', 'dri', 'lom', 'vy', 'tul', 'gex', 'pran', 'kiv', 'ot', 'ux'), { minLength: 3, maxLength: 5 })
  .map((parts) => parts.join(''))
  .filter((name) => index.knownWords.has(name) === false && buildMedicationsOnly(name).status === 'unrecognised');
function buildMedicationsOnly(name: string) {
  return buildReport(parsePatientContextOrThrow({ age: 40, sex: 'male', goals: ['general'], medications: [{ name }] }), snapshot).medicationScreening![0]!;
}
function parsePatientContextOrThrow(input: unknown) {
  const parsed = parsePatientContext(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

const doseText = fc.constantFrom('', ' 5 mg', ' 40mg tablet', ' 1 tab daily', ' 100 MG ORAL TABLET', ' (patient reported)');
/** The rest of a context: every goal, pregnancy or not, any age, known medicines beside the unknown one. */
const restOfContext = fc.record({
  age: fc.integer({ min: 0, max: 100 }),
  sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const),
  goals: fc.uniqueArray(fc.constantFrom(...GOALS), { minLength: 1, maxLength: 5 }),
  known: fc.subarray(['apixaban 5 mg', 'aspirin 81 mg', 'atorvastatin 40 mg', 'metformin 500 mg', 'levothyroxine', 'enoxaparin 40 mg', 'amoxicillin'], { maxLength: 3 }),
  natto: fc.option(fc.constantFrom('never' as const, 'weekly' as const, 'daily' as const), { nil: undefined }),
});

describe('fail-safe: a medication that could not be checked', () => {
  it('property: any context with an unrecognised medication suggests no dose, and nothing it says reassures', () => {
    fc.assert(
      fc.property(unknownName, doseText, restOfContext, fc.boolean(), (name, dose, rest, caps) => {
        const medication = caps ? `${name}${dose}`.toUpperCase() : `${name}${dose}`;
        const body = build({
          age: rest.age,
          sex: rest.sex,
          goals: rest.goals,
          medications: [...rest.known.map((n) => ({ name: n })), { name: medication }],
          ...(rest.natto ? { diet: { pattern: 'omnivore', natto: rest.natto, hardCheese: 'weekly', eggs: 'weekly', leafyGreens: 'weekly' } } : {}),
        });
        expectFailSafe(body, medication);
        expect(body.safety.find((s) => s.code === 'medication-not-screened')?.severity).toBe('warning');
        expect(body.medicationScreening!.at(-1)!.status).toBe('unrecognised');
      }),
      { numRuns: 150 },
    );
  });

  it('the issue’s case: "Jantovan 5 mg" is a critical finding naming Jantoven (warfarin), no dose, no reassurance', () => {
    const body = build({ age: 67, sex: 'female', medications: [{ name: 'Jantovan 5 mg' }] });
    const finding = body.safety[0]!;
    expect(finding).toMatchObject({ code: 'medication-unconfirmed-match', severity: 'critical' });
    expect(finding.title).toBe('"Jantovan 5 mg" looks like Jantoven (warfarin): confirm before any vitamin K advice');
    expect(body.summary.headline).toBe(finding.title);
    expectFailSafe(body, 'Jantovan 5 mg');
    expect(body.medicationScreening![0]).toMatchObject({ status: 'uncertain', matches: [], guesses: [expect.objectContaining({ how: 'fuzzy', matchedText: 'Jantoven', ingredient: 'warfarin', medicationClass: 'vka', distance: 1 })] });
    // On order-select (vitamin K being ordered) the card stays critical.
    const cards = buildCards({ service: 'k2-order-select', report: body, vitaminKOrders: [{ ref: 'MedicationRequest/k2', text: 'MK-7' }], reportUrl: 'https://x/r', appUrl: 'https://x', newId: () => crypto.randomUUID() });
    expect(cards[0]).toMatchObject({ indicator: 'critical' });
    expect(cards[0]!.summary).toContain('Jantoven (warfarin)');
  });

  it('a combination product with an unknown part is unsure: "clopidogrel + zorbexitol"', () => {
    const body = build({ medications: [{ name: 'clopidogrel + zorbexitol 75/10 mg' }] });
    expect(body.medicationScreening![0]).toMatchObject({ status: 'uncertain', unrecognisedParts: ['zorbexitol 75'] });
    expectFailSafe(body, 'clopidogrel + zorbexitol 75/10 mg');
  });

  it('the PDFs (clinician and handout) carry the finding and no reassurance', async () => {
    const body = build({ medications: [{ name: 'Jantovan 5 mg' }, { name: 'Zorbexitol 40 mg' }] });
    const report = { id: '3f2b6c1e-8d4a-4c3b-9a55-0c1d2e3f4a5b', createdAt: '2026-12-02T10:00:00.000Z', ...body };
    for (const variant of ['clinician', 'handout'] as const) {
      const { bytes } = await renderReportPdf(report, variant, 'a4');
      const { text } = await pdfText(bytes);
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toMatch(/Jantovan/);
      expect(flat).toMatch(/Zorbexitol/);
      for (const pattern of [...REASSURANCE, ...DOSE_SUGGESTION]) expect(flat, `${variant}: ${pattern}`).not.toMatch(pattern);
    }
  }, 30_000);

  it('control: a fully recognised context keeps its reassurance and conservative dose (the checks can fail)', () => {
    const body = build({ medications: [{ name: 'Eliquis 5 mg twice daily' }] });
    expect(isUnsure(body.safety)).toBe(false);
    expect(body.dose).toMatchObject({ recommendation: 'conservative', suggestedDailyMcg: 90 });
    const texts = spokenTexts(body).map(([, t]) => t);
    expect(texts.some((t) => reassuranceIn(t) !== undefined)).toBe(true);
  });
});
