import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, importFhirBundle, mapConditionCode, type FhirImport } from '@/lib/domain/fhir/import-bundle';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { contentSnapshot } from '../support/content-snapshot';

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/fhir', name), 'utf8')) as unknown;
const TODAY = '2026-11-22';

function imported(name: string): FhirImport {
  const out = importFhirBundle(fixture(name), TODAY);
  if (!out.ok) throw new Error(JSON.stringify(out.fields));
  return out.result;
}

describe('FHIR import: a searchset as an EHR emits it (warfarin, CKD 4, AF, diabetes)', () => {
  const r = imported('warfarin-ckd-bundle.json');

  it('reads age on the given day and sex from the Patient', () => {
    expect(r.context.age).toBe(74); // born 1952-03-14
    expect(r.context.sex).toBe('female');
  });

  it('takes current medications with one RxNorm code each, text first, and resolves contained and bundled Medications', () => {
    expect(r.context.medications).toEqual([
      { name: 'warfarin (COUMADIN) 5 mg tablet', rxnorm: '855332' },
      { name: '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet', rxnorm: '860975' },
      { name: 'Herbal sleep tea (patient reported)' },
      { name: 'amlodipine 5 MG Oral Tablet', rxnorm: '197361' },
    ]);
    expect(r.mapped.find((m) => m.resource === 'MedicationStatement/ms-amlodipine-ref')?.as).toMatch(/on-hold/);
  });

  it('skips stopped and entered-in-error medications, resolved conditions and unknown codes, saying why', () => {
    const reasons = Object.fromEntries(r.ignored.map((i) => [i.resource, i.reason]));
    expect(reasons['MedicationStatement/ms-old-aspirin']).toMatch(/stopped/);
    expect(reasons['MedicationRequest/mr-error']).toMatch(/entered-in-error/);
    expect(reasons['Condition/c-resolved-fracture']).toMatch(/resolved/);
    expect(reasons['Condition/c-hypertension']).toMatch(/no SNOMED CT or ICD-10 code/);
    expect(reasons['AllergyIntolerance/a1']).toMatch(/not used/);
    expect(reasons['Observation/o-vitd-old']).toMatch(/older/);
    expect(reasons['Observation/o-bp']).toBeTruthy();
  });

  it('maps SNOMED and ICD-10-CM conditions with the CKD stage', () => {
    expect([...(r.context.conditions ?? [])].sort()).toEqual(['atrial-fibrillation', 'ckd', 'type-2-diabetes']);
    expect(r.context.ckdStage).toBe(4);
    expect(r.mapped).toContainEqual({ resource: 'Condition/c-ckd4', as: 'conditions: ckd (stage 4)' });
  });

  it('takes the latest 25(OH)D in its unit, the D3 supplement with its IU dose, and notes the INR', () => {
    expect(r.context.vitaminD).toEqual({ level: { value: 62.4, unit: 'nmol/L' } });
    expect(r.context.supplements).toEqual([{ kind: 'd3', amount: 2000, unit: 'IU' }]);
    expect(r.mapped.find((m) => m.resource === 'Observation/o-inr')?.as).toMatch(/INR 2\.6/);
  });

  it('returns no goals and says so; with goals added the context parses and the report flags the VKA', () => {
    expect(r.context.goals).toBeUndefined();
    expect(r.notes.join(' ')).toMatch(/Goals/);
    const parsed = parsePatientContext({ ...r.context, goals: ['bone'] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.context.normalized.vitaminDNgPerMl).toBe(25);
    const report = buildReport(parsed.context, contentSnapshot());
    expect(report.safety.find((s) => s.code === 'vka-interaction')?.severity).toBe('critical');
    expect(report.safety.map((s) => s.code)).toContain('kidney-disease');
  });
});

describe('FHIR import: a collection with a DOAC, a K2 supplement and a NutritionOrder', () => {
  const r = imported('apixaban-k2-bundle.json');

  it('reads a partial birth date, the DOAC, supplements from a statement and a nutrition order, dialysis, ug/L', () => {
    expect(r.context.age).toBe(68);
    expect(r.context.sex).toBe('male');
    expect(r.context.medications).toEqual([{ name: 'Eliquis 5 mg tablet', rxnorm: '1364445' }]);
    expect(r.context.supplements).toEqual([
      { kind: 'k2-mk7', amount: 100, unit: 'mcg' },
      { kind: 'calcium', amount: 500, unit: 'mg' },
    ]);
    expect(r.context.conditions).toEqual(['dialysis']);
    expect(r.context.vitaminD).toEqual({ level: { value: 31, unit: 'ng/mL' } });
    expect(r.ignored.find((i) => i.resource === 'Condition/c-postmeno')?.reason).toMatch(/inactive/);
    const parsed = parsePatientContext({ ...r.context, goals: ['cardiovascular'] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const codes = buildReport(parsed.context, contentSnapshot()).safety.map((s) => s.code);
    expect(codes).toContain('doac-no-interaction');
    expect(codes).not.toContain('vka-interaction');
  });
});

describe('FHIR import: rules', () => {
  it('maps gender other/unknown to "other" with a note', () => {
    for (const gender of ['other', 'unknown']) {
      const out = importFhirBundle({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', gender, birthDate: '2000-01-01' } }] }, TODAY);
      expect(out.ok && out.result.context.sex).toBe('other');
      expect(out.ok && out.result.notes.join(' ')).toMatch(new RegExp(`"${gender}"`));
    }
  });

  it('computes age on a given day without a clock', () => {
    expect(ageOn('2000-11-23', '2026-11-22')).toBe(25);
    expect(ageOn('2000-11-22', '2026-11-22')).toBe(26);
    expect(ageOn('2000', '2026-11-22')).toBe(26);
    expect(ageOn('bad', '2026-11-22')).toBeUndefined();
  });

  it('maps ICD-10 codes by the longest prefix, with or without the dot', () => {
    const icd = 'http://hl7.org/fhir/sid/icd-10-cm';
    expect(mapConditionCode(icd, 'N18.6')).toEqual({ conditions: ['ckd', 'dialysis'], ckdStage: 5 });
    expect(mapConditionCode(icd, 'N1832')).toEqual({ conditions: ['ckd'], ckdStage: 3 });
    expect(mapConditionCode(icd, 'I25.84')?.conditions).toContain('coronary-calcium');
    expect(mapConditionCode(icd, 'I25.10')?.conditions).toEqual(['coronary-artery-disease']);
    expect(mapConditionCode(icd, 'C92.00')?.conditions).toEqual(['leukemia']);
    expect(mapConditionCode(icd, 'M85.80')?.conditions).toEqual(['osteopenia']);
    expect(mapConditionCode(icd, 'K76.0')?.conditions).toEqual(['liver-disease']);
    expect(mapConditionCode(icd, 'K90.0')?.conditions).toEqual(['fat-malabsorption']);
    expect(mapConditionCode(icd, 'D68.01')?.conditions).toEqual(['bleeding-disorder']); // von Willebrand
    expect(mapConditionCode(icd, 'D68.51')).toBeUndefined(); // activated protein C resistance: a thrombophilia, not a bleeding disorder
    expect(mapConditionCode(icd, 'D46.9')?.conditions).toEqual(['mds']);
    expect(mapConditionCode('http://snomed.info/sct', '46177005')).toEqual({ conditions: ['ckd', 'dialysis'], ckdStage: 5 });
    expect(mapConditionCode('http://snomed.info/sct', '64859006')?.conditions).toEqual(['osteoporosis']);
    expect(mapConditionCode('http://example.org/local', 'E11')).toBeUndefined();
  });

  it('refuses a malformed bundle with the path of the problem', () => {
    const notBundle = importFhirBundle({ resourceType: 'Patient' }, TODAY);
    expect(notBundle.ok).toBe(false);
    expect(!notBundle.ok && Object.keys(notBundle.fields)).toEqual(['resourceType']);
    const badEntry = importFhirBundle({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient' } }, { resource: { id: 'x' } }] }, TODAY);
    expect(!badEntry.ok && Object.keys(badEntry.fields)).toEqual(['entry.1.resource.resourceType']);
    const entryNotArray = importFhirBundle({ resourceType: 'Bundle', entry: {} }, TODAY);
    expect(!entryNotArray.ok && Object.keys(entryNotArray.fields)).toEqual(['entry']);
  });
});

describe('FHIR import: no bundle shape makes it throw (property)', () => {
  const coding = fc.record({ system: fc.oneof(fc.constantFrom('http://snomed.info/sct', 'http://hl7.org/fhir/sid/icd-10-cm', 'http://loinc.org', 'http://www.nlm.nih.gov/research/umls/rxnorm'), fc.anything()), code: fc.oneof(fc.constantFrom('N18.4', '431857002', '62292-8', '6301-6', '11289', 'E11.9'), fc.anything()), display: fc.anything() }, { requiredKeys: [] });
  const concept = fc.oneof(fc.record({ coding: fc.oneof(fc.array(coding), fc.anything()), text: fc.anything() }, { requiredKeys: [] }), fc.anything());
  const resource = fc.record(
    {
      resourceType: fc.constantFrom('Patient', 'MedicationStatement', 'MedicationRequest', 'Observation', 'Condition', 'NutritionOrder', 'Medication', 'Other'),
      id: fc.oneof(fc.string(), fc.anything()),
      status: fc.oneof(fc.constantFrom('active', 'stopped', 'final', 'on-hold'), fc.anything()),
      gender: fc.anything(),
      birthDate: fc.oneof(fc.constantFrom('1950-01-01', '2030-01-01', '1800'), fc.anything()),
      medicationCodeableConcept: concept,
      medicationReference: fc.anything(),
      contained: fc.anything(),
      code: concept,
      clinicalStatus: concept,
      valueQuantity: fc.oneof(fc.record({ value: fc.oneof(fc.double(), fc.anything()), unit: fc.constantFrom('ng/mL', 'nmol/L', 'ug/L', 'mg'), code: fc.anything() }), fc.anything()),
      dosage: fc.anything(),
      supplement: fc.anything(),
    },
    { requiredKeys: ['resourceType'] },
  );
  const bundle = fc.record({ resourceType: fc.constant('Bundle'), type: fc.constantFrom('collection', 'searchset', 'transaction'), entry: fc.array(fc.record({ resource: resource, fullUrl: fc.string() }, { requiredKeys: [] }), { maxLength: 20 }) });

  it('answers any JSON value with ok or field errors', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const out = importFhirBundle(input, TODAY);
        expect(typeof out.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('imports any bundle-shaped input into a context that parses once age, sex and goals are known', () => {
    fc.assert(
      fc.property(bundle, (input) => {
        const out = importFhirBundle(input, TODAY);
        expect(out.ok).toBe(true);
        if (!out.ok) return;
        const parsed = parsePatientContext({ age: 60, sex: 'female', ...out.result.context, goals: ['general'] });
        expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('FHIR import: medications coded but not named (fail-safe: never dropped)', () => {
  const bundle = (medicationCodeableConcept: unknown) => ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { resource: { resourceType: 'Patient', id: 'p', birthDate: '1950-01-01', gender: 'male' } },
      { resource: { resourceType: 'MedicationStatement', id: 'm', status: 'active', subject: { reference: 'Patient/p' }, medicationCodeableConcept } },
    ],
  });
  const reportOf = (medicationCodeableConcept: unknown) => {
    const out = importFhirBundle(bundle(medicationCodeableConcept), TODAY);
    if (!out.ok) throw new Error(JSON.stringify(out.fields));
    const parsed = parsePatientContext({ ...out.result.context, goals: ['cardiovascular'] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    return { imported: out.result, report: buildReport(parsed.context, contentSnapshot()) };
  };

  it('an ATC code alone (FHIR R4 system http://www.whocc.no/atc) is kept and a B01AA code is a vitamin K antagonist', () => {
    const { imported: r, report } = reportOf({ coding: [{ system: 'http://www.whocc.no/atc', code: 'B01AA07' }] });
    expect(r.context.medications).toEqual([{ name: 'ATC B01AA07', atc: 'B01AA07' }]);
    expect(report.safety[0]).toMatchObject({ code: 'vka-interaction', severity: 'critical' });
    expect(report.dose.suggestedDailyMcg).toBeNull();
  });

  it('a code of a system the app does not read, or no code at all, is imported by what the record says and raises "could not check"', () => {
    for (const concept of [{ coding: [{ system: 'http://snomed.info/sct', code: '372756006' }] }, {}]) {
      const { imported: r, report } = reportOf(concept);
      expect(r.context.medications).toHaveLength(1);
      expect(report.safety.find((s) => s.code === 'medication-not-screened')).toMatchObject({ severity: 'warning' });
      expect(report.dose.suggestedDailyMcg).toBeNull();
    }
  });
});

describe('FHIR import: deceased patients, Observation status and comparators', () => {
  const one = (...resources: unknown[]) => {
    const out = importFhirBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }, TODAY);
    if (!out.ok) throw new Error(JSON.stringify(out.fields));
    return out.result;
  };
  const vitD = (id: string, valueQuantity: unknown, status = 'final', when = '2026-10-01') => ({
    resourceType: 'Observation',
    id,
    status,
    code: { coding: [{ system: 'http://loinc.org', code: '62292-8' }] },
    effectiveDateTime: when,
    valueQuantity,
  });
  const reportOf = (r: FhirImport) => {
    const parsed = parsePatientContext({ age: 60, sex: 'female', ...r.context, goals: ['bone'] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    return buildReport(parsed.context, contentSnapshot());
  };

  it('deceasedDateTime: the age at death with a note, never the age today (partial dates assume the 1st)', () => {
    const r = one({ resourceType: 'Patient', id: 'p', gender: 'male', birthDate: '1930-06-15', deceasedDateTime: '2010-06-14T23:00:00Z' });
    expect(r.context.age).toBe(79);
    expect(r.notes.join(' ')).toMatch(/died .*age at death on 2010-06-14/);
    expect(one({ resourceType: 'Patient', birthDate: '1930-06-15', deceasedDateTime: '2010' }).context.age).toBe(79); // 2010-01-01
  });

  it('deceasedBoolean true, or a deceasedDateTime that is no date: no age at all, with a note; deceasedBoolean false is alive', () => {
    for (const deceased of [{ deceasedBoolean: true }, { deceasedDateTime: 'unknown' }, { deceasedDateTime: 5 }]) {
      const r = one({ resourceType: 'Patient', gender: 'female', birthDate: '1950-01-01', ...deceased });
      expect(r.context.age, JSON.stringify(deceased)).toBeUndefined();
      expect(r.notes.join(' ')).toMatch(/has died .*no age was computed/);
    }
    expect(one({ resourceType: 'Patient', birthDate: '1950-01-01', deceasedBoolean: false }).context.age).toBe(76);
  });

  it('skips registered, cancelled, entered-in-error and unknown results with a reason; a preliminary one is used with a note', () => {
    const r = one(vitD('reg', { value: 10, unit: 'ng/mL' }, 'registered'), vitD('can', { value: 10, unit: 'ng/mL' }, 'cancelled'), vitD('err', { value: 10, unit: 'ng/mL' }, 'entered-in-error'), vitD('unk', { value: 10, unit: 'ng/mL' }, 'unknown'));
    const reasons = Object.fromEntries(r.ignored.map((i) => [i.resource, i.reason]));
    expect(reasons['Observation/reg']).toMatch(/registered: .*no result yet/);
    expect(reasons['Observation/can']).toMatch(/cancelled/);
    expect(reasons['Observation/err']).toMatch(/entered-in-error: .*in error/);
    expect(reasons['Observation/unk']).toMatch(/unknown/);
    expect(r.context.vitaminD).toBeUndefined();
    const pre = one(vitD('pre', { value: 31, unit: 'ng/mL' }, 'preliminary'));
    expect(pre.context.vitaminD).toEqual({ level: { value: 31, unit: 'ng/mL' } });
    expect(pre.notes.join(' ')).toMatch(/preliminary/);
  });

  it('"< 4 ng/mL" is below 4: imported as the bound, flagged, and the deficiency rule fires', () => {
    const r = one(vitD('lt', { value: 4, comparator: '<', unit: 'ng/mL', system: 'http://unitsofmeasure.org', code: 'ng/mL' }));
    expect(r.context.vitaminD).toEqual({ level: { value: 4, unit: 'ng/mL' } });
    expect(r.mapped.find((m) => m.resource === 'Observation/lt')?.as).toMatch(/reported as < 4 ng\/mL/);
    expect(r.notes.join(' ')).toMatch(/reported as < 4 ng\/mL .*not as an exact level.*true level is lower/);
    expect(reportOf(r).safety.map((s) => s.code)).toContain('vitamin-d-deficiency');
    const nmol = one(vitD('lt', { value: 10, comparator: '<=', unit: 'nmol/L' }));
    expect(nmol.context.vitaminD).toEqual({ level: { value: 10, unit: 'nmol/L' } });
    expect(reportOf(nmol).safety.map((s) => s.code)).toContain('vitamin-d-deficiency');
  });

  it('"> 150 ng/mL" is above the threshold: imported as the bound, flagged, no deficiency', () => {
    const r = one(vitD('gt', { value: 150, comparator: '>', unit: 'ng/mL' }));
    expect(r.context.vitaminD).toEqual({ level: { value: 150, unit: 'ng/mL' } });
    expect(r.notes.join(' ')).toMatch(/reported as > 150 ng\/mL .*true level is higher/);
    expect(reportOf(r).safety.map((s) => s.code)).not.toContain('vitamin-d-deficiency');
  });

  it('a bound that leaves the threshold open ("< 30", "> 10", "< 20") is not imported as a level, with the reason and a note', () => {
    for (const [comparator, value] of [['<', 30], ['>', 10], ['<', 20], ['>=', 19]] as const) {
      const r = one(vitD('open', { value, comparator, unit: 'ng/mL' }));
      expect(r.context.vitaminD, `${comparator} ${value}`).toBeUndefined();
      expect(r.ignored.find((i) => i.resource === 'Observation/open')?.reason).toMatch(/cannot tell whether it is below 20 ng\/mL/);
      expect(r.notes.join(' ')).toMatch(/reported only as/);
    }
    // An older exact result is still imported, and the note says a newer one was only a bound.
    const r = one(vitD('old', { value: 35, unit: 'ng/mL' }, 'final', '2025-01-01'), vitD('new', { value: 30, comparator: '<', unit: 'ng/mL' }, 'final', '2026-10-01'));
    expect(r.context.vitaminD).toEqual({ level: { value: 35, unit: 'ng/mL' } });
    expect(r.notes.join(' ')).toMatch(/Observation\/new: a newer 25\(OH\)D result was reported only as < 30 ng\/mL/);
  });

  it('an "ad" comparator is not a measured level', () => {
    expect(one(vitD('ad', { value: 20, comparator: 'ad', unit: 'ng/mL' })).ignored[0]?.reason).toMatch(/comparator "ad"/);
  });

  it('a VKA brand concept by RxNorm code only (202421, Coumadin) is passed through and screened as a VKA', () => {
    const r = one({ resourceType: 'MedicationRequest', id: 'm', status: 'active', intent: 'order', medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '202421' }] } });
    expect(r.context.medications).toEqual([{ name: 'RxNorm 202421', rxnorm: '202421' }]);
    expect(reportOf(r).safety[0]).toMatchObject({ code: 'vka-interaction', severity: 'critical' });
  });
});

describe('FHIR import: Bundles inside a batch-response (FHIR R4 http.html#transaction-response)', () => {
  // The shape of the spec's own example Bundle-bundle-response-medsallergies: each search answered by a searchset
  // Bundle as the entry's resource. Reading only the outer entries would import "no medications".
  const searchset = (resources: Array<Record<string, unknown>>) => ({ resource: { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${String(resource.id)}`, resource })) }, response: { status: '200 OK' } });
  const bundle = {
    resourceType: 'Bundle',
    type: 'batch-response',
    entry: [
      { resource: { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1960-05-01' }, response: { status: '200 OK' } },
      searchset([{ resourceType: 'MedicationStatement', id: 'm1', status: 'active', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '855332', display: 'warfarin sodium 5 MG Oral Tablet' }] } }]),
      searchset([]),
    ],
  };

  it('imports the medications of a nested searchset', () => {
    const out = importFhirBundle(bundle, TODAY);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.result.context.medications?.map((m) => m.rxnorm ?? m.name)).toEqual(['855332']);
    const parsed = parsePatientContext({ ...out.result.context, goals: ['general'] });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(buildReport(parsed.context, contentSnapshot()).safety.map((s) => s.code)).toContain('vka-interaction');
  });

  it('reads at most two levels of nesting', () => {
    const nest = (entry: unknown) => ({ resource: { resourceType: 'Bundle', entry: [entry] } });
    const deep = { resourceType: 'Bundle', type: 'collection', entry: [nest(nest(nest(bundle.entry[0])))] };
    const out = importFhirBundle(deep, TODAY);
    expect(out.ok && out.result.context.sex).toBe(undefined);
    const two = { resourceType: 'Bundle', type: 'collection', entry: [nest(nest(bundle.entry[0]))] };
    const ok = importFhirBundle(two, TODAY);
    expect(ok.ok && ok.result.context.sex).toBe('male');
  });
});
