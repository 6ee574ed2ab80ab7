/**
 * Issue 13, error 4 (children): the vitamin D upper level and the vitamin K Adequate Intake by age band, as data
 * (lib/domain/report/reference-intakes.ts; IOM 2011 and FNB 2001 as tabulated by NIH ODS). Before rules-2026.12.3 a
 * 6-year-old on 3,500 IU/day got no vitamin D finding (the adult 4,000 IU was applied at every age) and the vitamin K
 * target was "below 60 mcg/day". Fixture patients: tests/fixtures/clinical-rules/.
 */
import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { adequateIntakeMcg } from '@/lib/domain/report/dose';
import { readingGrade } from '@/lib/domain/report/readability';
import { VITAMIN_D_UL_BANDS, VITAMIN_K_AI_CHILD_BANDS, childVitaminKAdequateIntake, vitaminDUpperLimit } from '@/lib/domain/report/reference-intakes';
import child6 from '../fixtures/clinical-rules/child-6-vitamin-d-3500.json';
import infant from '../fixtures/clinical-rules/infant-vitamin-d-1200.json';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();
const parse = (input: unknown): PatientContext => {
  const r = parsePatientContext(input as PatientContextInput);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.context;
};

describe('the age bands are complete and match the published tables', () => {
  it('vitamin D UL: 1,000 (under 1), 2,500 (1–3), 3,000 (4–8), 4,000 (9 and over), IU/day', () => {
    expect([0, 1, 3, 4, 8, 9, 18, 19, 70].map((age) => vitaminDUpperLimit(age).iu)).toEqual([1000, 2500, 2500, 3000, 3000, 4000, 4000, 4000, 4000]);
  });

  it('vitamin K AI for children: 2 (under 1), 30 (1–3), 55 (4–8), 60 (9–13), 75 (14–18) mcg/day; none from 19', () => {
    expect([0, 1, 3, 4, 8, 9, 13, 14, 18].map((age) => childVitaminKAdequateIntake(age)?.mcg)).toEqual([2, 30, 30, 55, 55, 60, 60, 75, 75]);
    expect(childVitaminKAdequateIntake(19)).toBeNull();
    expect(adequateIntakeMcg({ age: 6, sex: 'male', pregnancy: 'none' }).label).toBe('55 mcg/day (4–8 years)');
  });

  it('every whole-year age from 0 to 120 falls in exactly one vitamin D band, and 0 to 18 in one vitamin K band', () => {
    for (let age = 0; age <= 120; age++) expect(VITAMIN_D_UL_BANDS.filter((b) => age >= b.minAge && age <= b.maxAge)).toHaveLength(1);
    for (let age = 0; age <= 18; age++) expect(VITAMIN_K_AI_CHILD_BANDS.filter((b) => age >= b.minAge && age <= b.maxAge)).toHaveLength(1);
  });
});

describe('a 6-year-old on 3,500 IU/day of vitamin D', () => {
  const ctx = parse(child6);
  const report = buildReport(ctx, snapshot);

  it('is above the 3,000 IU/day UL for 4–8 years: a warning, with the age band named', () => {
    const finding = report.safety.find((s) => s.code === 'vitamin-d-above-ul');
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toMatch(/3,000 IU\/day upper limit for this age/);
    expect(finding?.detail).toMatch(/3,000 IU\/day for age 4–8 years/);
    expect(finding?.detail).toMatch(/child’s clinician/);
  });

  it('the vitamin K target is 55 mcg/day (4–8 years), not "below 60 mcg"', () => {
    const pediatric = report.safety.find((s) => s.code === 'pediatric')!;
    expect(pediatric.detail).toMatch(/\(4–8 years\) is 55 mcg\/day/);
    expect(JSON.stringify(report)).not.toMatch(/below 60 mcg/);
  });

  it('the handout names the 3,000-unit limit and the 55 mcg, in plain words (grade ≤ 6)', () => {
    const text = report.handout.sections.map((s) => s.body).join(' ');
    expect(text).toMatch(/upper limit of 3,000 units a day at this age/);
    expect(text).toMatch(/about 55 mcg a day/);
    const lines = text.split(/(?<=[.!?])\s+/).filter((s) => /3,000 units|55 mcg/.test(s));
    expect(readingGrade(lines.join(' '))).toBeLessThanOrEqual(6);
  });

  it('the same child on 3,000 IU/day is at the UL, not above it', () => {
    const at = buildReport(parse({ ...child6, vitaminD: { supplementIuPerDay: 3000 } }), snapshot);
    expect(at.safety.map((s) => s.code)).not.toContain('vitamin-d-above-ul');
  });
});

describe('an infant (age 0) on 1,200 IU/day', () => {
  it('is above the 1,000 IU/day infant UL (the lower infant band applies to age 0), with both infant bands named', () => {
    const report = buildReport(parse(infant), snapshot);
    const finding = report.safety.find((s) => s.code === 'vitamin-d-above-ul');
    expect(finding?.detail).toMatch(/1,000 IU\/day for age under 1 year: 1,000 IU at 0–6 months, 1,500 IU at 7–12 months/);
  });
});

describe('a child’s handout speaks to the parent (under 12 years)', () => {
  const handout = (input: unknown) => buildReport(parse(input), snapshot).handout;

  it('says who it is for and what "you" means, and asks the questions as the parent', () => {
    const h = handout(child6);
    const about = h.sections[0]!.body;
    expect(about).toMatch(/^This sheet is for the parent or carer of a child who is 6 years old\. When it says "you", it means your child\./);
    const questions = h.sections.find((s) => s.heading === 'Questions to ask your clinician')!.body;
    expect(questions).toMatch(/Is K2 right for my child\?/);
    expect(questions).toMatch(/my child’s medicines/);
    expect(questions).not.toMatch(/right for me\?/);
    expect(readingGrade(about)).toBeLessThanOrEqual(6);
    expect(handout(infant).sections[0]!.body).toMatch(/a child who is under 1 year old/);
  });

  it('a 12-year-old and an adult are addressed directly', () => {
    expect(handout({ ...child6, age: 12 }).sections[0]!.body).not.toMatch(/parent or carer/);
    expect(handout({ ...child6, age: 40 }).sections[0]!.body).not.toMatch(/parent or carer/);
  });
});
