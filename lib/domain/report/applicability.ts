/**
 * How far a trial applies to this patient (GRADE "indirectness": population, intervention, outcome — GRADE handbook
 * §5.2.4; Guyatt et al., J Clin Epidemiol 2011;64:1303). Each dimension below is a rule that returns a status and a
 * sentence; the sentences are the report's matchReasons, in this order, so a clinician sees why a trial was rated.
 *
 *   dimension      statuses
 *   kidney         fit | mismatch | unknown | indirect   dialysis / non-dialysis CKD / no kidney disease: kidney
 *                                              disease vs none changes the biology of calcification → indirect;
 *                                              within CKD, a stage outside the trial's is a mismatch, none given unknown
 *   conditions     fit | mismatch | unknown | neutral   every non-kidney condition that defined the trial population
 *   sex            fit | mismatch | unknown | neutral
 *   age            fit | mismatch | unknown | neutral   range, else minimum/maximum, else mean ±15 years
 *   pregnancy      mismatch | neutral                   no curated trial was in pregnancy or lactation
 *   intervention   fit | mismatch | unknown | indirect  K form and daily dose (supplement range, high, drug dose)
 *   design         fit | partial-cap | indirect | neutral   PK/mechanistic/healthy volunteers → indirect;
 *                                                       observational → at most partial (association)
 *   caveats        neutral                              co-interventions, uncontrolled design, country
 *
 * Rating:
 *   indirect — any 'indirect' status (kidney biology mismatch; drug-dose MK-4 the patient does not take; a statin, D3 or
 *              K1 instead of K2; pharmacokinetic, mechanistic or healthy-volunteer study) or two or more mismatches;
 *   partial  — exactly one mismatch, or anything unknown, or an observational design;
 *   direct   — population conditions, sex, age and dose all fit (a trial that did not report ages is not held against
 *              an adult patient: every curated trial enrolled adults, and the reason says "not reported").
 * Missing patient data is unknown, never a match: e.g. a coronary-calcium trial for a patient whose score is not given.
 */
import type { TrialData } from '../evidence/schemas';
import type { PatientContext } from '../patient-context';
import type { Condition } from '../vocabulary';
import { memoByObject } from './memo';
import type { Applicability } from './types';

/** What one applicability rule concluded; 'partial-cap' caps the rating at partial without being a mismatch. */
export type DimensionStatus = 'fit' | 'mismatch' | 'unknown' | 'neutral' | 'indirect' | 'partial-cap';
/** One rule's result: its status and the sentences shown as matchReasons. */
export type DimensionResult = { dimension: string; status: DimensionStatus; reasons: string[] };

/** MK-4 at or above 1 mg/day is pharmacologic (menatetrenone is 45 mg/day); SPEC safety code mk4-pharmacologic-dose. */
export const MK4_DRUG_DOSE_MCG = 1000;
/**
 * Upper end of the supplement range for MK-7 and other K2 (mcg/day): trials used 90–720 mcg/day and 2,000 mcg three
 * times a week (≈860 mcg/day) in dialysis (EVIDENCE-BRIEF.md "Doses").
 */
export const SUPPLEMENT_RANGE_MAX_MCG = 1000;
/** With only a mean age reported, a patient within this many years of it is taken to fit (a house convention, not a guideline figure). */
export const MEAN_AGE_TOLERANCE_YEARS = 15;

const KIDNEY_CONDITIONS: readonly Condition[] = ['ckd', 'dialysis'];

/** Conditions that are related but not the same: sharing one of them is a mismatch with a softer sentence. */
const RELATED_CONDITIONS: ReadonlyArray<readonly [Condition, Condition]> = [
  ['osteoporosis', 'osteopenia'],
  ['coronary-calcium', 'coronary-artery-disease'],
];

