/**
 * The words a clinician reads for the product's codes: conditions, goals and supplement kinds. Pure data, shared by
 * the New report form, the report's patient panel, the safety findings' "why this appears" and the history.
 */
import type { SupplementKind } from './patient-context';
import type { Condition, Goal } from './vocabulary';

export const CONDITION_LABELS: Record<Condition, string> = {
  'coronary-calcium': 'Coronary artery calcium',
  'coronary-artery-disease': 'Coronary artery disease',
  'atrial-fibrillation': 'Atrial fibrillation',
  ckd: 'Chronic kidney disease',
  dialysis: 'Dialysis',
  'type-2-diabetes': 'Type 2 diabetes',
  osteoporosis: 'Osteoporosis',
  osteopenia: 'Osteopenia',
  postmenopausal: 'Postmenopausal',
  'fat-malabsorption': 'Fat malabsorption',
  mds: 'Myelodysplastic syndrome',
  leukemia: 'Leukaemia',
  'bleeding-disorder': 'Bleeding disorder',
  'liver-disease': 'Liver disease',
};

export const GOAL_LABELS: Record<Goal, string> = {
  cardiovascular: 'Heart and arteries',
  bone: 'Bone',
  muscle: 'Muscle and strength',
  'blood-cancer': 'Blood cancer',
  general: 'General health',
};

export const SUPPLEMENT_LABELS: Record<SupplementKind, string> = {
  'k2-mk7': 'Vitamin K2 (MK-7)',
  'k2-mk4': 'Vitamin K2 (MK-4)',
  k1: 'Vitamin K1',
  d3: 'Vitamin D3',
  calcium: 'Calcium',
  magnesium: 'Magnesium',
  multivitamin: 'Multivitamin',
  other: 'Other supplement',
};
