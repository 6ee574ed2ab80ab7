/**
 * fast-check arbitraries of FHIR R4 content for the HTTP fuzz tests: resources of the shapes EHRs emit (Patient,
 * Condition, MedicationStatement/MedicationRequest with contained or bundled Medications, Observation, and others),
 * each with what the import must make of it, decided here from ARCHITECTURE.md "EHR interoperability" (not by
 * calling the importer): a condition's SPEC conditions and CKD stage, whether a medication counts, the most recent
 * usable 25(OH)D. Bundles of them, bundles broken in one place (with the path the 400 must name), and garbage.
 */
import fc from 'fast-check';

type Json = Record<string, unknown>;

export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  ucum: 'http://unitsofmeasure.org',
};

/** What a resource must become in the imported context. */
export type Effect =
  | { kind: 'patient'; sex?: 'female' | 'male' | 'other'; birthYear?: number }
  | { kind: 'med'; included: boolean; name?: string; rxnorm?: string; vka: boolean }
  | { kind: 'condition'; included: boolean; conditions: string[]; stage?: number }
  | { kind: 'vitaminD'; usable: boolean; value: number; unit: 'ng/mL' | 'nmol/L'; when: string }
  | { kind: 'other' };
export type GeneratedResource = { resources: Json[]; effect: Effect };

const THIS_YEAR = new Date().getUTCFullYear();
const pad = (n: number): string => String(n).padStart(2, '0');
const idArb = fc.stringMatching(/^[A-Za-z0-9.-]{1,24}$/);

