/**
 * Issue 13, "Errors to correct": each test failed against the rules before the correction (rules-2026.12.1).
 * Fixture patients: tests/fixtures/clinical-rules/.
 */
import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { readingGrade } from '@/lib/domain/report/readability';
import cmlPatient from '../fixtures/clinical-rules/cml-on-dasatinib.json';
import mk7High from '../fixtures/clinical-rules/mk7-1000-mcg.json';
import warfarinNatto from '../fixtures/clinical-rules/warfarin-weekly-natto.json';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();
const parse = (input: unknown): PatientContext => {
  const r = parsePatientContext(input as PatientContextInput);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.context;
};
const sentences = (text: string): string[] => text.split(/(?<=[.!?])\s+/).filter(Boolean);
const handoutSafety = (c: PatientContext): string => buildReport(c, snapshot).handout.sections.find((s) => s.heading === 'Is it safe for you?')!.body;

describe('error 1: natto on a vitamin K antagonist is to be avoided (greens kept steady)', () => {
  const report = buildReport(parse(warfarinNatto), snapshot);
  const vka = report.safety.find((s) => s.code === 'vka-interaction')!;

  it('the safety finding tells a natto eater to avoid natto, and why (850 mcg MK-7 per serving, lasting days)', () => {
    expect(vka.severity).toBe('critical');
    expect(vka.detail).toMatch(/avoid natto/i);
    expect(vka.detail).not.toMatch(/starting natto/);
    expect(vka.detail).toMatch(/850 mcg/);
  });

  it('the diet section says to avoid natto and keep greens steady, never to keep natto consistent', () => {
    const notes = report.diet.notes.join(' ');
    expect(notes).toMatch(/avoid natto/i);
    expect(notes).toMatch(/leafy greens[^.]*steady/i);
    expect(notes).not.toMatch(/keep the pattern consistent/i);
  });

  it('the handout says not to eat natto, keeps the greens the same, and is plain (grade ≤ 6 for those lines)', () => {
    const text = handoutSafety(parse(warfarinNatto));
    expect(text).not.toMatch(/Keep the natto/);
    const natto = sentences(text).filter((s) => /natto|greens/i.test(s));
    expect(natto.join(' ')).toMatch(/Do not eat natto/);
    expect(natto.join(' ')).toMatch(/greens/);
    expect(readingGrade(natto.join(' '))).toBeLessThanOrEqual(6);
  });

  it('a VKA patient who never eats natto is told not to eat it either, and a non-VKA patient is not', () => {
    const never = parse({ ...warfarinNatto, diet: { ...warfarinNatto.diet, natto: 'never' } });
    expect(handoutSafety(never)).toMatch(/Do not eat natto/);
    const noVka = parse({ ...warfarinNatto, medications: [{ name: 'apixaban 5 mg twice daily' }] });
    expect(handoutSafety(noVka)).not.toMatch(/natto/i);
  });
});

describe('error 6: MK-7 in mcg above every trial dose is named as such, not as a likely mg/mcg mix-up', () => {
  const report = buildReport(parse(mk7High), snapshot);
  const finding = report.safety.find((s) => s.code === 'mk4-pharmacologic-dose')!;

  it('says "above every daily dose studied in trials (up to N mcg)" with the highest MK-7 trial dose of the evidence', () => {
    expect(finding.detail).not.toMatch(/most likely a mg\/mcg mix-up/);
    expect(finding.title).not.toMatch(/mix-up/);
    expect(finding.detail).toMatch(/above every daily dose studied in trials \(up to 720 mcg\)/);
    expect(finding.detail).toMatch(/Check the label unit/);
    expect(JSON.stringify(report.dose)).toMatch(/The MK-7 amount is above every daily dose studied in trials: check the label unit/);
    expect(JSON.stringify(report.dose)).not.toMatch(/mix-up/);
  });

  it('the handout says the same in plain words', () => {
    const text = handoutSafety(parse(mk7High));
    const line = sentences(text).filter((s) => /studies|label|mg|mcg/i.test(s)).join(' ');
    expect(line).not.toMatch(/mix-up/);
    expect(line).toMatch(/more than any dose tested in studies/);
    expect(readingGrade(line)).toBeLessThanOrEqual(6);
  });

  it('an MK-4 drug-level dose keeps its own wording', () => {
    const mk4 = buildReport(parse({ ...mk7High, supplements: [{ kind: 'k2-mk4', amount: 45, unit: 'mg' }] }), snapshot);
    expect(mk4.safety.find((s) => s.code === 'mk4-pharmacologic-dose')!.title).toMatch(/MK-4 at a pharmacologic/);
  });
});

