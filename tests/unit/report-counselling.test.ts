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
    // Grade the handout's own line (not a copy of it): the counselling sentences as the patient reads them.
    const line = text.split('\n').find((l) => l.includes('Take the same brand and the same dose every day.'))!;
    expect(line).toContain('Stopping can change your INR too.');
    expect(readingGrade(line)).toBeLessThanOrEqual(6);
  });

  it('does not fire without a vitamin K supplement, nor without a VKA', () => {
    const noK2 = parse({ ...(vkaOnK2 as PatientContextInput), supplements: [] });
    expect(safetyText(noK2)).not.toContain('Take the same brand');
    const noVka = parse({ ...(vkaOnK2 as PatientContextInput), medications: [{ name: 'apixaban 5 mg twice daily' }] });
    expect(safetyText(noVka)).not.toContain('Take the same brand');
  });
});

describe('counselling: VKA and DOAC both listed (anticoagulant-switch)', () => {
  it('raises a warning that the VKA advice holds until the VKA is stopped, and says it in plain words', async () => {
    const fixture = (await import('../fixtures/clinical-rules/warfarin-to-apixaban.json')).default as PatientContextInput;
    const report = buildReport(parse(fixture), snapshot);
    const sw = report.safety.find((s) => s.code === 'anticoagulant-switch');
    expect(sw?.severity).toBe('warning');
    expect(sw?.detail).toContain('until that is stopped');
    expect(sw?.detail).toContain('switching from warfarin');
    expect(sw?.citations.length).toBeGreaterThan(0);
    expect(report.safety.map((s) => s.severity)).toEqual([...report.safety.map((s) => s.severity)].sort((a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b)));
    const line = 'Your list has two kinds of blood thinner. Ask your clinic which one you take now. Until you stop the old one, keep your INR checks and do not start K2.';
    expect(safetyText(parse(fixture))).toContain(line);
    expect(readingGrade(line)).toBeLessThanOrEqual(6);
  });

  it('does not fire for a DOAC alone or a VKA alone', () => {
    for (const name of ['Eliquis 5 mg twice daily', 'Coumadin 3 mg daily']) {
      const report = buildReport(parse({ age: 72, sex: 'female', medications: [{ name }], goals: ['bone'] }), snapshot);
      expect(report.safety.some((s) => s.code === 'anticoagulant-switch')).toBe(false);
    }
  });
});
