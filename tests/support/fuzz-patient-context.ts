/**
 * fast-check arbitraries of PatientContext request bodies for the HTTP fuzz test, with their expected answer decided
 * here, not by the server: a valid body is valid by construction (every rule of SPEC "PatientContext" respected,
 * edge values at the bounds included), an invalid one is a valid body with exactly one thing broken, and carries the
 * field path the 400 must name. The safety codes a valid body must raise come from the SPEC safety table.
 */
import fc from 'fast-check';
import { CONDITIONS, GOALS } from '@/lib/domain/vocabulary';

type Json = Record<string, unknown>;

/** SPEC medication classes: names and RxNorm codes that must raise their safety code (one direction only: a match implies the code). */
export type MedClass = 'vka' | 'doac' | 'antiplatelet' | 'fat-malabsorption' | 'antibiotic' | 'other';
const NAMED_MEDICATIONS: Array<[name: string, cls: MedClass]> = [
  ['warfarin', 'vka'],
  ['Warfarin sodium 5 MG Oral Tablet', 'vka'],
  ['COUMADIN 5mg', 'vka'],
  ['Coumadin®2.5mg', 'vka'],
  ['Jantoven', 'vka'],
  ['Marevan 1 mg', 'vka'],
  ['acenocoumarol', 'vka'],
  ['Sintrom 4 mg', 'vka'],
  ['phenprocoumon', 'vka'],
  ['Marcoumar', 'vka'],
  ['fluindione (Previscan)', 'vka'],
  ['apixaban 5 mg twice daily', 'doac'],
  ['Eliquis', 'doac'],
  ['rivaroxaban', 'doac'],
  ['XARELTO 20mg', 'doac'],
  ['dabigatran etexilate', 'doac'],
  ['Pradaxa', 'doac'],
  ['edoxaban', 'doac'],
  ['aspirin 81 mg', 'antiplatelet'],
  ['acetylsalicylic acid', 'antiplatelet'],
  ['clopidogrel', 'antiplatelet'],
  ['Plavix 75 mg', 'antiplatelet'],
  ['ticagrelor', 'antiplatelet'],
  ['prasugrel', 'antiplatelet'],
  ['orlistat', 'fat-malabsorption'],
  ['Questran (cholestyramine)', 'fat-malabsorption'],
  ['mineral oil', 'fat-malabsorption'],
  ['amoxicillin for 3 weeks', 'antibiotic'],
  ['doxycycline 100 mg', 'antibiotic'],
  ['cefazolin', 'antibiotic'],
  ['atorvastatin 40 mg', 'other'],
  ['metformin', 'other'],
  ['levothyroxine', 'other'],
  ['enoxaparin', 'other'],
  ['heparin', 'other'],
  ['dasatinib', 'other'],
  ['Herbal sleep tea (patient reported)', 'other'],
];
const RXNORM_CODES: Array<[code: string, cls: MedClass]> = [
  ['11289', 'vka'], // warfarin
  ['855332', 'vka'], // warfarin sodium 5 MG Oral Tablet
  ['154', 'vka'], // acenocoumarol
  ['1364430', 'doac'], // apixaban
  ['1114195', 'doac'], // rivaroxaban
  ['1191', 'antiplatelet'], // aspirin
  ['32968', 'antiplatelet'], // clopidogrel
  ['83367', 'other'], // atorvastatin
];

/**
 * Text that any form or EHR might pass on: printable Unicode, control characters, invisible marks, markup. Not NUL or
 * an unpaired surrogate, which PostgreSQL cannot store and the schema refuses (those are an invalid mutation below).
 */
const awkwardChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000') },
  { weight: 1, arbitrary: fc.constantFrom('\u200b', '\u200f', '\u202e', '\ufeff', '\u00a0', '\u2028', '\ud83d\ude00', '"', '\\', '<', '>', '&', '\'', '%', '\n', '\t') },
);
/** A character PostgreSQL's text and jsonb refuse: NUL, or half of a surrogate pair. */
const unstorableChar = fc.oneof(fc.constant('\u0000'), fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)));
const awkwardText = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: awkwardChar, minLength: 1, maxLength });