/** How to say that a trial population had a condition, and that the patient does or does not. */
const CONDITION_WORDS: Record<Condition, { trial: string; as: string; not: string }> = {
  'coronary-calcium': { trial: 'population had coronary artery calcium', as: 'as does this patient', not: 'this patient is not recorded as having it' },
  'coronary-artery-disease': { trial: 'population had coronary artery disease', as: 'as does this patient', not: 'this patient is not recorded as having it' },
  'atrial-fibrillation': { trial: 'population had atrial fibrillation', as: 'as does this patient', not: 'this patient is not recorded as having it' },
  ckd: { trial: 'population had chronic kidney disease', as: 'as does this patient', not: 'this patient is not recorded as having CKD' },
  dialysis: { trial: 'haemodialysis population', as: 'as is this patient', not: 'this patient is not on dialysis' },
  'type-2-diabetes': { trial: 'population had type 2 diabetes', as: 'as does this patient', not: 'this patient is not recorded as having it' },
  osteoporosis: { trial: 'population had osteoporosis', as: 'as does this patient', not: 'this patient is not recorded as having it' },
  osteopenia: { trial: 'population had osteopenia', as: 'as does this patient', not: 'this patient is not recorded as having it' },
  postmenopausal: { trial: 'population was postmenopausal women', as: 'as is this patient', not: 'this patient is not recorded as postmenopausal' },
  'fat-malabsorption': { trial: 'population had fat malabsorption', as: 'as does this patient', not: 'this patient is not recorded as having it' },
  mds: { trial: 'population had myelodysplastic syndrome (MDS)', as: 'as does this patient', not: 'this patient is not recorded as having MDS' },
  leukemia: { trial: 'population had leukaemia', as: 'as does this patient', not: 'this patient is not recorded as having it' },
  'bleeding-disorder': { trial: 'population had a bleeding disorder', as: 'as does this patient', not: 'this patient is not recorded as having one' },
  'liver-disease': { trial: 'population had liver disease', as: 'as does this patient', not: 'this patient is not recorded as having it' },
};

const CONDITION_NAMES: Record<Condition, string> = {
  'coronary-calcium': 'coronary artery calcium',
  'coronary-artery-disease': 'coronary artery disease',
  'atrial-fibrillation': 'atrial fibrillation',
  ckd: 'chronic kidney disease',
  dialysis: 'dialysis',
  'type-2-diabetes': 'type 2 diabetes',
  osteoporosis: 'osteoporosis',
  osteopenia: 'osteopenia',
  postmenopausal: 'postmenopausal status',
  'fat-malabsorption': 'fat malabsorption',
  mds: 'MDS',
  leukemia: 'leukaemia',
  'bleeding-disorder': 'a bleeding disorder',
  'liver-disease': 'liver disease',
};

type KidneyStatus = 'dialysis' | 'ckd' | 'none';

function trialKidney(trial: TrialData): KidneyStatus {
  const c = trial.population.conditions;
  return c.includes('dialysis') ? 'dialysis' : c.includes('ckd') ? 'ckd' : 'none';
}

function patientKidney(context: PatientContext): KidneyStatus {
  const c = context.conditions;
  return c.includes('dialysis') ? 'dialysis' : c.includes('ckd') || context.ckdStage !== undefined ? 'ckd' : 'none';
}

/** CKD stages as trial descriptions give them ("stage 3b–4", "stage 3–5"); curated entries carry no stage field. */
function trialCkdStages(trial: TrialData): { min: number; max: number; words: string } | null {
  const m = /stages?\s+([1-5])[ab]?\s*(?:[–-]|to)\s*([1-5])[ab]?/i.exec(trial.population.description);
  return m ? { min: Number(m[1]), max: Number(m[2]), words: m[0].replace(/^stages?\s+/i, '') } : null;
}

/**
 * Without the sentences (`say` false) a rule's result is one of these shared, frozen objects: the rating reads only the
 * status, and a report rates thousands of trials.
 */
const STATUS_ONLY = Object.fromEntries(
  (['fit', 'mismatch', 'unknown', 'neutral', 'indirect', 'partial-cap'] as const).map((status) => [status, Object.freeze({ dimension: '', status, reasons: Object.freeze([]) as unknown as string[] })]),
) as Record<DimensionStatus, DimensionResult>;

/** One rule's result; the sentence is built only when the reasons are wanted (`say`). */
function dimension(name: string, status: DimensionStatus, say: boolean, reason: () => string): DimensionResult {
  return say ? { dimension: name, status, reasons: [reason()] } : STATUS_ONLY[status];
}

/** A rule that has nothing to say about this trial and patient. */
function neutral(name: string, say: boolean): DimensionResult {
  return say ? { dimension: name, status: 'neutral', reasons: [] } : STATUS_ONLY.neutral;
}