// ── Patient ────────────────────────────────────────────────────────────────────────────────────────────────────────
const patientArb: fc.Arbitrary<GeneratedResource> = fc
  .record({
    gender: fc.option(fc.constantFrom('female', 'male', 'other', 'unknown', 'F', '', 'Female'), { nil: undefined }),
    birth: fc.oneof(
      fc.record({ years: fc.integer({ min: 1, max: 120 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), precision: fc.constantFrom('day', 'month', 'year') }),
      fc.constantFrom('future', '1800-01-01', 'not a date', '', 'none'),
    ),
  })
  .map(({ gender, birth }) => {
    let birthDate: string | undefined;
    let birthYear: number | undefined;
    if (typeof birth === 'object') {
      birthYear = THIS_YEAR - birth.years;
      birthDate = birth.precision === 'year' ? `${birthYear}` : birth.precision === 'month' ? `${birthYear}-${pad(birth.month)}` : `${birthYear}-${pad(birth.month)}-${pad(birth.day)}`;
    } else if (birth === 'future') birthDate = `${THIS_YEAR + 2}-01-01`;
    else if (birth !== 'none') birthDate = birth;
    const sex = gender === 'female' || gender === 'male' ? gender : gender === 'other' || gender === 'unknown' ? 'other' : undefined;
    const resource: Json = {
      resourceType: 'Patient',
      meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
      identifier: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.0', value: 'E1234' }],
      ...(gender === undefined ? {} : { gender }),
      ...(birthDate === undefined ? {} : { birthDate }),
    };
    return { resources: [resource], effect: { kind: 'patient', sex, birthYear } };
  });

// ── Condition ──────────────────────────────────────────────────────────────────────────────────────────────────────
/** [system, code, SPEC conditions, CKD stage]: the codes of ARCHITECTURE.md, in the spellings EHRs send. */
const KNOWN_CONDITION_CODES: Array<[string, string, string[], number?]> = [
  [SYSTEMS.snomed, '44054006', ['type-2-diabetes']],
  [SYSTEMS.snomed, '709044004', ['ckd']],
  [SYSTEMS.snomed, '431855005', ['ckd'], 1],
  [SYSTEMS.snomed, '433144002', ['ckd'], 3],
  [SYSTEMS.snomed, '431857002', ['ckd'], 4],
  [SYSTEMS.snomed, '46177005', ['ckd', 'dialysis'], 5],
  [SYSTEMS.snomed, '64859006', ['osteoporosis']],
  [SYSTEMS.snomed, '312894000', ['osteopenia']],
  [SYSTEMS.snomed, '49436004', ['atrial-fibrillation']],
  [SYSTEMS.snomed, '109995007', ['mds']],
  [SYSTEMS.snomed, '93143009', ['leukemia']],
  [SYSTEMS.icd10cm, 'E11.9', ['type-2-diabetes']],
  [SYSTEMS.icd10cm, 'N18.2', ['ckd'], 2],
  [SYSTEMS.icd10cm, 'N18.30', ['ckd'], 3],
  [SYSTEMS.icd10cm, 'n184', ['ckd'], 4],
  [SYSTEMS.icd10cm, 'N18.5', ['ckd'], 5],
  [SYSTEMS.icd10cm, 'N18.6', ['ckd', 'dialysis'], 5],
  [SYSTEMS.icd10cm, 'N18.9', ['ckd']],
  [SYSTEMS.icd10cm, 'Z99.2', ['dialysis']],
  [SYSTEMS.icd10cm, 'I48.91', ['atrial-fibrillation']],
  [SYSTEMS.icd10cm, 'M81.0', ['osteoporosis']],
  [SYSTEMS.icd10cm, 'D46.9', ['mds']],
  [SYSTEMS.icd10cm, 'C92.00', ['leukemia']],
  [SYSTEMS.icd10cm, 'K90.0', ['fat-malabsorption']],
  [SYSTEMS.icd10cm, 'I25.84', ['coronary-artery-disease', 'coronary-calcium']],
  [SYSTEMS.icd10, 'E11', ['type-2-diabetes']],
  [SYSTEMS.icd10, 'I48.0', ['atrial-fibrillation']],
];
const UNKNOWN_CONDITION_CODES: Array<[string, string]> = [
  [SYSTEMS.snomed, '38341003'], // hypertension
  [SYSTEMS.icd10cm, 'I10'],
  [SYSTEMS.icd10cm, 'N17.9'], // acute kidney failure: not N18
  [SYSTEMS.loinc, '62292-8'],
  ['urn:oid:2.16.840.1.113883.6.96', '44054006'], // SNOMED by OID: not read
  [SYSTEMS.snomed, 'N18.4'], // an ICD code under the SNOMED system
];
const CLINICAL = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'];
const VERIFICATION = ['confirmed', 'provisional', 'unconfirmed', 'differential', 'refuted', 'entered-in-error'];

const conditionArb: fc.Arbitrary<GeneratedResource> = fc
  .record({
    known: fc.subarray(KNOWN_CONDITION_CODES, { maxLength: 2 }),
    unknown: fc.subarray(UNKNOWN_CONDITION_CODES, { maxLength: 2 }),
    clinical: fc.option(fc.constantFrom(...CLINICAL), { nil: undefined }),
    verification: fc.option(fc.constantFrom(...VERIFICATION), { nil: undefined }),
    text: fc.option(fc.constantFrom('Chronic kidney disease', 'Type 2 diabetes', 'Essential hypertension'), { nil: undefined }),
  })
  .map(({ known, unknown, clinical, verification, text }) => {
    const coding = [...known.map(([system, code]) => ({ system, code, display: `code ${code}` })), ...unknown.map(([system, code]) => ({ system, code }))];
    const resource: Json = {
      resourceType: 'Condition',
      ...(clinical === undefined ? {} : { clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinical }] } }),
      ...(verification === undefined ? {} : { verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification }] } }),
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
      code: { coding, ...(text === undefined ? {} : { text }) },
    };
    const active = clinical === undefined || ['active', 'recurrence', 'relapse'].includes(clinical);
    const refuted = verification === 'refuted' || verification === 'entered-in-error';
    const included = active && !refuted && known.length > 0;
    const stages = known.map(([, , , stage]) => stage ?? 0);
    return { resources: [resource], effect: { kind: 'condition', included, conditions: [...new Set(known.flatMap(([, , c]) => c))], ...(Math.max(0, ...stages) > 0 ? { stage: Math.max(...stages) } : {}) } };
  });

