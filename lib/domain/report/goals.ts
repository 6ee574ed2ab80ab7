/**
 * Goal findings: for each goal the patient asked about, what the curated trials show *for this patient*.
 *
 * Evidence ladder (GRADE; Guyatt et al., BMJ 2008;336:924 and J Clin Epidemiol 2011;64:1303 — indirectness and
 * surrogate outcomes). A trial informs a goal when its `goals` include it. Each is weighed as:
 *   - study kind: randomised (rct, meta-analysis) · uncontrolled (single-arm, case-series) · association
 *     (observational) · mechanistic (pharmacokinetic, mechanistic) · context (the intervention is not vitamin K, e.g.
 *     a statin or vitamin D3: shown to help read the evidence, never counted for or against K2);
 *   - outcome level: randomised and uncontrolled studies rank at their outcomes (hard if any hard outcome, else
 *     surrogate). Observational, pharmacokinetic and mechanistic studies rank as 'mechanistic': nobody was given K2 and
 *     followed, so they generate hypotheses however hard their endpoint — bestOutcomeLevel therefore reflects
 *     interventional evidence (the Rotterdam association with coronary deaths does not make it 'hard');
 *   - key outcome: the first outcome of the trial's best type (curators list the primary first); its direction is the
 *     trial's direction, except that a benefit with a null low-risk-of-bias analysis in the same study counts as mixed;
 *   - applicability: rateApplicability() (applicability.ts). "Applicable" means direct or partial.
 *
 * Verdict (VERDICT_RULES, first match wins; the trace records which rule fired and why):
 *   1. no vitamin K study informs the goal → uncertain (missing evidence is unknown, not no);
 *   2. supported — a randomised study that applies, at a supplement-range dose, with its own GRADE low or better,
 *      showed benefit on a hard outcome, no null low-risk-of-bias analysis is against it, and no randomised hard-outcome
 *      study in this patient's own population (direct) is null. A surrogate result never makes a verdict supported;
 *   3. not-supported — randomised studies apply, and every one is null or harmful (e.g. muscle: Witham 2019 in older
 *      fallers found nothing, and no trial looked at young adults);
 *   4. otherwise uncertain: surrogate-only benefit, mixed results, or only observational, uncontrolled, mechanistic or
 *      indirect evidence. Observational and mechanistic data alone are never more than uncertain.
 *
 * bestOutcomeLevel: the highest level among contributing studies that apply (direct/partial); only when none applies,
 * the highest among indirect ones, and the statement says so; 'none' when no vitamin K study informs the goal.
 *
 * Certainty: start from the highest own GRADE among the studies at bestOutcomeLevel in that tier (for a supported
 * verdict: the qualifying studies); indirectness: one step down when the best of them is partial, two when they are
 * all indirect (GRADE "very serious indirectness"); one step down when the level is surrogate or mechanistic; never
 * above the studies' own grade; very-low when there is no evidence.
 *
 * Listing: verdict, level and certainty weigh every study that informs the goal (trialsWeighed); the finding lists at
 * most MAX_LISTED_TRIALS of them, those that apply most closely first, plus every study its statement names.
 */
import type { TrialData } from '../evidence/schemas';
import type { PatientContext } from '../patient-context';
import type { Goal } from '../vocabulary';
import { applicabilityOf, patientSideOf, rateApplicability, trialSideOf, type DoseClass, type PatientSide, type TrialSide } from './applicability';
import { formatNumber } from './cite';
import { memoByList } from './memo';
import { resolvableCitations, trialCitation } from './references';
import type { Applicability, Certainty, EffectEstimate, EvidenceSnapshot, GoalFinding, GoalTrial, OutcomeLevel, Verdict } from './types';

type Outcome = TrialData['outcomes'][number];
type Direction = Outcome['direction'];
/** How a study counts for a verdict (see the ladder above). */
export type StudyKind = 'randomised' | 'uncontrolled' | 'association' | 'mechanistic' | 'context';