/** A medication as entered: a named drug (maybe with its RxNorm code), a code with any name, or free text of any kind. */
const medicationArb: fc.Arbitrary<{ med: Json; cls: MedClass[] }> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NAMED_MEDICATIONS).map(([name, cls]) => ({ med: { name }, cls: [cls] })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...RXNORM_CODES), fc.oneof(fc.constantFrom('tablet', 'the blood thinner', 'drug'), awkwardText(30).filter((s) => s.trim().length > 0)), fc.boolean()).map(([[code, cls], name, padded]) => ({
      med: { name, rxnorm: padded ? ` ${code} ` : code },
      cls: [cls],
    })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(awkwardText(220), fc.option(fc.stringMatching(/^\d{1,10}$/), { nil: undefined }))
      .filter(([name]) => name.trim().length >= 1 && name.trim().length <= 200)
      .map(([name, rxnorm]) => ({ med: { name, ...(rxnorm === undefined ? {} : { rxnorm }) }, cls: [] as MedClass[] })),
  },
  // At the bound: exactly 200 characters once trimmed, with whitespace around it.
  { weight: 1, arbitrary: fc.constantFrom('a', 'Z', '7').map((c) => ({ med: { name: `  ${c.repeat(200)}\t` }, cls: [] as MedClass[] })) },
);

const FREQUENCY = fc.constantFrom('never', 'monthly', 'weekly', 'daily');
/** A positive amount up to the schema's 10,000,000: typical doses, tiny and huge doubles, and the bounds. */
const amount = (max: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(...[0.5, 1, 10, 45, 90, 100, 180, 200, 360, 400, 1000, 2000, 4000, 5000, 10_000, 50_000].filter((n) => n <= max), max, Number.MIN_VALUE, 1e-9),
    fc.double({ min: 1e-6, max, noNaN: true }),
  );
/** A supplement the schema accepts: IU only for D3, multivitamins and "other"; D3 by mass at most 2,500 mcg. */
const supplementArb: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ kind: fc.constantFrom('k2-mk7', 'k2-mk4', 'k1', 'calcium', 'magnesium'), amount: amount(10_000_000), unit: fc.constantFrom('mcg', 'mg') }),
  fc.record({ kind: fc.constant('d3'), amount: amount(10_000_000), unit: fc.constant('IU') }),
  fc.record({ kind: fc.constant('d3'), amount: amount(2_500), unit: fc.constant('mcg') }),
  fc.record({ kind: fc.constant('d3'), amount: amount(2.5), unit: fc.constant('mg') }),
  fc.record({ kind: fc.constantFrom('multivitamin', 'other'), amount: amount(10_000_000), unit: fc.constantFrom('mcg', 'mg', 'IU') }),
);

/** A list with some of its items repeated, at most `max` long (the schema de-duplicates conditions and goals after the length check). */
const withRepeats = <T>(items: readonly T[], minLength: number, max: number): fc.Arbitrary<T[]> =>
  fc.tuple(fc.subarray([...items], { minLength }), fc.array(fc.constantFrom(...items), { maxLength: 3 })).map(([list, extra]) => [...list, ...(list.length ? extra.filter((e) => list.includes(e)) : [])].slice(0, max));

const vitaminDLevel = fc.oneof(
  fc.record({ value: fc.oneof(fc.double({ min: 0.1, max: 250, noNaN: true }), fc.constantFrom(0.1, 4, 12, 19.9, 20, 30, 249.9, 250)), unit: fc.constant('ng/mL') }),
  fc.record({ value: fc.oneof(fc.double({ min: 0.1, max: 620, noNaN: true }), fc.constantFrom(0.1, 25, 49, 50, 75, 600, 620)), unit: fc.constant('nmol/L') }),
);
const patientRefArb = fc.oneof(fc.constantFrom('', null, 'ref 12', 'Bed 4/B', 'MRN-REDACTED #2', 'Zoë_3.1', '  padded  ', 'x'.repeat(40)), fc.stringMatching(/^[A-Za-z0-9 _.#/-]{1,40}$/));

type Draft = {
  age: number;
  sex: 'female' | 'male' | 'other';
  pregnancy: 'none' | 'pregnant' | 'breastfeeding';
  meds: Array<{ med: Json; cls: MedClass[] }>;
  conditions: string[];
  coronaryCalciumScore: number | undefined;
  ckdStage: number | undefined;
  vitaminKStatus: string | undefined;
  level: { value: number; unit: string } | undefined;
  supplementIuPerDay: number | undefined;
  diet: Json | undefined;
  supplements: Json[];
  goals: string[];
  patientRef: unknown;
  omitDefaults: boolean;
};

const draftArb: fc.Arbitrary<Draft> = fc.record({
  age: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constantFrom(0, 1, 9, 10, 17, 18, 60, 61, 119, 120)),
  sex: fc.constantFrom('female', 'male', 'other'),
  pregnancy: fc.constantFrom('none', 'none', 'pregnant', 'breastfeeding'),
  meds: fc.oneof({ weight: 9, arbitrary: fc.array(medicationArb, { maxLength: 6 }) }, { weight: 1, arbitrary: fc.array(medicationArb, { minLength: 45, maxLength: 50 }) }),
  conditions: withRepeats(CONDITIONS, 0, CONDITIONS.length),
  coronaryCalciumScore: fc.option(fc.oneof(fc.double({ min: 0, max: 20_000, noNaN: true }), fc.constantFrom(0, 1, 100, 400, 20_000)), { nil: undefined }),
  ckdStage: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  vitaminKStatus: fc.option(fc.constantFrom('unknown', 'adequate', 'low', 'deficient'), { nil: undefined }),
  level: fc.option(vitaminDLevel, { nil: undefined }),
  supplementIuPerDay: fc.option(fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, 800, 4000, 4001, 1_000_000)), { nil: undefined }),
  diet: fc.option(fc.record({ pattern: fc.constantFrom('omnivore', 'vegetarian', 'vegan'), natto: FREQUENCY, hardCheese: FREQUENCY, eggs: FREQUENCY, leafyGreens: FREQUENCY }, { requiredKeys: [] }), { nil: undefined }),
  supplements: fc.oneof({ weight: 9, arbitrary: fc.array(supplementArb, { maxLength: 5 }) }, { weight: 1, arbitrary: fc.array(supplementArb, { minLength: 28, maxLength: 30 }) }),
  goals: withRepeats(GOALS, 1, GOALS.length),
  patientRef: fc.option(patientRefArb, { nil: undefined }),
  omitDefaults: fc.boolean(),
});