/** Kidney disease changes vascular and bone biology: dialysis vs CKD is a mismatch, kidney disease vs none is indirect. */
function rateKidney(side: TrialSide, patient: PatientSide, say: boolean): DimensionResult {
  const t = side.kidney;
  const p = patient.kidney;
  if (t === 'none' && p === 'none') return neutral('kidney', say);
  if (t === 'dialysis' && p === 'dialysis') return dimension('kidney', 'fit', say, () => 'haemodialysis population, as is this patient on dialysis');
  if (t === 'ckd' && p === 'ckd') {
    // Stage decides within CKD: a stage the trial did not enrol is a mismatch, a stage not given is unknown.
    const stages = side.ckdStages;
    const enrolled = stages ? `stage ${stages.words}` : 'stages not stated';
    if (patient.context.ckdStage === undefined) return dimension('kidney', 'unknown', say, () => `population had non-dialysis chronic kidney disease (${enrolled}), as does this patient; this patient's CKD stage is unknown`);
    if (stages && (patient.context.ckdStage < stages.min || patient.context.ckdStage > stages.max))
      return dimension('kidney', 'mismatch', say, () => `population had chronic kidney disease stage ${stages.words}; this patient is at stage ${patient.context.ckdStage}`);
    return dimension('kidney', 'fit', say, () => `population had non-dialysis chronic kidney disease (${enrolled}), as does this patient (stage ${patient.context.ckdStage})`);
  }
  if (t === 'dialysis') return p === 'ckd' ? dimension('kidney', 'mismatch', say, () => 'haemodialysis population; this patient has CKD but is not on dialysis') : dimension('kidney', 'indirect', say, () => 'haemodialysis population; this patient is not on dialysis');
  if (t === 'ckd') return p === 'dialysis' ? dimension('kidney', 'mismatch', say, () => 'population had non-dialysis chronic kidney disease; this patient is on dialysis') : dimension('kidney', 'indirect', say, () => 'chronic kidney disease population; this patient is not recorded as having CKD');
  return dimension('kidney', 'indirect', say, () => p === 'dialysis' ? 'population not selected for kidney disease; this patient is on dialysis' : 'population not selected for kidney disease; this patient has chronic kidney disease');
}