// ── Medications ────────────────────────────────────────────────────────────────────────────────────────────────────
/** Drugs (never supplements) as EHRs name them, with an RxNorm code, and whether they are vitamin K antagonists. */
const DRUGS: Array<[text: string, rxnorm: string, vka: boolean]> = [
  ['warfarin (COUMADIN) 5 mg tablet', '855332', true],
  ['Warfarin Sodium 2 MG Oral Tablet', '855302', true],
  ['Jantoven 5 mg', '11289', true],
  ['acenocoumarol 4 mg', '154', true],
  ['phenprocoumon 3 mg', '8150', true],
  ['apixaban 5 MG Oral Tablet [Eliquis]', '1364445', false],
  ['rivaroxaban 20 MG', '1114198', false],
  ['aspirin 81 MG Delayed Release Oral Tablet', '1191', false],
  ['clopidogrel 75 MG Oral Tablet', '32968', false],
  ['atorvastatin 40 MG Oral Tablet', '83367', false],
  ['24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet', '860975', false],
  ['amoxicillin 500 MG Oral Capsule', '723', false],
  ['levothyroxine sodium 0.05 MG Oral Tablet', '10582', false],
];
/** Supplement products with or without a usable dose: they go to supplements or stay medications, never vanish. */
const SUPPLEMENT_PRODUCTS = ['Vitamin K2 (MK-7) 100 mcg capsule', 'Menatetrenone 15 mg', 'Cholecalciferol (vitamin D3) 1000 unit tablet', 'Vitamin D3', 'Magnesium citrate', 'Calcium carbonate 500 mg', 'Multivitamin', 'Phytonadione 5 mg'];
const DOSE_UNITS = ['ug', 'mcg', 'mg', '[iU]', 'IU', 'tablet', '{capsule}', 'mL', ''];
const INCLUDED_STATUS = ['active', 'on-hold', 'intended', 'unknown'];
const EXCLUDED_STATUS = ['completed', 'stopped', 'cancelled', 'entered-in-error', 'not-taken', 'draft'];

/** Free text as EHRs pass it on (accents, emoji, markup, control characters; long). */
const freeText = fc
  .string({ unit: fc.oneof({ weight: 8, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.constantFrom('\u0001', '\u200b', '<', '"', '\\', '\n', '\u00a0') }), minLength: 1, maxLength: 260 })
  .filter((s) => s.trim().length > 0);

type MedShape = 'text' | 'coding' | 'coding-no-display' | 'contained' | 'bundled';