/** The request body of a draft, valid by construction: the cross-field rules decide pregnancy and the CKD stage. */
function toBody(d: Draft): Json {
  const pregnancy = d.sex !== 'male' && d.age >= 10 && d.age <= 60 ? d.pregnancy : 'none';
  const kidney = d.conditions.includes('ckd') || d.conditions.includes('dialysis');
  const vitaminD = { ...(d.level ? { level: d.level } : {}), ...(d.supplementIuPerDay === undefined ? {} : { supplementIuPerDay: d.supplementIuPerDay }) };
  const body: Json = { age: d.age, sex: d.sex, goals: d.goals };
  const optional: Json = {
    pregnancy,
    medications: d.meds.map((m) => m.med),
    conditions: d.conditions,
    ...(d.coronaryCalciumScore === undefined ? {} : { coronaryCalciumScore: d.coronaryCalciumScore }),
    ...(kidney && d.ckdStage !== undefined ? { ckdStage: d.ckdStage } : {}),
    ...(d.vitaminKStatus === undefined ? {} : { vitaminKStatus: d.vitaminKStatus }),
    vitaminD,
    ...(d.diet === undefined ? {} : { diet: d.diet }),
    supplements: d.supplements,
    ...(d.patientRef === undefined ? {} : { patientRef: d.patientRef }),
  };
  for (const [key, value] of Object.entries(optional)) {
    // Defaults may be left out: [] / {} / "none" mean the same as nothing.
    const isDefault = (Array.isArray(value) && value.length === 0) || (key === 'vitaminD' && Object.keys(value as Json).length === 0) || value === 'none';
    if (!(d.omitDefaults && isDefault)) body[key] = value;
  }
  return body;
}

/** What the report of a valid body must show, from the SPEC tables (each implication holds one way only). */
export type Expected = { goals: string[]; safetyCodes: string[]; vitaminDNgPerMl: number | null };

const IU_PER_MCG_D3 = 40;
function expectations(d: Draft, body: Json): Expected {
  const classes = new Set(d.meds.flatMap((m) => m.cls));
  const conditions = new Set(d.conditions);
  const codes: string[] = [];
  if (classes.has('vka')) codes.push('vka-interaction');
  if (classes.has('doac')) codes.push('doac-no-interaction');
  if (classes.has('antiplatelet')) codes.push('antiplatelet-no-interaction');
  if (body.pregnancy !== undefined && body.pregnancy !== 'none') codes.push('pregnancy-lactation');
  if (d.age < 18) codes.push('pediatric');
  if (classes.has('fat-malabsorption') || conditions.has('fat-malabsorption')) codes.push('fat-malabsorption');
  const d3Iu = d.supplements.filter((s) => s.kind === 'd3').reduce((sum, s) => sum + (s.unit === 'IU' ? (s.amount as number) : (s.amount as number) * (s.unit === 'mg' ? 1000 : 1) * IU_PER_MCG_D3), 0);
  if (Math.max(d.supplementIuPerDay ?? 0, d3Iu) > 4_000 * 1.000001) codes.push('vitamin-d-above-ul');
  if (d.supplements.some((s) => s.kind === 'k2-mk4' && (s.amount as number) * (s.unit === 'mg' ? 1000 : 1) >= 1000)) codes.push('mk4-pharmacologic-dose');
  if (conditions.has('ckd') || conditions.has('dialysis')) codes.push('kidney-disease');
  const ng = d.level ? (d.level.unit === 'ng/mL' ? d.level.value : d.level.value / 2.496) : null;
  if (ng !== null && ng < 19.99) codes.push('vitamin-d-deficiency');
  if (d.vitaminKStatus === 'low' || d.vitaminKStatus === 'deficient') codes.push('vitamin-k-low-status');
  return { goals: [...new Set(d.goals)], safetyCodes: codes, vitaminDNgPerMl: ng };
}

