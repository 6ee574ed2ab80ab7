import { describe, expect, it } from 'vitest';
import { contextFromFormData } from '@/components/reports/context-from-form';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { contentSnapshot } from '../support/content-snapshot';

/** The New report form's fields as the browser sends them. */
function form(fields: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
}

const PATIENT: Array<[string, string]> = [
  ['age', '64'],
  ['sex', 'female'],
  ['pregnancy', 'none'],
  ['patientRef', ''],
  ['medicationName', 'Jantovan'],
  ['medicationRxnorm', ''],
  ['vitaminKStatus', 'unknown'],
  ['vitaminDLevel', ''],
  ['vitaminDUnit', 'ng/mL'],
  ['vitaminDIuPerDay', ''],
  ['goals', 'bone'],
];
const DIET: Array<[string, string]> = [
  ['dietPattern', 'vegan'],
  ['natto', 'never'],
  ['hardCheese', 'monthly'],
  ['eggs', 'weekly'],
  ['leafyGreens', 'daily'],
];

describe('contextFromFormData: the diet', () => {
  it('sends no diet when the box is not ticked (the diet section skipped), whatever else the form holds', () => {
    expect(contextFromFormData(form(PATIENT)).context).not.toHaveProperty('diet');
    // Selects left in the page without the box (a stale form) do not count as an answer either.
    expect(contextFromFormData(form([...PATIENT, ...DIET])).context).not.toHaveProperty('diet');
  });

  it('sends the answers as given when the box is ticked', () => {
    const { context } = contextFromFormData(form([...PATIENT, ['dietGiven', 'yes'], ...DIET]));
    expect(context.diet).toEqual({ pattern: 'vegan', natto: 'never', hardCheese: 'monthly', eggs: 'weekly', leafyGreens: 'daily' });
  });

  it('never fills in an unanswered question: a ticked box with a food left on "Choose…" is refused by field', () => {
    const blank: Array<[string, string]> = [
      ['dietPattern', 'omnivore'],
      ['natto', ''],
      ['hardCheese', 'weekly'],
      ['eggs', ''],
      ['leafyGreens', 'daily'],
    ];
    const { context } = contextFromFormData(form([...PATIENT, ['dietGiven', 'yes'], ...blank]));
    expect(context.diet).toEqual({ pattern: 'omnivore', natto: '', hardCheese: 'weekly', eggs: '', leafyGreens: 'daily' });
    const parsed = parsePatientContext(context);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fields).sort()).toEqual(['diet.eggs', 'diet.natto']);
    expect(parsed.fields['diet.natto']).toEqual(['Natto: choose never, monthly, weekly or daily.']);
  });

  it('refuses a ticked box with nothing chosen at all, the pattern included', () => {
    const { context } = contextFromFormData(form([...PATIENT, ['dietGiven', 'yes']]));
    const parsed = parsePatientContext(context);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fields).sort()).toEqual(['diet.eggs', 'diet.hardCheese', 'diet.leafyGreens', 'diet.natto', 'diet.pattern']);
  });

  it('keeps the medication as typed, near miss included', () => {
    expect(contextFromFormData(form(PATIENT)).context.medications).toEqual([{ name: 'Jantovan' }]);
  });
});

describe('a report from the form with the diet section skipped', () => {
  it('has no diet and no vitamin-k-low-status finding; an answered low diet does have it', () => {
    const skipped = parsePatientContext(contextFromFormData(form(PATIENT)).context);
    expect(skipped.ok).toBe(true);
    if (!skipped.ok) return;
    expect(skipped.context.diet).toBeUndefined();
    const report = buildReport(skipped.context, contentSnapshot());
    expect(report.safety.map((s) => s.code)).not.toContain('vitamin-k-low-status');

    const low: Array<[string, string]> = [
      ['dietGiven', 'yes'],
      ['dietPattern', 'omnivore'],
      ['natto', 'never'],
      ['hardCheese', 'never'],
      ['eggs', 'monthly'],
      ['leafyGreens', 'never'],
    ];
    const answered = parsePatientContext(contextFromFormData(form([...PATIENT, ...low])).context);
    expect(answered.ok).toBe(true);
    if (!answered.ok) return;
    expect(buildReport(answered.context, contentSnapshot()).safety.map((s) => s.code)).toContain('vitamin-k-low-status');
  });

  it('still flags the near miss "Jantovan" as a critical finding naming Jantoven', () => {
    const parsed = parsePatientContext(contextFromFormData(form(PATIENT)).context);
    if (!parsed.ok) throw new Error('not parsed');
    const critical = buildReport(parsed.context, contentSnapshot()).safety.filter((s) => s.severity === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.map((s) => `${s.title} ${s.detail}`).join(' ')).toMatch(/Jantoven/);
  });
});

describe('contextFromFormData: a supervised vitamin D course (issue 13, error 3)', () => {
  it('sends supervisedCourse only when the box is ticked', () => {
    const withDose = PATIENT.map(([k, v]): [string, string] => (k === 'vitaminDIuPerDay' ? [k, '7143'] : [k, v]));
    expect(contextFromFormData(form(withDose)).context.vitaminD).toEqual({ supplementIuPerDay: 7143 });
    expect(contextFromFormData(form([...withDose, ['vitaminDSupervised', 'yes']])).context.vitaminD).toEqual({ supplementIuPerDay: 7143, supervisedCourse: true });
  });
});
