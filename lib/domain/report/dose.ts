/**
 * Dose framing (SPEC "Report" dose). The first rule that applies decides the recommendation; the others still add
 * their notes. Only "conservative" suggests an amount, and it is an adequacy-based choice (about 90 mcg/day MK-7,
 * EVIDENCE-BRIEF.md "Doses"), never presented as the dose shown to change calcium scores or bone. Trial doses appear
 * as context, computed from the snapshot's trials, never as targets.
 */
import type { Condition } from '../vocabulary';
import type { PatientContext } from '../patient-context';
import { citationsInSnapshot, composeStatements, formatNumber, type Statement } from './cite';
import { estimateDietaryK2 } from './diet';
import { isUnsure } from './fail-safe';
import { parseMatchTrace, plainMedicineName } from './medications';
import { childVitaminKAdequateIntake, vitaminDUpperLimit } from './reference-intakes';
import { K2_PHARMACOLOGIC_MCG } from './safety';
import { describeRange, describeTrialDoses, rangeCitations, trialDoseRange } from './trial-doses';
import type { CitationId, DoseFraming, EvidenceSnapshot, SafetyFinding } from './types';

/** The conservative adequacy-based amount, mcg/day MK-7 (EVIDENCE-BRIEF.md "Doses"; about the adult women's AI). */
export const CONSERVATIVE_MCG = 90;

const unique = <T>(list: T[]): T[] => [...new Set(list)];
const AI_SOURCE: CitationId = 'source:nih-ods-vitamin-k-adequate-intake';
const VK_SOURCE: CitationId = 'source:nih-ods-vitamin-k-hp';

/** Conditions that make any K2 supplement a clinician-level decision ("discuss"), with the reason shown in the notes. */
const DISCUSS_CONDITIONS: Partial<Record<Condition, Statement>> = {
  'bleeding-disorder': { text: 'Bleeding disorder: vitamin K acts on clotting factors, so any K2 supplement is a decision for the haematologist.', cites: [VK_SOURCE] },
  'liver-disease': { text: 'Liver disease: cholestatic liver disease reduces absorption of fat-soluble vitamins such as K, and the disease itself affects clotting; any K2 supplement is a decision for the treating clinician.', cites: ['source:nih-ods-fat-soluble-malabsorption'] },
  mds: { text: 'Myelodysplastic syndrome: MK-4 at 45 mg/day (a drug dose) has only small uncontrolled case series, with no controlled trial; any use belongs with the haematologist.', cites: ['trial:mk4-mds-case-report-1999', 'trial:abe-2002-mk4-mds-series'] },
  leukemia: { text: 'Leukaemia: there is no controlled human evidence for K2 (the MK-4 data are small uncontrolled series in myelodysplastic syndrome, at drug doses); involve the haematologist or oncologist, who also knows the cancer medicines, before any supplement.', cites: ['trial:mk4-mds-case-report-1999', 'trial:abe-2002-mk4-mds-series'] },
};

/** Adequate Intake for this person, mcg/day, from food (NIH ODS Table 1; child bands in reference-intakes.ts); null only for an adult of sex 'other'. */
export function adequateIntakeMcg(context: Pick<PatientContext, 'age' | 'sex' | 'pregnancy'>): { mcg: number | null; label: string } {
  const { age, sex, pregnancy } = context;
  if (pregnancy !== 'none') return age <= 18 ? { mcg: 75, label: `75 mcg/day (${pregnancy}, 18 years or younger)` } : { mcg: 90, label: `90 mcg/day (${pregnancy})` };
  const child = childVitaminKAdequateIntake(age);
  if (child) return { mcg: child.mcg, label: `${formatNumber(child.mcg)} mcg/day (${child.ages})` };
  if (sex === 'female') return { mcg: 90, label: '90 mcg/day (adult women)' };
  if (sex === 'male') return { mcg: 120, label: '120 mcg/day (adult men)' };
  return { mcg: null, label: '90 mcg/day for adult women, 120 mcg/day for adult men' };
}