export type ValidCase = { kind: 'valid'; label: string; body: Json; expected: Expected };
/** An invalid request: a body (sent as JSON) or raw text, and the field path the 400 must name (`_form` for the body as a whole). */
export type InvalidCase = { kind: 'invalid'; label: string; body?: unknown; raw?: string; path: string };
export type ContextCase = ValidCase | InvalidCase;

export const validContextArb: fc.Arbitrary<ValidCase> = draftArb.map((d) => {
  const body = toBody(d);
  return { kind: 'valid', label: 'valid', body, expected: expectations(d, body) };
});

/** Set a key as an own, enumerable property, even "__proto__" (which an object literal or assignment would not). */
function setOwn(target: Json, key: string, value: unknown): Json {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

type Mutation = (body: Json) => Omit<InvalidCase, 'kind' | 'label'>;
const mutation = (label: string, arb: fc.Arbitrary<Mutation>): fc.Arbitrary<{ label: string; mutate: Mutation }> => arb.map((mutate) => ({ label, mutate }));

const asList = (body: Json, key: string): Json[] => (Array.isArray(body[key]) ? (body[key] as Json[]) : []);
/** An index into a list of the body: an existing item (or 0 on an empty list, which then gets one). */
const itemIndex = (body: Json, key: string, pick: number, fallback: Json): number => {
  const list = asList(body, key);
  if (list.length === 0) body[key] = [fallback];
  return list.length === 0 ? 0 : pick % list.length;
};

const NUMBER_FIELDS = ['age', 'coronaryCalciumScore', 'ckdStage'] as const;
const ENUM_FIELDS = ['sex', 'pregnancy', 'vitaminKStatus'] as const;
const ARRAY_FIELDS = ['medications', 'conditions', 'supplements', 'goals'] as const;
const OBJECT_FIELDS = ['vitaminD', 'diet'] as const;
const TOP_KEYS = new Set(['age', 'sex', 'pregnancy', 'medications', 'conditions', 'coronaryCalciumScore', 'ckdStage', 'vitaminKStatus', 'vitaminD', 'diet', 'supplements', 'goals', 'patientRef']);
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

const wrongType = mutation(
  'wrong type',
  fc.oneof(
    fc.tuple(fc.constantFrom(...NUMBER_FIELDS), fc.constantFrom<unknown>('70', '', true, null, [], {}, [70], { value: 70 })).map(([field, value]): Mutation => (b) => ({ body: { ...b, [field]: value }, path: field })),
    fc.tuple(fc.constantFrom(...ENUM_FIELDS), fc.constantFrom<unknown>(1, 0, null, true, [], {}, ['female'])).map(([field, value]): Mutation => (b) => ({ body: { ...b, [field]: value }, path: field })),
    fc.tuple(fc.constantFrom(...ARRAY_FIELDS), fc.constantFrom<unknown>('bone', 'ckd', 1, null, true, {}, { 0: 'bone' })).map(([field, value]): Mutation => (b) => ({ body: { ...b, [field]: value }, path: field })),
    fc.tuple(fc.constantFrom(...OBJECT_FIELDS), fc.constantFrom<unknown>('vegan', 1, null, true, [], [{}])).map(([field, value]): Mutation => (b) => ({ body: { ...b, [field]: value }, path: field })),
    fc.tuple(fc.nat(), fc.constantFrom<unknown>(null, 5, [], { text: 'warfarin' }, true)).map(([i, value]): Mutation => (b) => {
      const k = itemIndex(b, 'medications', i, { name: 'warfarin' });
      (b.medications as Json[])[k] = { ...(b.medications as Json[])[k], name: value };
      return { body: b, path: `medications.${k}.name` };
    }),
    fc.tuple(fc.nat(), fc.constantFrom<unknown>(11289, null, true, ['11289'])).map(([i, value]): Mutation => (b) => {
      const k = itemIndex(b, 'medications', i, { name: 'warfarin' });
      (b.medications as Json[])[k] = { ...(b.medications as Json[])[k], rxnorm: value };
      return { body: b, path: `medications.${k}.rxnorm` };
    }),
    fc.tuple(fc.nat(), fc.constantFrom<unknown>('100', null, true, [100], { value: 100 })).map(([i, value]): Mutation => (b) => {
      const k = itemIndex(b, 'supplements', i, { kind: 'k2-mk7', amount: 90, unit: 'mcg' });
      (b.supplements as Json[])[k] = { ...(b.supplements as Json[])[k], amount: value };
      return { body: b, path: `supplements.${k}.amount` };
    }),
    fc.tuple(fc.nat(), fc.constantFrom<unknown>(null, 5, 'x', [])).map(([i, value]): Mutation => (b) => {
      const k = itemIndex(b, 'medications', i, { name: 'warfarin' });
      (b.medications as unknown[])[k] = value;
      return { body: b, path: `medications.${k}` };
    }),
    fc.constantFrom<unknown>('30', null, true, []).map((value): Mutation => (b) => ({ body: { ...b, vitaminD: { level: { value, unit: 'ng/mL' } } }, path: 'vitaminD.level.value' })),
  ),
);

const outOfRange = mutation(
  'out of range',
  fc.oneof(
    fc.constantFrom(-1, 121, 1e9, -1e9, 0.5, 17.5, 120.0001, Number.MAX_VALUE).map((age): Mutation => (b) => ({ body: { ...b, age }, path: 'age' })),
    fc.constantFrom(-0.001, -1, 20_000.001, 1e308).map((score): Mutation => (b) => ({ body: { ...b, coronaryCalciumScore: score }, path: 'coronaryCalciumScore' })),
    fc.constantFrom(0, 6, 2.5, -1, 1e6).map((stage): Mutation => (b) => ({ body: { ...b, conditions: [...new Set([...((b.conditions as string[]) ?? []), 'ckd'])], ckdStage: stage }, path: 'ckdStage' })),
    fc.constantFrom(0, -1, -0.001).map((value): Mutation => (b) => ({ body: { ...b, vitaminD: { level: { value, unit: 'nmol/L' } } }, path: 'vitaminD.level.value' })),
    fc.constantFrom(-1, -0.5, 1_000_001, 1e12).map((iu): Mutation => (b) => ({ body: { ...b, vitaminD: { supplementIuPerDay: iu } }, path: 'vitaminD.supplementIuPerDay' })),
    fc.tuple(fc.nat(), fc.constantFrom(0, -5, -1e-9, 10_000_001, 1e300)).map(([i, value]): Mutation => (b) => {
      const k = itemIndex(b, 'supplements', i, { kind: 'calcium', amount: 500, unit: 'mg' });
      (b.supplements as Json[])[k] = { kind: 'calcium', unit: 'mg', amount: value };
      return { body: b, path: `supplements.${k}.amount` };
    }),
    // Not finite: JSON carries 1e400 as Infinity once parsed.
    fc.constantFrom('age', 'coronaryCalciumScore').map((field): Mutation => (b) => ({ raw: JSON.stringify({ ...b, [field]: '__INF__' }).replace('"__INF__"', field === 'age' ? '1e400' : '-1e400'), path: field })),
  ),
);

const unknownEnum = mutation(
  'unknown enum value',
  fc.oneof(
    fc.constantFrom('f', 'Female', 'FEMALE', ' male', 'm', '', 'woman', 'intersex').map((sex): Mutation => (b) => ({ body: { ...b, sex }, path: 'sex' })),
    fc.constantFrom('maybe', 'yes', 'Pregnant', '').map((pregnancy): Mutation => (b) => ({ body: { ...b, sex: 'female', age: 30, pregnancy }, path: 'pregnancy' })),
    fc.constantFrom('normal', 'high', 'Low', '').map((status): Mutation => (b) => ({ body: { ...b, vitaminKStatus: status }, path: 'vitaminKStatus' })),
    fc.constantFrom('gout', 'CKD', 'ckd ', '', 'hypertension').map((c): Mutation => (b) => {
      const list = [...((b.conditions as string[]) ?? [])].slice(0, CONDITIONS.length - 1);
      return { body: { ...b, conditions: [...list, c] }, path: `conditions.${list.length}` };
    }),
    fc.constantFrom('longevity', 'Bone', 'heart', '').map((g): Mutation => (b) => {
      const list = [...(b.goals as string[])].slice(0, GOALS.length - 1);
      return { body: { ...b, goals: [...list, g] }, path: `goals.${list.length}` };
    }),
    fc.tuple(fc.constantFrom('pattern', 'natto', 'hardCheese', 'eggs', 'leafyGreens'), fc.constantFrom('keto', 'often', 'Daily', '')).map(([key, value]): Mutation => (b) => ({ body: { ...b, diet: { ...((b.diet as Json) ?? {}), [key]: value } }, path: `diet.${key}` })),
    fc.tuple(fc.nat(), fc.constantFrom('k3', 'K2-MK7', 'mk7', 'vitamin d', '')).map(([i, kind]): Mutation => (b) => {
      const k = itemIndex(b, 'supplements', i, { kind: 'k2-mk7', amount: 90, unit: 'mcg' });
      (b.supplements as Json[])[k] = { kind, amount: 90, unit: 'mcg' };
      return { body: b, path: `supplements.${k}.kind` };
    }),
    fc.tuple(fc.nat(), fc.constantFrom('g', 'µg', 'ug', 'iu', 'MG', '')).map(([i, unit]): Mutation => (b) => {
      const k = itemIndex(b, 'supplements', i, { kind: 'k2-mk7', amount: 90, unit: 'mcg' });
      (b.supplements as Json[])[k] = { kind: 'k2-mk7', amount: 90, unit };
      return { body: b, path: `supplements.${k}.unit` };
    }),
    fc.constantFrom('ng/dL', 'nmol/l', 'ng/ml', 'ug/L', '').map((unit): Mutation => (b) => ({ body: { ...b, vitaminD: { level: { value: 30, unit } } }, path: 'vitaminD.level.unit' })),
  ),
);

const unitMixUp = mutation(
  'unit mix-up',
  fc.oneof(
    fc.tuple(fc.nat(), fc.constantFrom('k2-mk7', 'k2-mk4', 'k1', 'calcium', 'magnesium'), amount(10_000_000)).map(([i, kind, value]): Mutation => (b) => {
      const k = itemIndex(b, 'supplements', i, { kind, amount: value, unit: 'IU' });
      (b.supplements as Json[])[k] = { kind, amount: value, unit: 'IU' };
      return { body: b, path: `supplements.${k}.unit` };
    }),
    fc.tuple(fc.nat(), fc.oneof(fc.record({ amount: fc.double({ min: 2_500.01, max: 10_000_000, noNaN: true }), unit: fc.constant('mcg') }), fc.record({ amount: fc.double({ min: 2.51, max: 10_000_000, noNaN: true }), unit: fc.constant('mg') }))).map(
      ([i, dose]): Mutation => (b) => {
        const k = itemIndex(b, 'supplements', i, { kind: 'd3', ...dose });
        (b.supplements as Json[])[k] = { kind: 'd3', ...dose };
        return { body: b, path: `supplements.${k}.amount` };
      },
    ),
    // 25(OH)D in nmol/L sent as ng/mL, or an impossible nmol/L figure.
    fc.oneof(fc.record({ value: fc.double({ min: 250.01, max: 2_000, noNaN: true }), unit: fc.constant('ng/mL') }), fc.record({ value: fc.double({ min: 625, max: 1e6, noNaN: true }), unit: fc.constant('nmol/L') })).map(
      (level): Mutation => (b) => ({ body: { ...b, vitaminD: { ...((b.vitaminD as Json) ?? {}), level } }, path: 'vitaminD.level.value' }),
    ),
  ),
);

const crossField = mutation(
  'cross-field rule',
  fc.oneof(
    fc.constantFrom('pregnant', 'breastfeeding').map((pregnancy): Mutation => (b) => ({ body: { ...b, sex: 'male', age: 30, pregnancy }, path: 'pregnancy' })),
    fc.tuple(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 61, max: 120 })), fc.constantFrom('female', 'other'), fc.constantFrom('pregnant', 'breastfeeding')).map(([age, sex, pregnancy]): Mutation => (b) => ({ body: { ...b, age, sex, pregnancy }, path: 'pregnancy' })),
    fc.integer({ min: 1, max: 5 }).map((stage): Mutation => (b) => ({ body: { ...b, conditions: ((b.conditions as string[]) ?? []).filter((c) => c !== 'ckd' && c !== 'dialysis'), ckdStage: stage }, path: 'conditions' })),
  ),
);