const medicationArb: fc.Arbitrary<GeneratedResource> = fc
  .record({
    type: fc.constantFrom('MedicationStatement', 'MedicationRequest'),
    medicationId: fc.uuid(),
    status: fc.option(fc.constantFrom(...INCLUDED_STATUS, ...EXCLUDED_STATUS), { nil: undefined }),
    intent: fc.option(fc.constantFrom('order', 'plan', 'original-order', 'proposal'), { nil: undefined }),
    product: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...DRUGS).map(([text, rxnorm, vka]) => ({ text, rxnorm, vka, supplement: false })) },
      { weight: 2, arbitrary: freeText.map((text) => ({ text, rxnorm: undefined as string | undefined, vka: false, supplement: false })) },
      { weight: 2, arbitrary: fc.constantFrom(...SUPPLEMENT_PRODUCTS).map((text) => ({ text, rxnorm: undefined as string | undefined, vka: false, supplement: true })) },
    ),
    shape: fc.constantFrom<MedShape>('text', 'coding', 'coding-no-display', 'contained', 'bundled'),
    dose: fc.option(fc.record({ value: fc.oneof(fc.double({ min: -10, max: 100_000, noNaN: true }), fc.constantFrom(0, 1, 100, 1000, 50_000)), unit: fc.constantFrom(...DOSE_UNITS), code: fc.boolean() }), { nil: undefined }),
  })
  .map(({ type, medicationId, status, intent, product, shape, dose }) => {
    // A supplement named only by code has no name to recognise it by: supplements always carry their text.
    const effectiveShape: MedShape = (product.rxnorm === undefined || product.supplement) && (shape === 'coding' || shape === 'coding-no-display') ? 'text' : shape;
    const code = product.rxnorm;
    const concept: Json =
      effectiveShape === 'coding'
        ? { coding: [{ system: SYSTEMS.rxnorm, code, display: product.text }] }
        : effectiveShape === 'coding-no-display'
          ? { coding: [{ system: SYSTEMS.rxnorm, code }] }
          : { ...(code ? { coding: [{ system: SYSTEMS.rxnorm, code, display: `${product.text} (coded)` }, { system: 'urn:oid:2.16.840.1.113883.6.253', code: '12345' }] } : {}), text: product.text };
    const dosage = dose && product.supplement ? [{ text: 'daily', doseAndRate: [{ doseQuantity: { value: dose.value, unit: dose.unit, ...(dose.code ? { system: SYSTEMS.ucum, code: dose.unit } : {}) } }] }] : undefined;
    const resource: Json = {
      resourceType: type,
      ...(status === undefined ? {} : { status }),
      ...(type === 'MedicationRequest' && intent !== undefined ? { intent } : {}),
      ...(effectiveShape === 'contained'
        ? { contained: [{ resourceType: 'Medication', id: 'm1', code: concept }], medicationReference: { reference: '#m1' } }
        : effectiveShape === 'bundled'
          ? { medicationReference: { reference: `Medication/${medicationId}` } }
          : { medicationCodeableConcept: concept }),
      subject: { reference: 'Patient/p1' },
      ...(dosage ? { [type === 'MedicationStatement' ? 'dosage' : 'dosageInstruction']: dosage } : {}),
    };
    const resources = effectiveShape === 'bundled' ? [resource, { resourceType: 'Medication', id: medicationId, code: concept }] : [resource];
    const included = (status === undefined || INCLUDED_STATUS.includes(status)) && !(type === 'MedicationRequest' && intent === 'proposal');
    // The name the import must give: the concept's text, else a coding's display, else "RxNorm <code>" (at most 200 characters).
    const name = effectiveShape === 'coding-no-display' ? `RxNorm ${code}` : product.text.trim().slice(0, 200).trim();
    return { resources, effect: { kind: 'med', included, ...(product.supplement ? {} : { name }), ...(code ? { rxnorm: code } : {}), vka: product.vka } };
  });

// ── Observations ───────────────────────────────────────────────────────────────────────────────────────────────────
const VITAMIN_D_LOINC = ['62292-8', '1989-3', '14635-7'];
/** Units the import reads as 25(OH)D units (UCUM and the spellings EHRs emit), and odd ones it must not. */
const VITAMIN_D_UNIT_MAP: Record<string, 'ng/mL' | 'nmol/L'> = { 'ng/mL': 'ng/mL', 'ng/ml': 'ng/mL', 'ug/L': 'ng/mL', 'ug/l': 'ng/mL', 'µg/L': 'ng/mL', 'mcg/L': 'ng/mL', 'nmol/L': 'nmol/L', 'nmol/l': 'nmol/L' };
const ODD_UNITS = ['ng/dL', 'pg/mL', 'mmol/L', 'NG/ML', 'nmol', '%', '[IU]/L', ''];
const OBS_STATUS_OK = ['final', 'amended', 'corrected', 'preliminary'];