/** How each design counts (see the ladder above). */
export const DESIGN_KINDS: Record<TrialData['design'], Exclude<StudyKind, 'context'>> = {
  rct: 'randomised',
  'meta-analysis': 'randomised',
  'single-arm': 'uncontrolled',
  'case-series': 'uncontrolled',
  observational: 'association',
  pharmacokinetic: 'mechanistic',
  mechanistic: 'mechanistic',
};

/** What a goal's clinical outcomes and surrogate markers are, for the statement. */
export const GOAL_PROFILES: Record<Goal, { name: string; hardOutcomes: string; surrogates: string }> = {
  cardiovascular: { name: 'heart and blood vessels', hardOutcomes: 'fewer heart attacks, strokes or deaths', surrogates: 'calcium scores, arterial stiffness and wall thickness' },
  bone: { name: 'bone', hardOutcomes: 'fewer fractures', surrogates: 'bone density' },
  muscle: { name: 'muscle and strength', hardOutcomes: 'fewer falls or better strength in daily life', surrogates: 'balance and performance scores' },
  'blood-cancer': { name: 'blood cancers', hardOutcomes: 'prevention or slower progression of leukaemia or MDS', surrogates: 'blood counts' },
  general: { name: 'general health', hardOutcomes: 'a benefit for general health or wellbeing', surrogates: 'blood levels and clotting tests (INR)' },
};

/** A "low risk of bias only" sensitivity analysis, as curators name it in an outcome. */
const LOW_RISK_OF_BIAS = /low[-\s]risk[-\s]of[-\s]bias/i;

const LEVEL_RANK: Record<OutcomeLevel, number> = { none: 0, mechanistic: 1, surrogate: 2, hard: 3 };
const CERTAINTY_ORDER: readonly Certainty[] = ['very-low', 'low', 'moderate', 'high'];
const APPLICABILITY_RANK: Record<Applicability, number> = { direct: 0, partial: 1, indirect: 2 };
const KIND_RANK: Record<StudyKind, number> = { randomised: 0, uncontrolled: 1, association: 2, mechanistic: 3, context: 4 };

/** One trial weighed for one goal and patient. */
export type WeighedTrial = {
  trial: TrialData;
  applicability: Applicability;
  kind: StudyKind;
  /** Level it contributes at; 'none' for context studies, which do not contribute. */
  level: OutcomeLevel;
  outcomeType: 'hard' | 'surrogate';
  key: Outcome;
  direction: Direction;
  /** A benefit contradicted by a null low-risk-of-bias analysis in the same study. */
  contested: boolean;
  doseClass: DoseClass;
};

/** The facts the verdict rules read. */
export type GoalFacts = {
  goal: Goal;
  weighed: WeighedTrial[];
  contributing: WeighedTrial[];
  applicable: WeighedTrial[];
  applicableRandomised: WeighedTrial[];
  qualifying: WeighedTrial[];
  directHardNull: WeighedTrial[];
};

/** A verdict rule as data: its id, the verdict it gives, the sentence that explains it, and its test. */
export type VerdictRule = { id: string; verdict: Verdict; when: string; test: (facts: GoalFacts) => boolean };

const isNull = (d: Direction): boolean => d === 'no-difference' || d === 'harm';

