import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { productQuality } from '@/lib/domain/report/product-quality';

function context(input: Partial<PatientContextInput>): PatientContext {
  const parsed = parsePatientContext({ age: 60, sex: 'female', goals: ['bone'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

const sourceIds = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../content/sources.json'), 'utf8')) as { sources: Array<{ status: string; entry: { id: string } }> }).sources
  .filter((s) => s.status === 'published')
  .map((s) => `source:${s.entry.id}`);

describe('productQuality', () => {
  it('covers all-trans MK-7, minerals, third-party testing and label units', () => {
    const items = productQuality(context({}));
    expect(items.map((i) => i.title)).toEqual([
      'Look for all-trans MK-7',
      'MK-7 degrades next to minerals unless it is protected',
      'Choose a third-party tested product',
      'Check the label unit: mcg, not mg',
    ]);
    const text = items.map((i) => i.detail).join(' ');
    expect(text).toMatch(/71% of 38/);
    expect(text).toMatch(/industry analysis, not peer reviewed, and could not be verified/);
    expect(text).toMatch(/about a third of its labelled K2/);
    expect(text).toMatch(/1 mg = 1,000 mcg/);
  });

  it('names the calcium, magnesium or multivitamin on the supplement list', () => {
    const items = productQuality(context({ supplements: [{ kind: 'calcium', amount: 500, unit: 'mg' }, { kind: 'magnesium', amount: 200, unit: 'mg' }, { kind: 'multivitamin', amount: 1, unit: 'mg' }] }));
    expect(items[1]!.detail).toMatch(/^The supplement list includes calcium and magnesium and a multivitamin\./);
    expect(productQuality(context({}))[1]!.detail).not.toMatch(/supplement list includes/);
  });

  it('flags a K2 supplement entered in mg', () => {
    expect(productQuality(context({ supplements: [{ kind: 'k2-mk7', amount: 0.1, unit: 'mg' }] }))[3]!.detail).toMatch(/entered in mg/);
  });

  it('cites only published sources that exist in content/sources.json', () => {
    for (const item of productQuality(context({}))) {
      expect(item.citations.length).toBeGreaterThan(0);
      for (const c of item.citations) expect(sourceIds).toContain(c);
    }
  });
});