const vitaminDArb: fc.Arbitrary<GeneratedResource> = fc
  .record({
    id: idArb,
    loinc: fc.constantFrom(...VITAMIN_D_LOINC),
    status: fc.option(fc.constantFrom(...OBS_STATUS_OK, 'registered', 'cancelled', 'entered-in-error'), { nil: undefined }),
    value: fc.oneof(fc.double({ min: 0.5, max: 150, noNaN: true }), fc.constantFrom(0, -3, 12, 19.9, 49.9, 250, 251, 300, 624, 1000)),
    unit: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.keys(VITAMIN_D_UNIT_MAP)) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_UNITS) }),
    asCode: fc.constantFrom('both', 'unit only', 'code only'),
    when: fc.option(fc.record({ y: fc.integer({ min: 2015, max: 2025 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }), { nil: undefined }),
  })
  .map(({ id, loinc, status, value, unit, asCode, when }) => {
    const effective = when ? `${when.y}-${pad(when.m)}-${pad(when.d)}T08:30:00Z` : undefined;
    const quantity: Json = { value, ...(asCode !== 'code only' ? { unit } : {}), ...(asCode !== 'unit only' ? { system: SYSTEMS.ucum, code: unit } : {}) };
    const resource: Json = {
      resourceType: 'Observation',
      id,
      ...(status === undefined ? {} : { status }),
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: SYSTEMS.loinc, code: loinc, display: '25-hydroxyvitamin D' }], text: 'Vitamin D, 25-Hydroxy' },
      ...(effective ? { effectiveDateTime: effective } : {}),
      valueQuantity: quantity,
    };
    const mapped = VITAMIN_D_UNIT_MAP[unit];
    const ng = mapped === 'nmol/L' ? value / 2.496 : value;
    const usable = (status === undefined || OBS_STATUS_OK.includes(status)) && mapped !== undefined && value > 0 && ng <= 250;
    return { resources: [resource], effect: { kind: 'vitaminD', usable, value, unit: mapped ?? 'ng/mL', when: effective ?? '' } };
  });

const otherArb: fc.Arbitrary<GeneratedResource> = fc
  .oneof(
    fc.record({ resourceType: fc.constant('Observation'), status: fc.constant('final'), code: fc.constant({ coding: [{ system: SYSTEMS.loinc, code: '6301-6', display: 'INR' }] }), valueQuantity: fc.record({ value: fc.double({ min: 0.8, max: 6, noNaN: true }) }) }),
    fc.record({ resourceType: fc.constant('Observation'), status: fc.constant('final'), code: fc.constant({ coding: [{ system: SYSTEMS.loinc, code: '2345-7', display: 'Glucose' }] }), valueQuantity: fc.constant({ value: 95, unit: 'mg/dL' }) }),
    fc.constantFrom<Json>(
      { resourceType: 'AllergyIntolerance', code: { text: 'Penicillin' } },
      { resourceType: 'Encounter', status: 'finished' },
      { resourceType: 'Practitioner', name: [{ family: 'Doe' }] },
      { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'processing' }] },
      { resourceType: 'Immunization', status: 'completed' },
    ),
  )
  .map((resource) => ({ resources: [resource], effect: { kind: 'other' } as Effect }));

/** A resource of any of the kinds above, with its expected effect. */
export const resourceArb: fc.Arbitrary<GeneratedResource> = fc.oneof(
  { weight: 1, arbitrary: patientArb },
  { weight: 3, arbitrary: medicationArb },
  { weight: 3, arbitrary: conditionArb },
  { weight: 2, arbitrary: vitaminDArb },
  { weight: 1, arbitrary: otherArb },
);
export const patientResourceArb = patientArb;

/** What the imported context must hold, from the effects of the resources in bundle order. */
export type BundleExpectation = {
  sex?: string;
  birthYear?: number;
  conditions: string[];
  ckdStage?: number;
  vitaminD?: { value: number; unit: string };
  /** Medication resources that count: each becomes a medication or a supplement. */
  medicationCount: number;
  medicationNames: string[];
  rxnorm: string[];
  vka: boolean;
};