function related(a: Condition, b: Condition): boolean {
  return RELATED_CONDITIONS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/** Every non-kidney condition that defined the trial population must be the patient's too; unknown stays unknown. */
function rateConditions(side: TrialSide, patient: PatientSide, say: boolean): DimensionResult {
  const wanted = side.conditions;
  const own = patient.conditions;
  if (wanted.length === 0) {
    if (!say) return STATUS_ONLY.neutral;
    const reasons = own.length > 0 ? [`population not selected for this patient's conditions (${own.map((c) => CONDITION_NAMES[c]).join(', ')})`] : [];
    return { dimension: 'conditions', status: 'neutral', reasons };
  }
  const statuses: DimensionStatus[] = [];
  const reasons: string[] = [];
  for (const c of wanted) {
    const words = CONDITION_WORDS[c];
    const score = patient.context.coronaryCalciumScore;
    if (c === 'coronary-calcium' && score !== undefined) {
      // A score given is a fact about the condition, whatever the condition list says.
      if (score > 0) {
        statuses.push('fit');
        if (say) reasons.push(`${words.trial}, ${words.as} (score ${score})`);
      } else {
        statuses.push('mismatch');
        if (say) reasons.push(`${words.trial}; this patient's calcium score is 0`);
      }
      continue;
    }
    if (own.includes(c)) {
      statuses.push('fit');
      if (say) reasons.push(`${words.trial}, ${words.as}`);
      continue;
    }
    if (c === 'postmenopausal' && patient.context.sex === 'male') continue; // the sex rule already says it
    const near = own.find((o) => related(c, o));
    if (near) {
      statuses.push('mismatch');
      if (say) reasons.push(`${words.trial}; this patient has ${CONDITION_NAMES[near]} (related, not the same)`);
    } else if (c === 'coronary-calcium') {
      statuses.push('unknown');
      if (say) reasons.push(`${words.trial}; this patient's calcium score is unknown`);
    } else if (c === 'postmenopausal') {
      statuses.push('unknown');
      if (say) reasons.push(`${words.trial}; this patient's menopausal status is unknown`);
    } else {
      statuses.push('mismatch');
      if (say) reasons.push(`${words.trial}; ${words.not}`);
    }
  }
  const status: DimensionStatus = statuses.includes('mismatch') ? 'mismatch' : statuses.includes('unknown') ? 'unknown' : statuses.length > 0 ? 'fit' : 'neutral';
  return say ? { dimension: 'conditions', status, reasons } : STATUS_ONLY[status];
}

function rateSex(trial: TrialData, patient: PatientSide, say: boolean): DimensionResult {
  const sex = trial.population.sex;
  if (sex === 'both') return neutral('sex', say);
  const who = sex === 'male' ? 'men' : 'women';
  if (patient.context.sex === 'other') return dimension('sex', 'unknown', say, () => `trial was in ${who} only; this patient's sex is recorded as other (fit unknown)`);
  if (patient.context.sex === sex) return dimension('sex', 'fit', say, () => `trial was in ${who} only, like this patient`);
  return dimension('sex', 'mismatch', say, () => `trial was in ${who} only; this patient is ${patient.context.sex}`);
}

function rateAge(trial: TrialData, patient: PatientSide, say: boolean): DimensionResult {
  const { ageMin, ageMax, ageMean } = trial.population;
  const age = patient.context.age;
  if (ageMin !== undefined || ageMax !== undefined) {
    const range =
      ageMin !== undefined && ageMax !== undefined ? (ageMin === ageMax ? `age ${ageMin}` : `ages ${ageMin}–${ageMax}`) : ageMin !== undefined ? `ages ${ageMin} and over` : `ages up to ${ageMax}`;
    const inside = (ageMin === undefined || age >= ageMin) && (ageMax === undefined || age <= ageMax);
    return inside ? dimension('age', 'fit', say, () => `trial enrolled ${range}; this patient is ${age}, within it`) : dimension('age', 'mismatch', say, () => `trial enrolled ${range}; this patient is ${age}`);
  }
  if (ageMean !== undefined) {
    const mean = Math.round(ageMean);
    return Math.abs(age - ageMean) <= MEAN_AGE_TOLERANCE_YEARS
      ? dimension('age', 'fit', say, () => `trial participants' mean age was ${mean}; this patient is ${age}`)
      : dimension('age', 'mismatch', say, () => `trial participants' mean age was ${mean}; this patient is ${age}`);
  }
  if (age < 18) return dimension('age', 'unknown', say, () => `trial ages not reported; this patient is ${age}, a child (fit unknown)`);
  return dimension('age', 'neutral', say, () => 'trial ages not reported');
}

function ratePregnancy(patient: PatientSide, say: boolean): DimensionResult {
  if (patient.context.pregnancy === 'none') return neutral('pregnancy', say);
  return { dimension: 'pregnancy', status: 'mismatch', reasons: say ? [`trial was not in pregnancy or breastfeeding; this patient is ${patient.context.pregnancy}`] : [] };
}

/** Supplement range, high, drug dose (MK-4 ≥ 1 mg/day), unknown, or not vitamin K at all (statin, D3). */
export type DoseClass = 'supplement' | 'high' | 'drug' | 'unknown' | 'not-vitamin-k';

const FORM_WORDS: Record<TrialData['intervention']['form'], string> = { 'MK-7': 'MK-7', 'MK-4': 'MK-4', K1: 'vitamin K1', D3: 'vitamin D3', statin: 'a statin', other: 'vitamin K' };

/** Doses given less than daily, as the trials word them, to a daily equivalent. */
function perDayFactor(frequency: string | undefined): number {
  const f = (frequency ?? '').toLowerCase();
  if (/(three times|3\s*(times|×|x))\s*(a|per|\/)\s*week|thrice weekly/.test(f)) return 3 / 7;
  if (/(twice|two times|2\s*(times|×|x))\s*(a|per|\/)\s*week/.test(f)) return 2 / 7;
  if (/once (a|per) week|\bweekly\b/.test(f)) return 1 / 7;
  return 1;
}

function formatAmount(amount: number, unit: string): string {
  return `${Number.isInteger(amount) ? amount : amount.toFixed(1)} ${unit}`;
}

/**
 * The trial's K dose as a daily amount and its class: MK-4 ≥ 1 mg/day is a drug dose; MK-7 and other K above 1,000
 * mcg/day is high; no dose reported is unknown (EVIDENCE-BRIEF.md "Doses"; SPEC mk4-pharmacologic-dose).
 */
export function classifyDose(trial: TrialData): { doseClass: DoseClass; mcgPerDay: number | null; words: string } {
  const { form, doseAmount, doseUnit, frequency } = trial.intervention;
  if (form === 'D3' || form === 'statin') return { doseClass: 'not-vitamin-k', mcgPerDay: null, words: FORM_WORDS[form] };
  if (doseAmount === undefined || doseUnit === undefined || doseUnit === 'IU') return { doseClass: 'unknown', mcgPerDay: null, words: `${FORM_WORDS[form]}, dose not reported` };
  const factor = perDayFactor(frequency);
  const mcgPerDay = (doseUnit === 'mg' ? doseAmount * 1000 : doseAmount) * factor;
  const given = formatAmount(doseAmount, doseUnit);
  const words = factor === 1 ? `${given}/day ${FORM_WORDS[form]}` : `${given} ${FORM_WORDS[form]} ${frequency} (about ${Math.round(mcgPerDay)} mcg/day)`;
  if (form === 'MK-4' && mcgPerDay >= MK4_DRUG_DOSE_MCG) return { doseClass: 'drug', mcgPerDay, words };
  return { doseClass: mcgPerDay > SUPPLEMENT_RANGE_MAX_MCG ? 'high' : 'supplement', mcgPerDay, words };
}


/** The largest daily MK-4 amount the patient takes, mcg; 0 when none. */
function patientMk4Mcg(context: PatientContext): number {
  return Math.max(0, ...context.normalized.supplements.filter((s) => s.kind === 'k2-mk4').map((s) => s.amountMcg ?? 0));
}

function rateIntervention(side: TrialSide, patient: PatientSide, say: boolean): DimensionResult {
  const { form } = side.trial.intervention;
  const dose = side.dose;
  if (dose.doseClass === 'not-vitamin-k') return dimension('intervention', 'indirect', say, () => `intervention was ${dose.words}, not vitamin K2 (context for interpreting the evidence)`);
  if (form === 'K1') return dimension('intervention', 'indirect', say, () => `intervention was vitamin K1 (phylloquinone), not K2${dose.mcgPerDay === null ? '' : ` (${dose.words})`}`);
  switch (dose.doseClass) {
    case 'drug': {
      const takes = patient.mk4Mcg;
      if (takes >= MK4_DRUG_DOSE_MCG) return dimension('intervention', 'fit', say, () => `dose ${dose.words} is a drug dose, as this patient takes (${formatAmount(takes / 1000, 'mg')}/day MK-4)`);
      const far = (dose.mcgPerDay ?? 0) >= 10 * MK4_DRUG_DOSE_MCG;
      return dimension('intervention', 'indirect', say, () => `dose ${dose.words} is a drug dose, ${far ? 'far ' : ''}above supplement doses`);
    }
    case 'high':
      return dimension('intervention', 'mismatch', say, () => `dose ${dose.words} is above the supplement range (up to ${SUPPLEMENT_RANGE_MAX_MCG} mcg/day)`);
    case 'unknown':
      return dimension('intervention', 'unknown', say, () => `${dose.words}: dose fit unknown`);
    default:
      return dimension('intervention', 'fit', say, () => `dose ${dose.words} is in the supplement range`);
  }
}

const HEALTHY_VOLUNTEERS = /\bhealthy volunteers?\b/i;

/** The design rule depends on the trial alone. */
function rateDesign(trial: TrialData): DimensionResult {
  const result = (status: DimensionStatus, reasons: string[]): DimensionResult => ({ dimension: 'design', status, reasons });
  const healthy = HEALTHY_VOLUNTEERS.test(trial.population.description);
  switch (trial.design) {
    case 'mechanistic':
      return result('indirect', ['mouse/mechanistic study: no clinical outcome in people']);
    case 'pharmacokinetic':
      return result('indirect', [...(healthy ? ['healthy volunteers'] : []), 'pharmacokinetic study: no clinical outcome']);
    case 'observational':
      return result(healthy ? 'indirect' : 'partial-cap', ['observational: association, not causation']);
    default:
      return healthy ? result('indirect', ['healthy volunteers: no clinical outcome']) : result('fit', []);
  }
}


function caveats(trial: TrialData): string[] {
  const out: string[] = [];
  for (const co of trial.intervention.coInterventions) out.push(`co-intervention ${co}`);
  if (trial.design === 'single-arm') out.push('single-arm study: no control group');
  if (trial.design === 'case-series') out.push('case reports: uncontrolled');
  if (trial.population.country && /japan/i.test(trial.population.country)) out.push('Japanese population: diet and vitamin K intake may differ from this patient’s');
  return out;
}


/**
 * The trial's side of the rules: everything that does not depend on the patient, computed once per trial (a report
 * weighs every trial of a goal, and a large snapshot holds thousands).
 */
export type TrialSide = {
  trial: TrialData;
  kidney: KidneyStatus;
  ckdStages: { min: number; max: number; words: string } | null;
  /** The non-kidney conditions that defined the population. */
  conditions: Condition[];
  dose: ReturnType<typeof classifyDose>;
  design: DimensionResult;
  caveats: string[];
};

export function trialSideOf(trial: TrialData): TrialSide {
  return {
    trial,
    kidney: trialKidney(trial),
    ckdStages: trialCkdStages(trial),
    conditions: trial.population.conditions.filter((c) => !KIDNEY_CONDITIONS.includes(c)),
    dose: classifyDose(trial),
    design: rateDesign(trial),
    caveats: caveats(trial),
  };
}

// For callers that hold a trial only (a snapshot's trial entries are not changed once built).
const trialSide = memoByObject(trialSideOf);

/** The patient's side of the rules, computed once per report rather than once per trial. */
export type PatientSide = { context: PatientContext; kidney: KidneyStatus; conditions: Condition[]; mk4Mcg: number };

export function patientSideOf(context: PatientContext): PatientSide {
  return { context, kidney: patientKidney(context), conditions: context.conditions.filter((c) => !KIDNEY_CONDITIONS.includes(c)), mk4Mcg: patientMk4Mcg(context) };
}

function traceOf(side: TrialSide, patient: PatientSide, say: boolean): DimensionResult[] {
  return [
    rateKidney(side, patient, say),
    rateConditions(side, patient, say),
    rateSex(side.trial, patient, say),
    rateAge(side.trial, patient, say),
    ratePregnancy(patient, say),
    rateIntervention(side, patient, say),
    say ? side.design : STATUS_ONLY[side.design.status],
    say ? { dimension: 'caveats', status: 'neutral', reasons: side.caveats } : STATUS_ONLY.neutral,
  ];
}

/** Every rule's result for this trial and patient, in the order the reasons are shown (the explanation trace). */
export function applicabilityTrace(trial: TrialData, context: PatientContext): DimensionResult[] {
  return traceOf(trialSide(trial), patientSideOf(context), true);
}

/** The rating from the dimension statuses (rule in the file header). */
export function ratingOf(trace: readonly DimensionResult[]): Applicability {
  let mismatches = 0;
  let indirect = false;
  let partial = false;
  for (const { status } of trace) {
    if (status === 'mismatch') mismatches += 1;
    else if (status === 'indirect') indirect = true;
    else if (status === 'unknown' || status === 'partial-cap') partial = true;
  }
  if (indirect || mismatches >= 2) return 'indirect';
  if (mismatches === 1 || partial) return 'partial';
  return 'direct';
}

/**
 * How directly a trial applies to this patient, with the reasons (GRADE indirectness; rules in the file header).
 * Missing patient data is reported as unknown and never counted as a match.
 */
export function rateApplicability(trial: TrialData, context: PatientContext): { applicability: Applicability; matchReasons: string[] } {
  const trace = applicabilityTrace(trial, context);
  return { applicability: ratingOf(trace), matchReasons: trace.flatMap((d) => d.reasons) };
}

/**
 * The rating alone, the same as rateApplicability() gives, without building the sentences: a report rates every
 * trial it weighs but lists (and explains) only some (goals.ts MAX_LISTED_TRIALS).
 */
export function applicabilityOf(side: TrialSide, patient: PatientSide): Applicability {
  return ratingOf(traceOf(side, patient, false));
}
