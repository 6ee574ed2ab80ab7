/** The controlled vocabularies of SPEC "PatientContext", shared by the patient context, the evidence and the API. */
export const CONDITIONS = [
  'coronary-calcium',
  'coronary-artery-disease',
  'atrial-fibrillation',
  'ckd',
  'dialysis',
  'type-2-diabetes',
  'osteoporosis',
  'osteopenia',
  'postmenopausal',
  'fat-malabsorption',
  'mds',
  'leukemia',
  'bleeding-disorder',
  'liver-disease',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export const GOALS = ['cardiovascular', 'bone', 'muscle', 'blood-cancer', 'general'] as const;
export type Goal = (typeof GOALS)[number];

/** SPEC safety-code table; a report may add more, these names are fixed. */
export const SAFETY_CODES = [
  'vka-interaction',
  'doac-no-interaction',
  'antiplatelet-no-interaction',
  'pregnancy-lactation',
  'pediatric',
  'antibiotics-long-term',
  'fat-malabsorption',
  'vitamin-d-above-ul',
  'mk4-pharmacologic-dose',
  'kidney-disease',
  'vitamin-d-deficiency',
  'vitamin-k-low-status',
  'medication-not-screened',
  // Added by the product (SPEC: "a report may add more"):
  /** Heparins, low-molecular-weight heparins and fondaparinux: they do not act through vitamin K (info). */
  'heparin-no-interaction',
  /** A medication name that is only a near miss of a known medicine ("Jantovan" → Jantoven): confirm it first (critical for a critical class, else warning). */
  'medication-unconfirmed-match',
  /** Nattokinase or vitamin E supplements: a bleeding risk of their own, added to any anticoagulant or antiplatelet drug (warning with one, else info). */
  'bleeding-risk-supplement',
  /** Carbamazepine, phenytoin, phenobarbital, primidone: newborn vitamin K deficiency in pregnancy (warning), a lower VKA effect (warning with a VKA), else info. */
  'enzyme-inducing-anticonvulsant',
  /** Imatinib, dasatinib and other BCR-ABL tyrosine kinase inhibitors: no vitamin K interaction in their labels; warfarin and bleeding cautions (warning with an anticoagulant or antiplatelet, else info). */
  'tyrosine-kinase-inhibitor',
  /** 25(OH)D above 50 ng/mL (125 nmol/L): the level NIH ODS links with potential adverse effects (warning). */
  'vitamin-d-high-level',
] as const;
export type SafetyCode = (typeof SAFETY_CODES)[number];