export function expectationOf(effects: Effect[]): BundleExpectation {
  const firstPatient = effects.find((e): e is Extract<Effect, { kind: 'patient' }> => e.kind === 'patient');
  const conditions = new Set<string>();
  let stage = 0;
  let vitaminD: Extract<Effect, { kind: 'vitaminD' }> | undefined;
  const meds = effects.filter((e): e is Extract<Effect, { kind: 'med' }> => e.kind === 'med' && e.included);
  for (const e of effects) {
    if (e.kind === 'condition' && e.included) {
      e.conditions.forEach((c) => conditions.add(c));
      stage = Math.max(stage, e.stage ?? 0);
    }
    // The most recent usable result; on a tie the first one.
    if (e.kind === 'vitaminD' && e.usable && (!vitaminD || e.when > vitaminD.when)) vitaminD = e;
  }
  return {
    ...(firstPatient?.sex ? { sex: firstPatient.sex } : {}),
    ...(firstPatient?.birthYear !== undefined ? { birthYear: firstPatient.birthYear } : {}),
    conditions: [...conditions].sort(),
    ...(stage > 0 ? { ckdStage: stage } : {}),
    ...(vitaminD ? { vitaminD: { value: vitaminD.value, unit: vitaminD.unit } } : {}),
    medicationCount: meds.length,
    medicationNames: meds.flatMap((m) => (m.name ? [m.name] : [])),
    rxnorm: meds.flatMap((m) => (m.rxnorm ? [m.rxnorm] : [])),
    vka: meds.some((m) => m.vka),
  };
}

/** A resource's label in mapped[]/ignored[]: "Type/id". Every generated resource that is not a bundled Medication has an id. */
export const labelOf = (resource: Json): string => `${String(resource.resourceType)}/${String(resource.id)}`;

// ── Bundles ────────────────────────────────────────────────────────────────────────────────────────────────────────
export type ValidBundleCase = { kind: 'valid'; label: string; bundle: Json; expected: BundleExpectation; labels: string[] };
export type InvalidBundleCase = { kind: 'invalid'; label: string; body?: unknown; raw?: string; path: string };
/** Garbage: either answer is right (200 with a draft that parses, or 400 with field errors), never a 5xx. */
export type AnyBundleCase = { kind: 'any'; label: string; body?: unknown; raw?: string };
export type BundleCase = ValidBundleCase | InvalidBundleCase | AnyBundleCase;

/** Resources with unique ids (a bundle's references and labels need them), the Patient usually first. */
export const resourcesArb = (maxLength: number): fc.Arbitrary<GeneratedResource[]> =>
  fc.tuple(fc.option(patientArb, { freq: 5, nil: undefined }), fc.array(resourceArb, { maxLength })).map(([patient, rest]) => {
    const all = patient ? [patient, ...rest] : rest;
    return all.map((g, i) => ({ ...g, resources: g.resources.map((r, k) => (r.resourceType === 'Medication' ? r : { ...r, id: `${String(r.resourceType).toLowerCase()}-${i}-${k}` })) }));
  });

export const validBundleArb: fc.Arbitrary<ValidBundleCase> = fc
  .record({ generated: resourcesArb(14), type: fc.constantFrom('collection', 'searchset', 'transaction', 'batch', 'document'), fullUrls: fc.boolean() })
  .map(({ generated, type, fullUrls }) => {
    const resources = generated.flatMap((g) => g.resources);
    const bundle: Json = {
      resourceType: 'Bundle',
      id: 'b-fuzz',
      type,
      ...(type === 'searchset' ? { total: resources.length, link: [{ relation: 'self', url: 'https://ehr.example.org/fhir/R4/Patient/p1/$everything' }] } : {}),
      entry: resources.map((resource) => ({ ...(fullUrls ? { fullUrl: `https://ehr.example.org/fhir/R4/${String(resource.resourceType)}/${String(resource.id)}` } : {}), resource, ...(type === 'searchset' ? { search: { mode: 'match' } } : {}) })),
    };
    const labels = generated.flatMap((g) => g.resources.filter((r) => r.resourceType !== 'Medication').map(labelOf));
    return { kind: 'valid', label: 'valid bundle', bundle, expected: expectationOf(generated.map((g) => g.effect)), labels };
  });