const extraKey = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'name', 'mrn', 'dob', 'Age', 'goal', 'isAdmin', ''), fc.string({ unit: 'grapheme', maxLength: 12 })).filter((k) => !known.includes(k));
const extraValue = fc.oneof(fc.constantFrom<unknown>({ polluted: true }, { age: 200 }, 'Jane Doe', null, 1, []), fc.jsonValue({ maxDepth: 2 }));

const extraField = mutation(
  'extra field',
  fc.oneof(
    fc.tuple(extraKey([...TOP_KEYS]), extraValue).map(([key, value]): Mutation => (b) => ({ body: setOwn({ ...b }, key, value), path: '_form' })),
    fc.tuple(extraKey(['pattern', 'natto', 'hardCheese', 'eggs', 'leafyGreens']), extraValue).map(([key, value]): Mutation => (b) => ({ body: { ...b, diet: setOwn({ ...((b.diet as Json) ?? {}) }, key, value) }, path: 'diet' })),
    fc.tuple(extraKey(['level', 'supplementIuPerDay']), extraValue).map(([key, value]): Mutation => (b) => ({ body: { ...b, vitaminD: setOwn({ ...((b.vitaminD as Json) ?? {}) }, key, value) }, path: 'vitaminD' })),
    fc.tuple(extraKey(['value', 'unit']), extraValue).map(([key, value]): Mutation => (b) => ({ body: { ...b, vitaminD: { level: setOwn({ value: 30, unit: 'ng/mL' }, key, value) } }, path: 'vitaminD.level' })),
    fc.tuple(fc.nat(), extraKey(['name', 'rxnorm']), extraValue).map(([i, key, value]): Mutation => (b) => {
      const k = itemIndex(b, 'medications', i, { name: 'warfarin' });
      (b.medications as Json[])[k] = setOwn({ ...(b.medications as Json[])[k] }, key, value);
      return { body: b, path: `medications.${k}` };
    }),
    fc.tuple(fc.nat(), extraKey(['kind', 'amount', 'unit']), extraValue).map(([i, key, value]): Mutation => (b) => {
      const k = itemIndex(b, 'supplements', i, { kind: 'k2-mk7', amount: 90, unit: 'mcg' });
      (b.supplements as Json[])[k] = setOwn({ ...(b.supplements as Json[])[k] }, key, value);
      return { body: b, path: `supplements.${k}` };
    }),
  ),
);

