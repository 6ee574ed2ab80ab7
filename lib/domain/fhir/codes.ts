/**
 * The code tables of the FHIR import: which SNOMED CT and ICD-10(-CM) codes mean which SPEC condition (the value sets
 * with their sources are data in ./value-sets.ts), which LOINC codes are 25(OH)D, and how supplement names map onto
 * the supplement kinds. Data, not logic, so a reviewer can check each code against its source.
 */
import type { SupplementKind } from '../patient-context';
import type { Condition } from '../vocabulary';
import { ICD10_VALUE_SET, SNOMED_VALUE_SET } from './value-sets';

export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  /** WHO ATC (FHIR R4 terminology: http://www.whocc.no/atc). */
  atc: 'http://www.whocc.no/atc',
  ucum: 'http://unitsofmeasure.org',
} as const;

export type ConditionMapping = { conditions: Condition[]; ckdStage?: number };

/**
 * SNOMED CT concept id → conditions, from the value sets in ./value-sets.ts (exact concepts; the common descendants are
 * listed there one by one, since expanding descendants at run time needs a terminology server).
 */
export const SNOMED_CONDITIONS: ReadonlyMap<string, ConditionMapping> = new Map(
  SNOMED_VALUE_SET.map((e) => [e.code, { conditions: [...e.conditions], ...(e.ckdStage ? { ckdStage: e.ckdStage } : {}) }]),
);

/**
 * ICD-10 / ICD-10-CM code → conditions, by prefix, from ./value-sets.ts: the longest matching prefix wins (N18.6 before
 * N18, I48.92 flutter before I48). Codes are compared without the dot and in upper case ("n183" and "N18.3" are the
 * same). A prefix with no conditions marks codes that do not mean the condition of a broader prefix.
 */
export const ICD10_CONDITIONS: ReadonlyArray<readonly [prefix: string, mapping: ConditionMapping]> = ICD10_VALUE_SET.map(
  (e) => [e.prefix, { conditions: [...e.conditions], ...(e.ckdStage ? { ckdStage: e.ckdStage } : {}) }] as const,
);

/** LOINC codes of serum 25-hydroxyvitamin D: 62292-8 (D2+D3), 1989-3 (D3), 14635-7 (25(OH)D, by various methods). */
export const LOINC_VITAMIN_D = ['62292-8', '1989-3', '14635-7'] as const;
/** INR (LOINC 6301-6): noted in `mapped` for the clinician's context; the report does not use it. */
export const LOINC_INR = '6301-6';

/** UCUM (and common non-UCUM spellings EHRs emit) → the PatientContext 25(OH)D unit; ug/L is the same as ng/mL. */
export const VITAMIN_D_UNITS: Record<string, 'ng/mL' | 'nmol/L'> = {
  'ng/mL': 'ng/mL',
  'ng/ml': 'ng/mL',
  'ug/L': 'ng/mL',
  'ug/l': 'ng/mL',
  'µg/L': 'ng/mL',
  'mcg/L': 'ng/mL',
  'nmol/L': 'nmol/L',
  'nmol/l': 'nmol/L',
};

/** Supplement names (whole words, case-insensitive) → supplement kind; the first rule that matches wins. */
export const SUPPLEMENT_RULES: Array<[pattern: RegExp, kind: SupplementKind]> = [
  [/\b(mk-?4|menatetrenone)\b/i, 'k2-mk4'],
  [/\b(vitamin\s*k2|k2|menaquinone(-7)?|mk-?7)\b/i, 'k2-mk7'],
  [/\b(vitamin\s*k1?|phytonadione|phylloquinone|phytomenadione)\b/i, 'k1'],
  [/\b(vitamin\s*d3?|cholecalciferol|colecalciferol)\b/i, 'd3'],
  [/\bmultivitamins?\b/i, 'multivitamin'],
  [/\bcalcium\s+(carbonate|citrate)\b|^calcium\b/i, 'calcium'],
  [/\bmagnesium\b/i, 'magnesium'],
];

/** Draft orders that contain vitamin K (order-select): vitamin K, K2, menaquinone, MK-7, MK-4, and K1 by its names. */
export const VITAMIN_K_ORDER = /\b(vitamin\s*k[12]?|k2|menaquinone(-[47])?|mk-?[47]|menatetrenone|phytonadione|phylloquinone|phytomenadione)\b/i;

/** UCUM dose units → the PatientContext supplement unit. */
export const DOSE_UNITS: Record<string, 'mcg' | 'mg' | 'IU'> = {
  ug: 'mcg',
  mcg: 'mcg',
  µg: 'mcg',
  mg: 'mg',
  '[iU]': 'IU',
  '[IU]': 'IU',
  IU: 'IU',
  iu: 'IU',
};