/** Resources whose fields are anything at all (the shape of a bundle kept): the import must read them defensively. */
export const garbageResource: fc.Arbitrary<Json> = fc.record(
  {
    resourceType: fc.constantFrom('Patient', 'MedicationStatement', 'MedicationRequest', 'Observation', 'Condition', 'NutritionOrder', 'Medication', ' ', 'Bundle', '__proto__'),
    id: fc.oneof(fc.string(), fc.anything()),
    status: fc.oneof(fc.constantFrom('active', 'stopped', 'final', 'on-hold'), fc.anything()),
    gender: fc.anything(),
    birthDate: fc.oneof(fc.constantFrom('1950-01-01', '2030-01-01', '1800', '0000-00-00', '1950-13-45'), fc.anything()),
    medicationCodeableConcept: fc.oneof(fc.record({ coding: fc.oneof(fc.array(fc.record({ system: fc.oneof(fc.constantFrom(...Object.values(SYSTEMS)), fc.anything()), code: fc.anything(), display: fc.anything(), userSelected: fc.anything() }, { requiredKeys: [] })), fc.anything()), text: fc.anything() }, { requiredKeys: [] }), fc.anything()),
    medicationReference: fc.oneof(fc.record({ reference: fc.oneof(fc.constantFrom('#m1', 'Medication/x', '#'), fc.anything()) }), fc.anything()),
    contained: fc.oneof(fc.array(fc.record({ resourceType: fc.constant('Medication'), id: fc.oneof(fc.constant('m1'), fc.anything()), code: fc.anything() })), fc.anything()),
    code: fc.oneof(fc.record({ coding: fc.array(fc.record({ system: fc.constantFrom(...Object.values(SYSTEMS)), code: fc.oneof(fc.constantFrom('N18.4', '431857002', '62292-8', '6301-6', 'E11.9', ''), fc.string()) })) }), fc.anything()),
    clinicalStatus: fc.anything(),
    verificationStatus: fc.anything(),
    valueQuantity: fc.oneof(fc.record({ value: fc.oneof(fc.double(), fc.anything()), unit: fc.constantFrom('ng/mL', 'nmol/L', 'ug/L', 'mg'), code: fc.anything() }), fc.anything()),
    dosage: fc.oneof(fc.array(fc.record({ doseAndRate: fc.array(fc.record({ doseQuantity: fc.record({ value: fc.oneof(fc.double(), fc.anything()), unit: fc.constantFrom('mg', 'ug', '[iU]'), code: fc.anything() }) })) })), fc.anything()),
    supplement: fc.oneof(fc.array(fc.record({ productName: fc.oneof(fc.constantFrom('Vitamin K2 MK-7', 'Vitamin D3'), fc.anything()), quantity: fc.anything() })), fc.anything()),
    effectiveDateTime: fc.anything(),
    intent: fc.anything(),
  },
  { requiredKeys: ['resourceType'] },
);

export const garbageInsideBundleArb: fc.Arbitrary<AnyBundleCase> = fc
  .array(fc.record({ resource: garbageResource, fullUrl: fc.oneof(fc.constantFrom('Medication/x', 'urn:uuid:1'), fc.string()) }, { requiredKeys: ['resource'] }), { maxLength: 12 })
  .map((entry) => ({ kind: 'any', label: 'garbage inside a bundle', body: { resourceType: 'Bundle', type: 'collection', entry } }));

export const randomJsonArb: fc.Arbitrary<AnyBundleCase> = fc
  .oneof(
    fc.jsonValue().map((v) => ({ body: v })),
    fc.record({ resourceType: fc.oneof(fc.constant('Bundle'), fc.jsonValue()), type: fc.jsonValue(), entry: fc.jsonValue() }, { requiredKeys: [] }).map((v) => ({ body: v })),
    fc.string().map((raw) => ({ raw })),
  )
  .map((c) => ({ kind: 'any', label: 'random JSON', ...c }));

