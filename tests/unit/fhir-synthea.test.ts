import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageOn, importFhirBundle, mapConditionCode, type FhirImport } from '@/lib/domain/fhir/import-bundle';
import { SNOMED_VALUE_SET } from '@/lib/domain/fhir/value-sets';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { contentSnapshot } from '../support/content-snapshot';

const TODAY = '2026-11-22';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/fhir/synthea');
/** Real (trimmed) Synthea sample bundles, when the shared folder beside the repository holds them; SYNTHEA_DIR overrides. */
const SHARED = process.env.SYNTHEA_DIR ?? path.resolve(import.meta.dirname, '../../../shared/fhir-synthea');

type Json = Record<string, unknown>;
const load = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;
const jsonIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f)) : []);
const bundles = [...jsonIn(FIXTURES), ...jsonIn(SHARED)];

function importOf(bundle: unknown): FhirImport {
  const out = importFhirBundle(bundle, TODAY);
  if (!out.ok) throw new Error(JSON.stringify(out.fields));
  return out.result;
}
const resources = (bundle: Json): Json[] => ((bundle.entry as Array<{ resource: Json }>) ?? []).map((e) => e.resource);
const isActive = (c: Json): boolean => JSON.stringify(c.clinicalStatus ?? '').includes('"active"');

describe('Synthea-style R4 bundles', () => {
  it('there are at least five, including a deceased patient', () => {
    expect(jsonIn(FIXTURES).length).toBeGreaterThanOrEqual(5);
    expect(jsonIn(FIXTURES).some((f) => resources(load(f)).some((r) => r.resourceType === 'Patient' && r.deceasedDateTime))).toBe(true);
  });

  describe.each(bundles.map((f) => [path.basename(f), f]))('%s', (_name, file) => {
    const bundle = load(file);
    const r = importOf(bundle);
    const patient = resources(bundle).find((x) => x.resourceType === 'Patient')!;

    it('imports, and the context parses once goals are added', () => {
      const parsed = parsePatientContext({ age: 60, sex: 'female', ...r.context, goals: ['general'] });
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (parsed.ok) expect(() => buildReport(parsed.context, contentSnapshot())).not.toThrow();
    });

    it('never ages a deceased patient as if alive', () => {
      const alive = ageOn(String(patient.birthDate), TODAY);
      if (patient.deceasedDateTime || patient.deceasedBoolean === true) {
        const death = typeof patient.deceasedDateTime === 'string' ? patient.deceasedDateTime.slice(0, 10) : undefined;
        expect(r.context.age).toBe(death ? ageOn(String(patient.birthDate), death) : undefined);
        expect(r.context.age).not.toBe(alive);
        expect(r.notes.join(' ')).toMatch(/died|has died/);
      } else expect(r.context.age).toBe(alive);
    });

    it('finds every condition of the value sets among the active Conditions, and only those', () => {
      const expected = new Set<string>();
      let stage = 0;
      for (const c of resources(bundle).filter((x) => x.resourceType === 'Condition' && isActive(x))) {
        for (const coding of ((c.code as Json)?.coding as Array<{ system?: string; code?: string }>) ?? []) {
          const m = mapConditionCode(coding.system, coding.code);
          m?.conditions.forEach((n) => expected.add(n));
          stage = Math.max(stage, m?.ckdStage ?? 0);
        }
      }
      expect([...(r.context.conditions ?? [])].sort()).toEqual([...expected].sort());
      expect(r.context.ckdStage).toBe(stage || undefined);
    });

    it('keeps the RxNorm code of each active medication', () => {
      const active = resources(bundle).filter((x) => x.resourceType === 'MedicationRequest' && x.status === 'active');
      const codes = new Set(active.map((m) => ((m.medicationCodeableConcept as Json)?.coding as Array<{ code: string }>)?.[0]?.code));
      for (const code of codes) expect(r.context.medications?.map((m) => m.rxnorm)).toContain(code);
    });
  });
});