/** The verdict rules, in order; the first whose test holds decides (rule text in the file header). */
export const VERDICT_RULES: readonly VerdictRule[] = [
  {
    id: 'no-evidence',
    verdict: 'uncertain',
    when: 'no vitamin K study informs this goal: missing evidence is unknown, not no',
    test: (f) => f.contributing.length === 0,
  },
  {
    id: 'hard-benefit',
    verdict: 'supported',
    when: "a randomised study that applies, at a supplement dose and GRADE low or better, showed a hard-outcome benefit, with no null low-risk-of-bias analysis or null hard-outcome study in this patient's population against it",
    test: (f) => f.qualifying.length > 0 && f.directHardNull.length === 0,
  },
  {
    id: 'applicable-null',
    verdict: 'not-supported',
    when: 'every randomised study that applies to this patient found no difference or harm',
    test: (f) => f.applicableRandomised.length > 0 && f.applicableRandomised.every((w) => isNull(w.direction)),
  },
  {
    id: 'uncontrolled-only',
    verdict: 'not-supported',
    when: 'vitamin K studies inform this goal, but none has a comparison group — only case reports or uncontrolled series (with or without laboratory work): a benefit with no controlled human evidence is not supported (blood cancers: claims registry k2-d3-prevent-leukaemia)',
    test: (f) => f.contributing.some((w) => w.kind === 'uncontrolled') && f.contributing.every((w) => w.kind === 'uncontrolled' || w.kind === 'mechanistic'),
  },
  {
    id: 'otherwise',
    verdict: 'uncertain',
    when: 'benefit only on surrogate markers, mixed results, or only observational, uncontrolled, mechanistic or indirect evidence',
    test: () => true,
  },
];

type TrialWeight = Omit<WeighedTrial, 'trial' | 'applicability'>;

/** The trial's own side of the weighing (kind, level, key outcome, direction): the same for every patient. */
function trialWeight(trial: TrialData, dose: TrialSide['dose']): TrialWeight {
  const { doseClass } = dose;
  const outcomeType = trial.outcomes.some((o) => o.type === 'hard') ? 'hard' : 'surrogate';
  const key = trial.outcomes.find((o) => o.type === outcomeType) ?? trial.outcomes[0]!;
  const kind: StudyKind = doseClass === 'not-vitamin-k' ? 'context' : DESIGN_KINDS[trial.design];
  const level: OutcomeLevel = kind === 'context' ? 'none' : kind === 'association' || kind === 'mechanistic' ? 'mechanistic' : outcomeType;
  const contested = key.direction === 'benefit' && trial.outcomes.some((o) => LOW_RISK_OF_BIAS.test(o.name) && isNull(o.direction));
  return { kind, level, outcomeType, key, direction: contested ? 'mixed' : key.direction, contested, doseClass };
}

/** A trial of the snapshot with everything about it that does not depend on the patient. */
type Prepared = { trial: TrialData; order: number; side: TrialSide; weight: TrialWeight };

function prepare(trial: TrialData, order: number): Prepared {
  const side = trialSideOf(trial);
  return { trial, order, side, weight: trialWeight(trial, side.dose) };
}

function weigh(p: Prepared, patient: PatientSide): WeighedTrial {
  const w = p.weight;
  return { trial: p.trial, applicability: applicabilityOf(p.side, patient), kind: w.kind, level: w.level, outcomeType: w.outcomeType, key: w.key, direction: w.direction, contested: w.contested, doseClass: w.doseClass };
}

/** Weigh one trial for a goal: kind, level, key outcome, direction, applicability. */
export function weighTrial(trial: TrialData, context: PatientContext): WeighedTrial {
  return weigh(prepare(trial, 0), patientSideOf(context));
}

/**
 * The snapshot's trials by the goals they inform, in snapshot order, prepared once per snapshot — not per report and
 * goal: with thousands of published trials the per-report work is then the patient's side of the rules only.
 */
const trialsByGoal = memoByList((trials: readonly TrialData[]): Map<Goal, Prepared[]> => {
  const index = new Map<Goal, Prepared[]>();
  trials.forEach((trial, order) => {
    const prepared = prepare(trial, order);
    for (const goal of new Set(trial.goals)) {
      const list = index.get(goal) ?? [];
      list.push(prepared);
      index.set(goal, list);
    }
  });
  return index;
});

