/**
 * The report's summary: a headline and a one- or two-sentence bottom line, safety first (SPEC "Report"; DESIGN.md
 * "safety first"). Rules:
 *   - headline: the first critical safety finding when there is one (SAFETY_HEADLINES, else its own title), noting how
 *     many more critical findings there are; otherwise each goal's verdict with its certainty and outcome level;
 *   - bottom line: one sentence on the evidence (goals grouped by verdict; unreviewed warnings counted) and one on what
 *     to do (the dose framing). When a critical finding exists or the framing is "avoid", the action comes first.
 */
import type { PatientContext } from '../patient-context';
import type { Goal } from '../vocabulary';
import { isUnsure, unsureMedicationIndexes } from './fail-safe';
import { GOAL_PROFILES } from './goals';
import type { DoseFraming, GoalFinding, OutcomeLevel, SafetyFinding, Verdict } from './types';

/** Headlines for critical safety codes, as a clinician would say them. */
export const SAFETY_HEADLINES: Record<string, string> = {
  'vka-interaction': 'Vitamin K antagonist: avoid vitamin K2 supplements',
};

const VERDICT_WORDS: Record<Verdict, string> = { supported: 'supported', uncertain: 'uncertain', 'not-supported': 'not supported' };
const LEVEL_WORDS: Record<OutcomeLevel, string> = {
  hard: 'clinical outcomes studied',
  surrogate: 'surrogate markers only',
  mechanistic: 'no outcome trials',
  none: 'no studies',
};

/** What an uncertain verdict rests on, for the bottom line. */
const UNCERTAIN_BASIS: Record<OutcomeLevel, string> = {
  hard: ', although trials measured clinical outcomes',
  surrogate: ', resting on surrogate markers only',
  mechanistic: ', resting on observational or mechanistic data only',
  none: ': no study addresses it',
};

function goalName(goal: Goal): string {
  return GOAL_PROFILES[goal].name;
}

function names(goals: readonly GoalFinding[]): string {
  const list = goals.map((g) => goalName(g.goal));
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** A medication name as typed, at most 60 characters. */
const clip = (name: string): string => (name.length > 60 ? `${name.slice(0, 57)}…` : name);

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function certaintyWords(g: GoalFinding): string {
  return `${g.certainty.replace('-', ' ')} certainty`;
}

function goalHeadline(goals: readonly GoalFinding[]): string {
  if (goals.length === 0) return 'Vitamin K2: no goal assessed';
  if (goals.length === 1) {
    const g = goals[0]!;
    return `Vitamin K2 for ${goalName(g.goal)}: ${VERDICT_WORDS[g.verdict]} (${certaintyWords(g)}; ${LEVEL_WORDS[g.bestOutcomeLevel]})`;
  }
  return `Vitamin K2 — ${goals.map((g) => `${goalName(g.goal)}: ${VERDICT_WORDS[g.verdict]}`).join('; ')}`;
}

function evidenceSentence(goals: readonly GoalFinding[], warnings: number): string {
  const parts: string[] = [];
  const supported = goals.filter((g) => g.verdict === 'supported');
  const notSupported = goals.filter((g) => g.verdict === 'not-supported');
  const uncertain = goals.filter((g) => g.verdict === 'uncertain');
  if (supported.length > 0) parts.push(`trials support vitamin K2 for ${supported.map((g) => `${goalName(g.goal)} (${certaintyWords(g)})`).join(', ')}`);
  if (notSupported.length > 0) parts.push(`the trials that apply found no benefit for ${names(notSupported)}`);
  if (uncertain.length > 0) {
    const levels = new Set(uncertain.map((g) => g.bestOutcomeLevel));
    const basis = levels.size === 1 ? UNCERTAIN_BASIS[uncertain[0]!.bestOutcomeLevel] : '';
    parts.push(`the evidence for ${names(uncertain)} is uncertain${basis}`);
  }
  if (parts.length === 0) parts.push('no goal was assessed');
  if (warnings > 0) parts.push(`${warnings} safety warning${warnings === 1 ? '' : 's'} ${warnings === 1 ? 'needs' : 'need'} review`);
  return `${capitalize(parts.join('; '))}.`;
}

function actionSentence(dose: DoseFraming, unsure: boolean): string {
  if (unsure && dose.recommendation !== 'avoid') return 'A medicine on the list could not be checked: confirm it first; no K2 dose is suggested until then, and any supplement is a decision with the prescriber or pharmacist.';
  switch (dose.recommendation) {
    case 'avoid':
      return 'Advise against vitamin K2 supplements; see the safety findings.';
    case 'food-first':
      return 'Food first: prefer dietary sources of vitamin K to a supplement.';
    case 'conservative':
      return dose.suggestedDailyMcg !== null && dose.form
        ? `If the patient still wants a supplement, ${dose.suggestedDailyMcg} mcg/day ${dose.form} is a conservative, adequacy-based choice — not a dose shown to change outcomes.`
        : 'If the patient still wants a supplement, keep to a conservative dose; no dose has been shown to change outcomes.';
    default:
      return 'Discuss any supplement with the treating clinician before starting, in the light of the findings above.';
  }
}

/** Headline and bottom line for the report (rules in the file header): safety first, then the goal verdicts. */
export function summarize(context: PatientContext, safety: SafetyFinding[], goals: GoalFinding[], dose: DoseFraming): { headline: string; bottomLine: string } {
  const critical = safety.filter((s) => s.severity === 'critical');
  const warnings = safety.filter((s) => s.severity === 'warning').length;
  const first = critical[0];
  // The fail-safe rule (fail-safe.ts): a medicine that could not be checked is the headline unless a critical finding is.
  const unsure = isUnsure(safety);
  const unchecked = unsureMedicationIndexes(safety).map((i) => context.medications[i]?.name).filter((n): n is string => n !== undefined);
  const headline = first
    ? `${SAFETY_HEADLINES[first.code] ?? first.title}${critical.length > 1 ? ` (and ${critical.length - 1} more critical finding${critical.length > 2 ? 's' : ''})` : ''}`
    : unsure
      ? `Could not check ${unchecked.length === 1 ? `"${clip(unchecked[0]!)}"` : `${unchecked.length} medications`}: confirm before any vitamin K2 advice`
      : goalHeadline(goals);
  const evidence = evidenceSentence(goals, warnings);
  const action = actionSentence(dose, unsure);
  const bottomLine = first || unsure || dose.recommendation === 'avoid' ? `${action} ${evidence}` : `${evidence} ${action}`;
  return { headline, bottomLine };
}