describe('error 2: blood cancers — no controlled human evidence, so the verdict is not-supported', () => {
  const report = buildReport(parse(cmlPatient), snapshot);
  const goal = report.goals.find((g) => g.goal === 'blood-cancer')!;

  it('the verdict is not-supported, matching the claims registry, and the trace names the rule', () => {
    expect(goal.verdict).toBe('not-supported');
    const registry = snapshot.claims.find((c) => c.id === 'k2-d3-prevent-leukaemia');
    expect(registry?.verdict).toBe('unsupported');
  });

  it('the handout says plainly there is no proof, not "we do not know yet"', () => {
    const text = report.handout.sections.map((s) => s.body).join('\n');
    expect(text).not.toMatch(/We do not know yet if K2 helps/);
    expect(text).toMatch(/There is no proof that K2 prevents or treats blood cancer\./);
    expect(readingGrade('There is no proof that K2 prevents or treats blood cancer.')).toBeLessThanOrEqual(6);
  });

  it('a goal with randomised evidence is not turned into not-supported by the rule (bone stays as it was)', () => {
    const bone = buildReport(parse({ ...cmlPatient, goals: ['bone'] }), snapshot).goals[0]!;
    expect(bone.verdict).not.toBe('not-supported');
  });
});

describe('error 2 (the correction’s evidence): the uncontrolled MDS series is curated and cited, not only the single case report', () => {
  const report = buildReport(parse(cmlPatient), snapshot);
  const goal = report.goals.find((g) => g.goal === 'blood-cancer')!;

  it('the evidence holds an uncontrolled case series of more than one MDS patient at the MK-4 drug dose', () => {
    const series = snapshot.trials.filter((t) => t.design === 'case-series' && t.goals.includes('blood-cancer') && (t.population.n ?? 0) > 1);
    expect(series.map((t) => t.id)).toContain('abe-2002-mk4-mds-series');
    const abe = series.find((t) => t.id === 'abe-2002-mk4-mds-series')!;
    expect(abe).toMatchObject({ intervention: { form: 'MK-4', doseAmount: 45, doseUnit: 'mg' }, comparator: expect.stringMatching(/none/) });
    expect(abe.outcomes[0]!.result).toMatch(/6 of the 13/);
  });

  it('the leukaemia claim, the blood-cancer goal and the dose note cite it', () => {
    const claim = snapshot.claims.find((c) => c.id === 'k2-d3-prevent-leukaemia')!;
    expect(claim.citations).toContainEqual({ kind: 'trial', id: 'abe-2002-mk4-mds-series' });
    expect(goal.trials.map((t) => t.trialId)).toContain('abe-2002-mk4-mds-series');
    expect(report.references.find((r) => r.id === 'trial:abe-2002-mk4-mds-series')?.verification).toBe('unverified');
  });
});

describe('error 5: every verified entry has a DOI or PMID; one without is marked unverified wherever it is cited', () => {
  const isJournalSource = (s: (typeof snapshot.sources)[number]): boolean => ['review', 'other', 'analysis'].includes(s.kind) && !!s.citation.journal && !s.citation.url;

  it('every verified trial has a DOI or a PMID', () => {
    const missing = snapshot.trials.filter((t) => t.verification.status === 'verified' && !t.citation.doi && !t.citation.pmid).map((t) => t.id);
    expect(missing).toEqual([]);
  });

  it('every verified journal source has a DOI or a PMID', () => {
    const missing = snapshot.sources.filter((s) => s.verification.status === 'verified' && isJournalSource(s) && !s.citation.doi && !s.citation.pmid).map((s) => s.id);
    expect(missing).toEqual([]);
  });

  it('Shiraki 2000 (no DOI or PMID confirmed) is unverified, and the bone report says so in its reference list', () => {
    expect(snapshot.trials.find((t) => t.id === 'shiraki-2000')!.verification.status).toBe('unverified');
    const bone = buildReport(parse({ ...cmlPatient, goals: ['bone'] }), snapshot);
    expect(bone.references.find((r) => r.id === 'trial:shiraki-2000')?.verification).toBe('unverified');
  });
});