function factsFor(goal: Goal, weighed: WeighedTrial[]): GoalFacts {
  const contributing = weighed.filter((w) => w.kind !== 'context');
  const applicable = contributing.filter((w) => w.applicability !== 'indirect');
  const applicableRandomised = applicable.filter((w) => w.kind === 'randomised');
  const qualifying = applicableRandomised.filter(
    (w) => w.level === 'hard' && w.key.direction === 'benefit' && !w.contested && w.doseClass === 'supplement' && w.trial.certainty.grade !== 'very-low',
  );
  const directHardNull = applicableRandomised.filter((w) => w.applicability === 'direct' && w.level === 'hard' && isNull(w.direction));
  return { goal, weighed, contributing, applicable, applicableRandomised, qualifying, directHardNull };
}

function maxLevel(ws: readonly WeighedTrial[]): OutcomeLevel {
  return ws.reduce<OutcomeLevel>((best, w) => (LEVEL_RANK[w.level] > LEVEL_RANK[best] ? w.level : best), 'none');
}

function stepDown(c: Certainty, steps: number): Certainty {
  return CERTAINTY_ORDER[Math.max(0, CERTAINTY_ORDER.indexOf(c) - steps)]!;
}

/** bestOutcomeLevel and certainty by the rules in the file header. */
function gradeEvidence(facts: GoalFacts, verdict: Verdict): { level: OutcomeLevel; certainty: Certainty; fromIndirect: boolean; trace: string[] } {
  if (facts.contributing.length === 0) return { level: 'none', certainty: 'very-low', fromIndirect: false, trace: ['no contributing study: level none, certainty very-low'] };
  const fromIndirect = facts.applicable.length === 0;
  const tier = fromIndirect ? facts.contributing : facts.applicable;
  const level = maxLevel(tier);
  const basis = verdict === 'supported' ? facts.qualifying : tier.filter((w) => w.level === level);
  const start = basis.reduce<Certainty>((best, w) => (CERTAINTY_ORDER.indexOf(w.trial.certainty.grade) > CERTAINTY_ORDER.indexOf(best) ? w.trial.certainty.grade : best), 'very-low');
  const bestFit = basis.reduce<Applicability>((best, w) => (APPLICABILITY_RANK[w.applicability] < APPLICABILITY_RANK[best] ? w.applicability : best), 'indirect');
  const indirectness = APPLICABILITY_RANK[bestFit];
  const surrogate = level !== 'hard';
  const certainty = stepDown(start, indirectness + (surrogate ? 1 : 0));
  const trace = [
    `best outcome level ${level} from ${fromIndirect ? 'indirect studies only' : 'studies that apply'} (${basis.map((w) => w.trial.id).join(', ')})`,
    `certainty: start ${start}${indirectness > 0 ? `, −${indirectness} indirectness (best fit ${bestFit})` : ''}${surrogate ? `, −1 ${level} outcome` : ''} → ${certainty}`,
  ];
  return { level, certainty, fromIndirect, trace };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The studies a statement names, so that the report lists each of them (see listedTrials). */
type Named = Set<WeighedTrial>;

/** A study by its short label, recorded as named. */
function nameOf(w: WeighedTrial, named: Named): string {
  named.add(w);
  return w.trial.shortLabel;
}

function labels(ws: readonly WeighedTrial[], named: Named, max = 3): string {
  const names = ws.slice(0, max).map((w) => nameOf(w, named));
  return ws.length <= max ? names.join('; ') : `${names.join('; ')} and ${ws.length - max} more`;
}

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const KIND_WORDS: Record<StudyKind, [string, string]> = {
  randomised: ['randomised study', 'randomised studies'],
  uncontrolled: ['uncontrolled study', 'uncontrolled studies'],
  association: ['observational study', 'observational studies'],
  mechanistic: ['pharmacokinetic or mechanistic study', 'pharmacokinetic or mechanistic studies'],
  context: ['context study', 'context studies'],
};

function describeKinds(ws: readonly WeighedTrial[]): string {
  const kinds = (Object.keys(KIND_WORDS) as StudyKind[]).filter((k) => ws.some((w) => w.kind === k));
  return joinAnd(kinds.map((k) => count(ws.filter((w) => w.kind === k).length, ...KIND_WORDS[k])));
}

/** What the randomised studies that apply found, as one clause per result. */
function resultParts(ws: readonly WeighedTrial[]): Array<{ verb: string; group: WeighedTrial[] }> {
  const groups: Array<{ verb: string; group: WeighedTrial[] }> = [
    { verb: 'showed a benefit on a clinical outcome', group: ws.filter((w) => w.direction === 'benefit' && w.level === 'hard') },
    { verb: 'improved only surrogate markers', group: ws.filter((w) => w.direction === 'benefit' && w.level !== 'hard') },
    { verb: 'had mixed or contested results', group: ws.filter((w) => w.direction === 'mixed') },
    { verb: 'found no difference', group: ws.filter((w) => w.direction === 'no-difference') },
    { verb: 'suggested harm', group: ws.filter((w) => w.direction === 'harm') },
  ];
  return groups.filter((g) => g.group.length > 0);
}

/** Sentence 1: what applies to this patient and what it found. */
function applicableSentence(facts: GoalFacts, profile: (typeof GOAL_PROFILES)[Goal], named: Named): string {
  if (facts.contributing.length === 0) {
    const context = facts.weighed.length > 0 ? ` (the ${count(facts.weighed.length, 'study', 'studies')} listed tested something else and are context only)` : '';
    return `No study of vitamin K for ${profile.name} is in the evidence base${context}.`;
  }
  const rs = facts.applicableRandomised;
  if (rs.length === 1) {
    const [part] = resultParts(rs);
    return `The only randomised study that applies to this patient, ${nameOf(rs[0]!, named)}, ${part!.verb}.`;
  }
  if (rs.length > 1) {
    const parts = resultParts(rs).map((p) => `${p.group.length} ${p.verb} (${labels(p.group, named)})`);
    return `Of ${rs.length} randomised studies that apply to this patient, ${joinAnd(parts)}.`;
  }
  const indirect = facts.contributing.filter((w) => w.applicability === 'indirect');
  if (facts.applicable.length > 0) {
    const rest = indirect.length > 0 ? `, besides ${count(indirect.length, 'study', 'studies')} that apply only indirectly` : '';
    return `No randomised study applies to this patient; what applies is ${describeKinds(facts.applicable)} (${labels(facts.applicable, named)})${rest}.`;
  }
  return `No study applies directly or partly to this patient: the ${describeKinds(indirect)} on ${profile.name} ${indirect.length === 1 ? 'applies' : 'apply'} only indirectly (${labels(indirect, named)}).`;
}

/** Sentence 2: whether any study showed a clinical outcome, and what the evidence level means. */
function outcomeSentence(facts: GoalFacts, verdict: Verdict, level: OutcomeLevel, fromIndirect: boolean, profile: (typeof GOAL_PROFILES)[Goal], named: Named): string {
  const clauses: string[] = [];
  const randomised = facts.contributing.filter((w) => w.kind === 'randomised' && w.level === 'hard');
  const hardBenefit = randomised.filter((w) => w.direction === 'benefit');
  const contested = randomised.filter((w) => w.contested);
  if (verdict === 'supported') {
    clauses.push(`the clinical-outcome benefit rests on ${labels(facts.qualifying, named)}`);
  } else {
    if (level === 'surrogate' || level === 'mechanistic') clauses.push(`${profile.surrogates} ${level === 'surrogate' ? 'are surrogate markers, not clinical outcomes' : 'and mechanisms are not clinical outcomes'}`);
    if (hardBenefit.length === 0 && contested.length === 0) clauses.push(`no trial has shown ${profile.hardOutcomes}`);
    const indirectBenefit = hardBenefit.filter((w) => w.applicability === 'indirect');
    const otherBenefit = hardBenefit.filter((w) => w.applicability !== 'indirect');
    if (indirectBenefit.length > 0) clauses.push(`a clinical-outcome benefit was seen only in studies that apply indirectly to this patient (${labels(indirectBenefit, named)})`);
    // Each reason is given for the first few; a large evidence base would otherwise make this one sentence per study.
    for (const w of otherBenefit.slice(0, 3)) clauses.push(`the clinical-outcome benefit in ${nameOf(w, named)} does not count as support: ${whyNotQualifying(w, facts, named)}`);
    const rest = otherBenefit.slice(3);
    if (rest.length > 0) clauses.push(`the clinical-outcome benefits in ${count(rest.length, 'more study', 'more studies')} that apply to this patient do not count as support either (${labels(rest, named)})`);
    if (contested.length > 0) clauses.push(`the clinical-outcome benefit in ${labels(contested, named)} was not significant in its low-risk-of-bias trials`);
  }
  const associations = facts.contributing.filter((w) => w.kind === 'association' && w.outcomeType === 'hard' && w.key.direction === 'benefit');
  for (const a of associations.slice(0, 1)) clauses.push(`an observational study (${nameOf(a, named)}) found lower ${a.key.name.toLowerCase()} with higher intake: an association, not causation`);
  if (fromIndirect) clauses.push('the evidence level here comes from indirect studies only');
  return clauses.length > 0 ? `${capitalize(clauses.join('; '))}.` : '';
}

/** Why an applicable hard-outcome benefit did not make the verdict supported (the conditions of rule "hard-benefit"). */
function whyNotQualifying(w: WeighedTrial, facts: GoalFacts, named: Named): string {
  const why: string[] = [];
  if (w.kind !== 'randomised') why.push('not a randomised study');
  if (w.doseClass !== 'supplement') why.push(w.doseClass === 'unknown' ? 'its dose is unknown' : 'its dose is outside the supplement range');
  if (w.trial.certainty.grade === 'very-low') why.push('its own certainty is very low');
  if (facts.qualifying.includes(w) && facts.directHardNull.length > 0) why.push(`a hard-outcome study in this patient's population was null (${labels(facts.directHardNull, named)})`);
  return why.length > 0 ? why.join(', ') : 'it does not meet the rule';
}

function shortResult(w: WeighedTrial): string {
  const sentence = w.key.result.split(/(?<=[.!?])\s+(?=[A-Z])/)[0] ?? w.key.result;
  const first = w.kind === 'association' && !/association/i.test(sentence) ? `${sentence.replace(/\.$/, '')} (association).` : sentence;
  const text = `${w.key.name}: ${first}`;
  if (text.length <= 240) return text;
  const cut = text.slice(0, 239);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

/** The estimate without its p-value (the chart shows the estimate and interval only), with its unit and whether it was checked. */
function effectOf(e: NonNullable<Outcome['effect']>): EffectEstimate {
  return {
    measure: e.measure,
    value: e.value,
    ...(e.ciLow !== undefined ? { ciLow: e.ciLow } : {}),
    ...(e.ciHigh !== undefined ? { ciHigh: e.ciHigh } : {}),
    ...(e.unit !== undefined ? { unit: e.unit } : {}),
    ...(e.comparison !== undefined ? { comparison: e.comparison } : {}),
    verified: e.verification?.status === 'verified',
  };
}

/**
 * Listing order: applicability (direct first), real outcomes before surrogate ones, study kind (randomised first),
 * then the snapshot's (curated) order.
 */
function listingGroup(w: WeighedTrial): number {
  return (APPLICABILITY_RANK[w.applicability] * 2 + (w.outcomeType === 'hard' ? 0 : 1)) * 5 + KIND_RANK[w.kind];
}

const POSITION = 2 ** 24;

/**
 * Weigh a goal's trials (given in snapshot order) and sort them in listing order. The sort keys are plain numbers
 * (group × 2^24 + position) in a typed array: sorting thousands of trials per report and goal stays cheap.
 */
function weighAll(entries: readonly Prepared[], context: PatientContext): WeighedTrial[] {
  if (entries.length >= POSITION) throw new Error('Too many trials for one goal.');
  const patient = patientSideOf(context);
  const weighed: WeighedTrial[] = new Array(entries.length);
  const keys = new Float64Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const w = weigh(entries[i]!, patient);
    weighed[i] = w;
    keys[i] = listingGroup(w) * POSITION + i;
  }
  keys.sort();
  return Array.from(keys, (key) => weighed[key % POSITION]!);
}

/**
 * How many trials a goal lists at most. The verdict, level and certainty weigh every trial that informs the goal; the
 * report lists the ones that apply most closely (listingGroup: applicability, real outcomes, randomised designs first),
 * plus every study its statement names, and says how many more were weighed. A curated set has about a dozen per
 * goal; a database of thousands would otherwise put thousands of rows in every report, page and PDF.
 */
export const MAX_LISTED_TRIALS = 25;

function listedTrials(weighed: readonly WeighedTrial[], named: Named): WeighedTrial[] {
  if (weighed.length <= MAX_LISTED_TRIALS) return [...weighed];
  return weighed.filter((w, i) => i < MAX_LISTED_TRIALS || named.has(w));
}

function listingSentence(listed: number, weighed: number): string {
  if (listed >= weighed) return '';
  return `The ${formatNumber(listed)} studies that apply most closely are listed; ${formatNumber(weighed - listed)} more were weighed for this verdict and are not listed.`;
}

/** One goal's finding with its explanation trace (which rule fired, how level and certainty were reached). */
export function assessGoal(goal: Goal, context: PatientContext, snapshot: EvidenceSnapshot): { finding: GoalFinding; trace: string[]; facts: GoalFacts } {
  const weighed = weighAll(trialsByGoal(snapshot.trials).get(goal) ?? [], context);
  const facts = factsFor(goal, weighed);
  const rule = VERDICT_RULES.find((r) => r.test(facts))!; // the last rule always holds
  const graded = gradeEvidence(facts, rule.verdict);
  const profile = GOAL_PROFILES[goal];
  const named: Named = new Set();
  const sentences = [applicableSentence(facts, profile, named), outcomeSentence(facts, rule.verdict, graded.level, graded.fromIndirect, profile, named)];
  const listed = listedTrials(weighed, named);
  const statement = [...sentences, listingSentence(listed.length, weighed.length)].filter(Boolean).join(' ');
  const trials: GoalTrial[] = listed.map((w) => ({
    trialId: w.trial.id,
    title: w.trial.title,
    applicability: w.applicability,
    matchReasons: rateApplicability(w.trial, context).matchReasons,
    outcomeType: w.outcomeType,
    result: shortResult(w),
    label: w.trial.shortLabel,
    population: w.trial.population.description,
    outcome: w.key.name,
    direction: w.direction,
    ...(w.key.effect ? { effect: effectOf(w.key.effect) } : {}),
    ...(w.trial.noEstimateReason !== undefined ? { noEstimateReason: w.trial.noEstimateReason } : {}),
    design: w.trial.design,
    aboutVitaminK: w.kind !== 'context',
  }));
  const finding: GoalFinding = {
    goal,
    verdict: rule.verdict,
    certainty: graded.certainty,
    bestOutcomeLevel: graded.level,
    statement,
    trials,
    trialsWeighed: weighed.length,
    citations: resolvableCitations(
      listed.map((w) => trialCitation(w.trial.id)),
      snapshot,
    ),
  };
  const trace = [`verdict ${rule.verdict} by rule "${rule.id}": ${rule.when}`, ...graded.trace];
  return { finding, trace, facts };
}

/**
 * One finding per goal in context.goals, in that order: verdict, GRADE certainty, best outcome level, a statement and
 * the trials weighed for this patient (rules in the file header; GRADE, Guyatt et al. BMJ 2008;336:924).
 */
export function assessGoals(context: PatientContext, snapshot: EvidenceSnapshot): GoalFinding[] {
  return context.goals.map((goal) => assessGoal(goal, context, snapshot).finding);
}