type BundleMutation = (bundle: Json, entries: Json[], at: number) => { body?: unknown; raw?: string; path: string };
const bundleMutation = (label: string, arb: fc.Arbitrary<BundleMutation>) => arb.map((mutate) => ({ label, mutate }));

/** A valid bundle broken in one place, with the path of the problem. */
export const invalidBundleArb: fc.Arbitrary<InvalidBundleCase> = fc
  .tuple(
    validBundleArb,
    fc.nat(),
    fc.oneof(
      bundleMutation('not a JSON object', fc.constantFrom('[]', '5', 'null', '"Bundle"', 'true', '', '[{"resourceType":"Bundle"}]').map((raw): BundleMutation => () => ({ raw, path: '_form' }))),
      bundleMutation(
        'malformed JSON',
        fc.constantFrom('truncated', 'trailing comma', 'single quotes', 'garbage after').map((how): BundleMutation => (bundle) => {
          const text = JSON.stringify(bundle);
          const raw = { truncated: text.slice(0, Math.floor(text.length / 2)), 'trailing comma': `${text.slice(0, -1)},}`, 'single quotes': text.replace(/"/g, "'"), 'garbage after': `${text}]` }[how]!;
          return { raw, path: '_form' };
        }),
      ),
      bundleMutation('not a Bundle', fc.constantFrom<unknown>(undefined, 'Patient', 'bundle', 'BUNDLE', 5, null, ['Bundle']).map((rt): BundleMutation => (bundle) => ({ body: { ...bundle, resourceType: rt }, path: 'resourceType' }))),
      bundleMutation('Bundle.type not a code', fc.constantFrom<unknown>(5, {}, [], true, null).map((t): BundleMutation => (bundle) => ({ body: { ...bundle, type: t }, path: 'type' }))),
      bundleMutation('entry not a list', fc.constantFrom<unknown>({}, 'x', 5, null, { 0: {} }).map((e): BundleMutation => (bundle) => ({ body: { ...bundle, entry: e }, path: 'entry' }))),
      bundleMutation(
        'entry not an object',
        fc.constantFrom<unknown>(5, 'x', null, [], true).map((bad): BundleMutation => (bundle, entries, at) => ({ body: { ...bundle, entry: [...entries.slice(0, at), bad, ...entries.slice(at)] }, path: `entry.${at}` })),
      ),
      bundleMutation(
        'fullUrl not a string',
        fc.constantFrom<unknown>(5, {}, null, []).map((bad): BundleMutation => (bundle, entries, at) => ({ body: { ...bundle, entry: [...entries.slice(0, at), { fullUrl: bad, resource: { resourceType: 'Patient' } }, ...entries.slice(at)] }, path: `entry.${at}.fullUrl` })),
      ),
      bundleMutation(
        'resource not an object',
        fc.constantFrom<unknown>('Patient', 5, [], null, true).map((bad): BundleMutation => (bundle, entries, at) => ({ body: { ...bundle, entry: [...entries.slice(0, at), { resource: bad }, ...entries.slice(at)] }, path: `entry.${at}.resource` })),
      ),
      bundleMutation(
        'resource without a type',
        fc.constantFrom<unknown>(undefined, '', 5, null, ['Patient'], {}).map((bad): BundleMutation => (bundle, entries, at) => ({
          body: { ...bundle, entry: [...entries.slice(0, at), { resource: { ...(bad === undefined ? {} : { resourceType: bad }), id: 'x', gender: 'female' } }, ...entries.slice(at)] },
          path: `entry.${at}.resource.resourceType`,
        })),
      ),
      bundleMutation(
        'too many entries',
        fc.integer({ min: 5_001, max: 5_200 }).map((n): BundleMutation => (bundle) => ({ body: { ...bundle, entry: Array.from({ length: n }, () => ({})) }, path: 'entry' })),
      ),
    ),
  )
  .map(([base, n, m]) => {
    const entries = base.bundle.entry as Json[];
    return { kind: 'invalid', label: m.label, ...m.mutate(base.bundle, entries, n % (entries.length + 1)) };
  });
