import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { readingGrade } from '@/lib/domain/report/readability';
import vkaOnK2 from '../fixtures/clinical-rules/vka-already-on-k2.json';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();
const parse = (input: PatientContextInput): PatientContext => {
  const r = parsePatientContext(input);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.context;
};
const safetyText = (c: PatientContext): string => {
  const report = buildReport(c, snapshot);
  return report.handout.sections.find((s) => s.heading === 'Is it safe for you?')!.body;
};

describe('counselling: VKA patient already taking K2', () => {
  it('keeps the same product and dose, no abrupt stop, INR check after any change — in plain words', () => {
    const c = parse(vkaOnK2 as PatientContextInput);
    const report = buildReport(c, snapshot);
    expect(report.safety.some((s) => s.code === 'vka-interaction')).toBe(true);
    const text = safetyText(c);
    expect(text).toContain('Take the same brand and the same dose every day.');
    expect(text).toContain('Do not stop it on your own.');
    expect(text).toContain('Get your INR checked soon after.');
    expect(readingGrade('Take the same brand and the same dose every day. Do not stop it on your own. Stopping can change your INR too. If you start, stop or change it, tell your clinic. Get your INR checked soon after.')).toBeLessThanOrEqual(6);
  });

  it('does not fire without a vitamin K supplement, nor without a VKA', () => {
    const noK2 = parse({ ...(vkaOnK2 as PatientContextInput), supplements: [] });
    expect(safetyText(noK2)).not.toContain('Take the same brand');
    const noVka = parse({ ...(vkaOnK2 as PatientContextInput), medications: [{ name: 'apixaban 5 mg twice daily' }] });
    expect(safetyText(noVka)).not.toContain('Take the same brand');
  });
});