const hugeString = mutation(
  'huge or blank string',
  fc.oneof(
    fc.tuple(fc.nat(), fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 201, max: 5_000 }) }, { weight: 1, arbitrary: fc.constant(1_000_000) }), fc.constantFrom('x', 'é', '𝔁', '警')).map(([i, length, c]): Mutation => (b) => {
      const k = itemIndex(b, 'medications', i, { name: 'warfarin' });
      (b.medications as Json[])[k] = { name: c.repeat(length) };
      return { body: b, path: `medications.${k}.name` };
    }),
    fc.tuple(fc.nat(), fc.constantFrom('', ' ', '\t\n', '\u00a0\u2028')).map(([i, name]): Mutation => (b) => {
      const k = itemIndex(b, 'medications', i, { name: 'warfarin' });
      (b.medications as Json[])[k] = { name };
      return { body: b, path: `medications.${k}.name` };
    }),
    fc.tuple(fc.nat(), fc.constantFrom('abc', '12345678901', '', ' ', '11289a', '-1', '1.5', '1e3', '0x1F')).map(([i, rxnorm]): Mutation => (b) => {
      const k = itemIndex(b, 'medications', i, { name: 'warfarin' });
      (b.medications as Json[])[k] = { name: 'warfarin', rxnorm };
      return { body: b, path: `medications.${k}.rxnorm` };
    }),
    fc.integer({ min: 1_000, max: 200_000 }).map((length): Mutation => (b) => ({ body: { ...b, sex: 'f'.repeat(length) }, path: 'sex' })),
    fc.oneof(fc.constantFrom<unknown>('x'.repeat(41), 'Jane <Doe>', 'a\nb', 'Jane; DROP TABLE', 5, {}, [], true, '\u0000'), fc.string({ minLength: 41, maxLength: 300 }).filter((s) => s.trim().length > 40)).map((ref): Mutation => (b) => ({ body: { ...b, patientRef: ref }, path: 'patientRef' })),
  ),
);