/** Frame the K2 dose for this patient: avoid (any VKA), discuss (a medicine that could not be checked: the fail-safe rule), food-first (pregnancy, breastfeeding, under 18), discuss (clinician-level conditions), else conservative ~90 mcg/day MK-7. Sources: EVIDENCE-BRIEF.md "Doses" and "Safety and interactions". */
export function frameDose(context: PatientContext, safety: SafetyFinding[], snapshot: EvidenceSnapshot): DoseFraming {
  const has = (code: string): boolean => safety.some((s) => s.code === code);
  const mk7 = trialDoseRange(snapshot, 'MK-7');
  const mk4 = trialDoseRange(snapshot, 'MK-4');
  const ai = adequateIntakeMcg(context);

  const trialContext: Statement = {
    text: `Trial doses, for context only — not targets: MK-7 ${describeTrialDoses(mk7)} in trials; MK-4 ${describeRange(mk4)} is menatetrenone, a drug dose approved for osteoporosis in Japan.`,
    cites: [...rangeCitations(mk7), ...rangeCitations(mk4)],
    essential: true,
  };
  const noUl: Statement = { text: 'No tolerable upper intake level exists for vitamin K because data are insufficient — not because high doses are proven safe.', cites: [VK_SOURCE] };

  const vka = safety.filter((s) => s.code === 'vka-interaction');
  const foodFirst = context.pregnancy !== 'none' || context.age < 18;
  const discussReasons: Statement[] = [
    ...(has('kidney-disease') || context.conditions.includes('ckd') || context.conditions.includes('dialysis') || context.ckdStage !== undefined
      ? [{ text: 'Kidney disease: K2 trials in CKD and dialysis did not show benefit on their main outcomes; the decision belongs with the nephrology team.', cites: ['trial:witham-2020-k4kidneys', 'trial:trevasc-hdk-2023'] }]
      : []),
    ...(has('fat-malabsorption') || context.conditions.includes('fat-malabsorption')
      ? [{ text: 'Fat malabsorption (condition or medicine): vitamin K absorption is reduced, so whether and how to supplement is a clinician decision.', cites: ['source:nih-ods-fat-soluble-malabsorption'] }]
      : []),
    ...context.conditions.flatMap((c) => (DISCUSS_CONDITIONS[c] ? [DISCUSS_CONDITIONS[c]] : [])),
  ];

  const statements: Array<Statement | false> = [];
  let recommendation: DoseFraming['recommendation'];
  if (vka.length > 0) {
    recommendation = 'avoid';
    const drugs = unique(vka.flatMap((f) => f.triggeredBy.flatMap((line) => parseMatchTrace(line) ?? []).map(plainMedicineName)));
    statements.push(
      { text: `Avoid K2 supplements: the patient takes a vitamin K antagonist${drugs.length > 0 ? ` (${drugs.join(', ')})` : ''}. Start one only if the prescriber agrees and the INR is monitored closely; no dose is suggested.`, cites: [VK_SOURCE], essential: true },
      { text: 'MK-7 at only 10–20 mcg/day shifted the INR in anticoagulated volunteers.', cites: ['trial:theuwissen-2013'], essential: true },
      { text: 'Keep vitamin K intake from food (natto, leafy greens) consistent from week to week, and coordinate any change with the anticoagulation clinic.', cites: [VK_SOURCE], essential: true },
    );
  } else if (isUnsure(safety)) {
    // The fail-safe rule (fail-safe.ts): a medicine that could not be checked withholds every dose.
    recommendation = 'discuss';
    statements.push({ text: 'A medicine on the list could not be checked (see the safety findings): no K2 dose is suggested until it is confirmed. Discuss with the prescriber or pharmacist first.', cites: [], essential: true });
  } else if (foodFirst) {
    recommendation = 'food-first';
    const who = context.pregnancy === 'pregnant' ? 'In pregnancy' : context.pregnancy === 'breastfeeding' ? 'While breastfeeding' : `At age ${context.age}`;
    statements.push(
      { text: `${who}, aim for vitamin K intake at the Adequate Intake from food: ${ai.label}. That is a food target, not a supplement dose, so no supplement amount is suggested.`, cites: [AI_SOURCE], essential: true },
      { text: context.pregnancy !== 'none' ? 'Intake at the AI from food is considered likely safe; supplemental doses above it have not been studied in pregnancy or breastfeeding.' : 'Children’s Adequate Intakes are far below the adult doses used in K2 trials; adult trial doses are not targets for a child.', cites: [AI_SOURCE], essential: true },
    );
  } else if (discussReasons.length > 0) {
    recommendation = 'discuss';
    statements.push({ text: 'Discuss with the treating clinician before any K2 supplement; no dose is suggested here.', cites: [], essential: true });
  } else {
    recommendation = 'conservative';
    statements.push(
      {
        text: `If the patient decides to supplement, about ${CONSERVATIVE_MCG} mcg/day of MK-7 is a conservative, adequacy-based choice — it is NOT the dose shown to slow coronary calcium or bone loss, and no K2 dose has been shown to prevent heart attacks or fractures.`,
        cites: [AI_SOURCE],
        essential: true,
      },
      { text: `The vitamin K Adequate Intake for this patient is ${ai.label}, K1 and K2 together, mostly from food.`, cites: [AI_SOURCE], essential: true },
    );
  }
  // The reasons to discuss are shown whichever rule decided (with avoid or food-first they still matter).
  statements.push(...discussReasons);
  if (recommendation !== 'food-first' && foodFirst) statements.push({ text: `Also ${context.pregnancy !== 'none' ? context.pregnancy : `age ${context.age}`}: the vitamin K target is the Adequate Intake from food, ${ai.label}.`, cites: [AI_SOURCE], essential: true });

  const current = context.normalized.supplements.filter((s) => (s.kind === 'k2-mk7' || s.kind === 'k2-mk4') && s.amountMcg !== null);
  if (current.length > 0)
    statements.push({
      text: `Already taking: ${current.map((s) => `${s.kind === 'k2-mk4' ? 'MK-4' : 'MK-7'} ${formatNumber(s.amount, 3)} ${s.unit}/day`).join(', ')}.${has('mk4-pharmacologic-dose') ? highK2Note(current) : ''}`,
      cites: [],
      essential: true,
    });
  const dietary = estimateDietaryK2(context.diet);
  if (dietary && dietary.totalMcgPerDay > 0) statements.push({ text: `The diet answers suggest roughly ${formatNumber(dietary.totalMcgPerDay)} mcg/day of K2 from food already (mostly from natto when it is eaten).`, cites: ['source:nih-ods-natto-mk7'] });
  if (has('vitamin-d-above-ul')) statements.push({ text: context.vitaminD.supervisedCourse === true ? `Vitamin D is above the ${formatNumber(vitaminDUpperLimit(context.age).iu)} IU/day upper limit as a supervised course: recheck 25(OH)D and calcium; K2 does not change this.` : `Vitamin D intake is above the ${formatNumber(vitaminDUpperLimit(context.age).iu)} IU/day upper limit for this age: K2 does not make it safe; review the vitamin D dose first.`, cites: ['source:nih-ods-vitamin-d-hp'], essential: true });
  statements.push(trialContext, noUl);

  const notes = statements.filter((s): s is Statement => !!s).map((s) => composeStatements(snapshot, [s]).text).filter((t) => t.length > 0);
  const citations = citationsInSnapshot(snapshot, statements.flatMap((s) => (s ? s.cites : [])));
  const conservative = recommendation === 'conservative';
  return { recommendation, suggestedDailyMcg: conservative ? CONSERVATIVE_MCG : null, form: conservative ? 'MK-7' : null, notes, citations };
}

/** What an amount at or above 1,000 mcg/day is: an MK-4 drug dose, or MK-7 above every daily MK-7 trial dose (issue 13, error 6). */
function highK2Note(current: ReadonlyArray<{ kind: string; amountMcg: number | null }>): string {
  const high = (kind: string): boolean => current.some((s) => s.kind === kind && (s.amountMcg ?? 0) >= K2_PHARMACOLOGIC_MCG);
  const parts = [high('k2-mk4') ? 'the MK-4 amount is a drug-level dose' : '', high('k2-mk7') ? 'the MK-7 amount is above every daily dose studied in trials' : ''].filter(Boolean);
  return parts.length === 0 ? '' : ` ${parts.join('; ').replace(/^t/, 'T')}: check the label unit (1 mg = 1,000 mcg).`;
}
