/**
 * The code tables of the FHIR import: which SNOMED CT and ICD-10(-CM) codes mean which SPEC condition, which LOINC
 * codes are 25(OH)D, and how supplement names map onto the supplement kinds. Data, not logic, so a reviewer can
 * check each code against its source (SNOMED CT browser, ICD-10-CM tabular list, LOINC).
 */
import type { SupplementKind } from '../patient-context';
import type { Condition } from '../vocabulary';

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

/** SNOMED CT concept id → condition (exact concept; descendants are not expanded, which needs a terminology server). */
export const SNOMED_CONDITIONS: Record<string, ConditionMapping> = {
  '44054006': { conditions: ['type-2-diabetes'] }, // Diabetes mellitus type 2
  '709044004': { conditions: ['ckd'] }, // Chronic kidney disease
  '431855005': { conditions: ['ckd'], ckdStage: 1 }, // CKD stage 1
  '431856006': { conditions: ['ckd'], ckdStage: 2 }, // CKD stage 2
  '433144002': { conditions: ['ckd'], ckdStage: 3 }, // CKD stage 3
  '431857002': { conditions: ['ckd'], ckdStage: 4 }, // CKD stage 4
  '433146000': { conditions: ['ckd'], ckdStage: 5 }, // CKD stage 5
  '46177005': { conditions: ['ckd', 'dialysis'], ckdStage: 5 }, // End-stage renal disease
  '64859006': { conditions: ['osteoporosis'] }, // Osteoporosis
  '312894000': { conditions: ['osteopenia'] }, // Osteopenia
  '49436004': { conditions: ['atrial-fibrillation'] }, // Atrial fibrillation
  '93143009': { conditions: ['leukemia'] }, // Leukemia, disease
  '109995007': { conditions: ['mds'] }, // Myelodysplastic syndrome
  '53741008': { conditions: ['coronary-artery-disease'] }, // Coronary arteriosclerosis
  '64779008': { conditions: ['bleeding-disorder'] }, // Blood coagulation disorder
  '235856003': { conditions: ['liver-disease'] }, // Disorder of liver
  '396331005': { conditions: ['fat-malabsorption'] }, // Coeliac disease
  '161712005': { conditions: ['postmenopausal'] }, // Postmenopausal state (as given in the issue)
};

/**
 * ICD-10 / ICD-10-CM code → condition, by prefix: the longest matching prefix wins (N18.6 before N18). Codes are
 * compared without the dot and in upper case ("n183" and "N18.3" are the same).
 */
export const ICD10_CONDITIONS: Array<[prefix: string, mapping: ConditionMapping]> = [
  ['E11', { conditions: ['type-2-diabetes'] }],
  ['N181', { conditions: ['ckd'], ckdStage: 1 }],
  ['N182', { conditions: ['ckd'], ckdStage: 2 }],
  ['N183', { conditions: ['ckd'], ckdStage: 3 }], // N18.30–N18.32 (3a/3b) too
  ['N184', { conditions: ['ckd'], ckdStage: 4 }],
  ['N185', { conditions: ['ckd'], ckdStage: 5 }],
  ['N186', { conditions: ['ckd', 'dialysis'], ckdStage: 5 }], // End-stage renal disease
  ['N189', { conditions: ['ckd'] }],
  ['Z992', { conditions: ['dialysis'] }], // Dependence on renal dialysis
  ['M80', { conditions: ['osteoporosis'] }],
  ['M81', { conditions: ['osteoporosis'] }],
  ['M858', { conditions: ['osteopenia'] }],
  ['I48', { conditions: ['atrial-fibrillation'] }],
  ['C91', { conditions: ['leukemia'] }],
  ['C92', { conditions: ['leukemia'] }],
  ['C93', { conditions: ['leukemia'] }],
  ['C94', { conditions: ['leukemia'] }],
  ['C95', { conditions: ['leukemia'] }],
  ['D46', { conditions: ['mds'] }],
  ['I25', { conditions: ['coronary-artery-disease'] }],
  ['I2584', { conditions: ['coronary-artery-disease', 'coronary-calcium'] }], // Coronary atherosclerosis due to calcified coronary lesion
  ['D68', { conditions: ['bleeding-disorder'] }],
  ['D69', { conditions: ['bleeding-disorder'] }],
  ['K70', { conditions: ['liver-disease'] }],
  ['K71', { conditions: ['liver-disease'] }],
  ['K72', { conditions: ['liver-disease'] }],
  ['K73', { conditions: ['liver-disease'] }],
  ['K74', { conditions: ['liver-disease'] }],
  ['K75', { conditions: ['liver-disease'] }],
  ['K76', { conditions: ['liver-disease'] }],
  ['K77', { conditions: ['liver-disease'] }],
  ['K90', { conditions: ['fat-malabsorption'] }],
  ['Z780', { conditions: ['postmenopausal'] }], // Asymptomatic menopausal state
];

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