const unstorableText = mutation(
  'unstorable character',
  fc.tuple(fc.nat(), awkwardText(20), unstorableChar, awkwardText(20)).map(([i, before, bad, after]): Mutation => (b) => {
    const k = itemIndex(b, 'medications', i, { name: 'warfarin' });
    (b.medications as Json[])[k] = { name: `x${before}${bad}${after}` };
    return { body: b, path: `medications.${k}.name` };
  }),
);

const tooMany = mutation(
  'too many items',
  fc.oneof(
    fc.integer({ min: 51, max: 80 }).map((n): Mutation => (b) => ({ body: { ...b, medications: Array.from({ length: n }, (_, i) => ({ name: `drug ${i}` })) }, path: 'medications' })),
    fc.integer({ min: 31, max: 60 }).map((n): Mutation => (b) => ({ body: { ...b, supplements: Array.from({ length: n }, () => ({ kind: 'calcium', amount: 500, unit: 'mg' })) }, path: 'supplements' })),
    fc.integer({ min: CONDITIONS.length + 1, max: 40 }).map((n): Mutation => (b) => ({ body: { ...b, conditions: Array.from({ length: n }, (_, i) => CONDITIONS[i % CONDITIONS.length]) }, path: 'conditions' })),
    fc.integer({ min: GOALS.length + 1, max: 20 }).map((n): Mutation => (b) => ({ body: { ...b, goals: Array.from({ length: n }, (_, i) => GOALS[i % GOALS.length]) }, path: 'goals' })),
    fc.constant((b: Json) => ({ body: { ...b, goals: [] }, path: 'goals' })),
  ),
);

