/**
 * What was entered about the patient, in words (issue 14, "The patient context on the report"): one line per item a
 * clinician typed or imported, with the product's labels rather than its codes ("Atrial fibrillation", not
 * "atrial-fibrillation"). Shared by the report page, the clinician PDF and the report history. Pure; no clinical
 * judgement here — the findings say what the items mean.
 */
import { CONDITION_LABELS, GOAL_LABELS, SUPPLEMENT_LABELS } from '../labels';
import { NMOL_PER_NG, type PatientContext } from '../patient-context';
import { formatNumber } from './cite';

const SEX_WORDS = { female: 'female', male: 'male', other: 'sex other or not stated' } as const;
const VITAMIN_K_STATUS_WORDS = { unknown: 'not known', adequate: 'adequate', low: 'low', deficient: 'deficient' } as const;

export type PatientLine = { label: string; value: string };

/** The patient as entered, line by line; items not given are said to be not given only where their absence matters. */
export function describePatient(context: PatientContext): PatientLine[] {
  const lines: PatientLine[] = [];
  const who = [`${context.age === 0 ? 'under 1 year' : `${context.age} ${context.age === 1 ? 'year' : 'years'}`}`, SEX_WORDS[context.sex]];
  if (context.pregnancy !== 'none') who.push(context.pregnancy);
  lines.push({ label: 'Patient', value: who.join(', ') });
  lines.push({ label: 'Medicines', value: context.medications.length ? context.medications.map((m) => m.name).join('; ') : 'none listed' });
  if (context.supplements.length)
    lines.push({ label: 'Supplements', value: context.supplements.map((s) => `${SUPPLEMENT_LABELS[s.kind]} ${formatNumber(s.amount, 2)} ${s.unit}/day`).join('; ') });
  lines.push({ label: 'Conditions', value: context.conditions.length ? context.conditions.map((c) => CONDITION_LABELS[c]).join(', ') : 'none listed' });
  if (context.ckdStage !== undefined) lines.push({ label: 'CKD stage', value: String(context.ckdStage) });
  if (context.coronaryCalciumScore !== undefined) lines.push({ label: 'Coronary calcium (Agatston)', value: formatNumber(context.coronaryCalciumScore) });
  const d = context.vitaminD;
  const level = d.level
    ? `25(OH)D ${formatNumber(d.level.value, 1)} ${d.level.unit} (${d.level.unit === 'ng/mL' ? `${formatNumber(d.level.value * NMOL_PER_NG, 0)} nmol/L` : `${formatNumber(d.level.value / NMOL_PER_NG, 1)} ng/mL`})`
    : '25(OH)D not given';
  const intake = context.normalized.vitaminDIuPerDay !== null ? `intake ${formatNumber(context.normalized.vitaminDIuPerDay)} IU/day${d.supervisedCourse ? ', a course supervised by a clinician' : ''}` : '';
  lines.push({ label: 'Vitamin D', value: [level, intake].filter(Boolean).join('; ') });
  lines.push({ label: 'Vitamin K status', value: VITAMIN_K_STATUS_WORDS[context.vitaminKStatus] });
  const diet = context.diet;
  lines.push({
    label: 'Diet',
    value: diet ? `${diet.pattern}; natto ${diet.natto}, hard cheese ${diet.hardCheese}, eggs ${diet.eggs}, leafy greens ${diet.leafyGreens}` : 'not asked (unknown)',
  });
  lines.push({ label: 'Goals', value: context.goals.map((g) => GOAL_LABELS[g]).join(', ') });
  return lines;
}
