/**
 * Issue 13, error 3: a supervised vitamin D repletion course (25(OH)D 8 ng/mL, 50,000 IU weekly ≈ 7,143 IU/day) is
 * not an overdose. Before rules-2026.12.3 the report told this patient to "ask about a lower dose". The UL is for
 * daily intake without medical supervision (NIH ODS vitamin D fact sheet). Fixture:
 * tests/fixtures/clinical-rules/vitamin-d-repletion-supervised.json.
 */
import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { readingGrade } from '@/lib/domain/report/readability';
import repletion from '../fixtures/clinical-rules/vitamin-d-repletion-supervised.json';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();
const parse = (input: unknown): PatientContext => {
  const r = parsePatientContext(input as PatientContextInput);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.context;
};
const handoutText = (c: PatientContext): string => buildReport(c, snapshot).handout.sections.map((s) => s.body).join(' ');

describe('a supervised vitamin D course above the UL', () => {
  const ctx = parse(repletion);
  const report = buildReport(ctx, snapshot);
  const finding = report.safety.find((s) => s.code === 'vitamin-d-above-ul');

  it('keeps the SPEC code and severity, but says it is not an overdose and asks for a 25(OH)D and calcium recheck', () => {
    expect(finding?.severity).toBe('warning');
    expect(finding?.detail).toMatch(/not an overdose/);
    expect(finding?.detail).toMatch(/Recheck 25\(OH\)D and serum calcium/);
    expect(finding?.detail).toMatch(/deficient range \(below 12 ng\/mL, 30 nmol\/L\)/);
    expect(finding?.detail).not.toMatch(/Review the vitamin D dose/);
    expect(finding?.triggeredBy).toContain('vitaminD.supervisedCourse true');
  });

  it('the handout does not ask for a lower dose, says why, and is plain (grade ≤ 6)', () => {
    const text = handoutText(ctx);
    expect(text).not.toMatch(/lower dose/);
    expect(text).not.toMatch(/safe limit/);
    const lines = text.split(/(?<=[.!?])\s+/).filter((s) => /vitamin D|limit|overdose|calcium/.test(s) && !/K2/.test(s));
    expect(lines.join(' ')).toMatch(/not an overdose/);
    expect(lines.join(' ')).toMatch(/blood tests for vitamin D and calcium/);
    expect(readingGrade(lines.join(' '))).toBeLessThanOrEqual(6);
  });

  it('without the supervised flag, the same intake is still reviewed as above the UL (no reassurance by default)', () => {
    const unsupervised = parse({ ...repletion, vitaminD: { level: repletion.vitaminD.level, supplementIuPerDay: 7143 } });
    const r = buildReport(unsupervised, snapshot);
    expect(r.safety.find((s) => s.code === 'vitamin-d-above-ul')?.detail).toMatch(/Review the vitamin D dose/);
    expect(handoutText(unsupervised)).toMatch(/Ask the doctor about a lower dose/);
  });

  it('the flag is validated: a non-boolean is a field error', () => {
    const r = parsePatientContext({ ...repletion, vitaminD: { supplementIuPerDay: 7143, supervisedCourse: 'yes' } } as unknown as PatientContextInput);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields).join(' ')).toMatch(/vitaminD\.supervisedCourse/);
  });
});

describe('vitamin D by level (NIH ODS bands after IOM 2011, both units)', () => {
  const detail = (level: { value: number; unit: 'ng/mL' | 'nmol/L' }): string | undefined =>
    buildReport(parse({ age: 50, sex: 'male', goals: ['bone'], vitaminD: { level } }), snapshot).safety.find((s) => s.code === 'vitamin-d-deficiency')?.detail;

  it('below 12 ng/mL (30 nmol/L) is named the deficient band; 12 to under 20 the possibly inadequate band; 20 and over has no finding', () => {
    expect(detail({ value: 8, unit: 'ng/mL' })).toMatch(/below 12 ng\/mL \(30 nmol\/L\), the band NIH ODS/);
    expect(detail({ value: 29, unit: 'nmol/L' })).toMatch(/below 12 ng\/mL/);
    expect(detail({ value: 12, unit: 'ng/mL' })).toMatch(/12 to under 20 ng\/mL \(30 to under 50 nmol\/L\) band/);
    expect(detail({ value: 45, unit: 'nmol/L' })).toMatch(/12 to under 20 ng\/mL/);
    expect(detail({ value: 20, unit: 'ng/mL' })).toBeUndefined();
    expect(detail({ value: 50, unit: 'nmol/L' })).toBeUndefined();
  });
});