/** Deeply nested JSON text in place of a value (built as text: JSON.stringify would recurse). */
const deepNesting = mutation(
  'deep nesting',
  fc.tuple(fc.constantFrom(['age', 'age'], ['goals', 'goals.0'], ['medications', 'medications.0'], ['diet', 'diet'], ['sex', 'sex'], ['isAdmin', '_form']), fc.integer({ min: 20, max: 20_000 }), fc.boolean()).map(
    ([[field, path], depth, arrays]): Mutation =>
      (b) => {
        const nested = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        // In a list, the list's first item is the nested value (and what is wrong).
        const deep = field === 'goals' || field === 'medications' ? `[${nested}]` : nested;
        return { raw: JSON.stringify({ ...b, [field]: '__DEEP__' }).replace('"__DEEP__"', deep), path };
      },
  ),
);

const notAnObject = mutation(
  'not a JSON object',
  fc.oneof(
    fc.constantFrom('[]', '[1,2]', '"text"', '42', 'true', 'null', '', '[{"age":50,"sex":"male","goals":["bone"]}]', '"{\\"age\\":50}"').map((raw): Mutation => () => ({ raw, path: '_form' })),
    fc.jsonValue().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v): Mutation => () => ({ raw: JSON.stringify(v), path: '_form' })),
  ),
);

const malformedJson = mutation(
  'malformed JSON',
  fc.tuple(fc.constantFrom('truncate', 'trailing comma', 'single quotes', 'garbage after', 'comment', 'NaN', 'undefined', 'unquoted key', 'bad escape'), fc.nat()).map(
    ([how, n]): Mutation =>
      (b) => {
        const text = JSON.stringify(b);
        const raw = {
          truncate: text.slice(0, n % text.length),
          'trailing comma': `${text.slice(0, -1)},}`,
          'single quotes': text.replace(/"/g, "'"),
          'garbage after': `${text}x`,
          comment: `/* patient */${text}`,
          NaN: text.replace(/"age":\d+/, '"age":NaN'),
          undefined: 'undefined',
          'unquoted key': text.replace('"age"', 'age'),
          'bad escape': `${text.slice(0, -1)},"x":"\\x41"}`,
        }[how]!;
        return { raw, path: '_form' };
      },
  ),
);

const missingRequired = mutation(
  'missing required field',
  fc.constantFrom('age', 'sex', 'goals').map((field): Mutation => (b) => {
    const { [field]: _removed, ...rest } = b;
    return { body: rest, path: field };
  }),
);

/** The kinds of breakage below, by label (the test checks each was sent many times). */
export const INVALID_CONTEXT_KINDS = ['wrong type', 'out of range', 'unknown enum value', 'unit mix-up', 'cross-field rule', 'extra field', 'huge or blank string', 'unstorable character', 'too many items', 'deep nesting', 'not a JSON object', 'malformed JSON', 'missing required field'];

/** Invalid bodies: one valid body with exactly one thing broken. */
export const invalidContextArb: fc.Arbitrary<InvalidCase> = fc
  .tuple(
    validContextArb,
    fc.oneof(wrongType, outOfRange, unknownEnum, unitMixUp, crossField, extraField, hugeString, unstorableText, tooMany, deepNesting, notAnObject, malformedJson, missingRequired),
  )
  .map(([base, m]) => {
    // The patient reference is not part of the context; a mutation that is not about it starts without one.
    const { patientRef: _ref, ...body } = base.body;
    return { kind: 'invalid', label: m.label, ...m.mutate(structuredClone(body)) };
  });