describe('Synthea-style bundles: what each one must give', () => {
  const r = (name: string) => importOf(load(path.join(FIXTURES, `${name}.json`)));

  it('deceased with AF, warfarin and T2DM: age at death, the VKA and the conditions from the value sets', () => {
    const out = r('deceased-af-warfarin-t2dm');
    expect(out.context.age).toBe(59); // born 1941-04-12, died 2001-02-03 (85 if aged to 2026-11-22)
    expect(out.mapped.find((m) => m.as.includes('deceased'))?.as).toMatch(/age 59 at death \(born 1941-04-12, died 2001-02-03\)/);
    expect([...(out.context.conditions ?? [])].sort()).toEqual(['atrial-fibrillation', 'type-2-diabetes']);
    expect(out.context.medications?.map((m) => m.rxnorm)).toEqual(['860975', '855332', '197604']);
    const parsed = parsePatientContext({ ...out.context, goals: ['cardiovascular'] });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(buildReport(parsed.context, contentSnapshot()).safety.find((s) => s.code === 'vka-interaction')?.severity).toBe('critical');
  });

  it('a patient who died in 1979 is 68, not 115', () => {
    expect(r('deceased-1979-cad').context.age).toBe(68);
  });

  it('diabetic renal disease and CKD stage 2 (stage 1 resolved): ckd, stage 2, type 2 diabetes', () => {
    const out = r('t2dm-diabetic-ckd');
    expect([...(out.context.conditions ?? [])].sort()).toEqual(['ckd', 'type-2-diabetes']);
    expect(out.context.ckdStage).toBe(2);
    expect(out.ignored.find((i) => i.reason.includes('resolved'))).toBeTruthy();
  });

  it('T2DM complications (retinopathy, neuropathy, nephropathy) are type 2 diabetes; the stopped clopidogrel is not taken', () => {
    const out = r('t2dm-complications');
    expect([...(out.context.conditions ?? [])].sort()).toEqual(['ckd', 'type-2-diabetes']);
    expect(out.context.medications?.map((m) => m.rxnorm)).not.toContain('309362');
  });

  it('AF, warfarin, osteoporosis; coronary heart disease with clopidogrel', () => {
    expect([...(r('af-warfarin-osteoporosis').context.conditions ?? [])].sort()).toEqual(['atrial-fibrillation', 'osteoporosis']);
    expect(r('cad-clopidogrel').context.conditions).toEqual(['coronary-artery-disease']);
  });
});

describe('value sets', () => {
  it('every SNOMED CT entry has a display, at least one condition and one source, and no code twice', () => {
    const codes = SNOMED_VALUE_SET.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of SNOMED_VALUE_SET) {
      expect(e.code, e.display).toMatch(/^\d{6,18}$/);
      expect(e.display.length).toBeGreaterThan(3);
      expect(e.conditions.length).toBeGreaterThan(0);
      expect(e.sources.length).toBeGreaterThan(0);
    }
  });

  it('maps the descendants real records use: CKD 3A/3B, diabetic nephropathy, T2DM with complications, haemophilia, coeliac…', () => {
    const sct = 'http://snomed.info/sct';
    const icd = 'http://hl7.org/fhir/sid/icd-10-cm';
    expect(mapConditionCode(sct, '700378005')).toEqual({ conditions: ['ckd'], ckdStage: 3 });
    expect(mapConditionCode(sct, '700379002')).toEqual({ conditions: ['ckd'], ckdStage: 3 });
    expect(mapConditionCode(sct, '127013003')?.conditions).toEqual(['ckd']);
    expect(mapConditionCode(sct, '1551000119108')?.conditions).toEqual(['type-2-diabetes']);
    expect(mapConditionCode(sct, '731000119105')).toEqual({ conditions: ['ckd', 'type-2-diabetes'], ckdStage: 3 });
    expect(mapConditionCode(sct, '236435004')).toEqual({ conditions: ['ckd', 'dialysis'], ckdStage: 5 });
    expect(mapConditionCode(sct, '236434000')).toEqual({ conditions: ['ckd'], ckdStage: 5 }); // untreated: no dialysis
    expect(mapConditionCode(sct, '282825002')?.conditions).toEqual(['atrial-fibrillation']);
    expect(mapConditionCode(sct, '5370000')).toBeUndefined(); // atrial flutter is not fibrillation
    expect(mapConditionCode(sct, '102447009')?.conditions).toEqual(['osteoporosis', 'postmenopausal']);
    expect(mapConditionCode(sct, '34000006')?.conditions).toEqual(['fat-malabsorption']); // Crohn's
    expect(mapConditionCode(sct, '64766004')).toBeUndefined(); // ulcerative colitis: not a fat malabsorption
    expect(mapConditionCode(sct, '92818009')?.conditions).toEqual(['leukemia']); // CML
    expect(mapConditionCode(sct, '19943007')?.conditions).toEqual(['liver-disease']); // cirrhosis
    expect(mapConditionCode(sct, '92517006')?.conditions).toEqual(['coronary-artery-disease', 'coronary-calcium']);
    expect(mapConditionCode(icd, 'E11.22')?.conditions).toEqual(['type-2-diabetes', 'ckd']);
    expect(mapConditionCode(icd, 'I12.0')).toEqual({ conditions: ['ckd'], ckdStage: 5 });
    expect(mapConditionCode(icd, 'I48.92')).toBeUndefined(); // flutter
    expect(mapConditionCode(icd, 'D66')?.conditions).toEqual(['bleeding-disorder']); // haemophilia A
    expect(mapConditionCode(icd, 'D68.01')?.conditions).toEqual(['bleeding-disorder']); // von Willebrand
    expect(mapConditionCode(icd, 'D68.51')).toBeUndefined(); // factor V Leiden: a thrombophilia
    expect(mapConditionCode(icd, 'E84.0')?.conditions).toEqual(['fat-malabsorption']);
    expect(mapConditionCode(icd, 'K90.41')).toBeUndefined();
    expect(mapConditionCode(icd, 'C94.6')?.conditions).toEqual(['mds']);
    expect(mapConditionCode(icd, 'K83.01')?.conditions).toEqual(['liver-disease']);
  });
});
