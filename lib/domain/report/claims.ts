/**
 * Claims to correct (EVIDENCE-BRIEF.md "Claims to correct"): the curated claims that matter for this patient, most
 * relevant first. A claim is relevant when something about the patient matches it; each match adds weight
 * (RELEVANCE_WEIGHTS), and claims are ordered by total weight, then in their curated order:
 *   - a safety finding whose code is in the claim's contexts (critical 5, warning 3, info 2) — e.g. "vka-interaction"
 *     brings "only a warfarin problem" and "no harm in too much K2";
 *   - a medication class in the claim's contexts, derived from the safety codes (MEDICATION_CLASSES) — 2;
 *   - a condition of the patient in the claim's contexts (a coronary calcium score above 0 counts as
 *     "coronary-calcium") — 2;
 *   - a supplement the patient takes, named in the claim's contexts (e.g. "d3", "magnesium") — 2; named only in the
 *     claim's own words (SUPPLEMENT_TERMS) — 1, and only when the claim also shares a goal with the patient, so that
 *     a D3 user asking about bone gets "K2 needs D3 and magnesium" but not "K2 with D3 prevents leukaemia";
 *   - each goal shared with the patient's goals — 1.
 * Citations are the claim's own, as "trial:<id>"/"source:<id>", kept only when they resolve in the snapshot.
 */
import type { ClaimData } from '../evidence/schemas';
import type { PatientContext, SupplementKind } from '../patient-context';
import { refCitation, resolvableCitations } from './references';
import type { ClaimFinding, EvidenceSnapshot, SafetyFinding, Severity } from './types';

/** Weight of each kind of match. */
export const RELEVANCE_WEIGHTS = {
  safety: { critical: 5, warning: 3, info: 2 } satisfies Record<Severity, number>,
  medicationClass: 2,
  condition: 2,
  supplement: 2,
  supplementWords: 1,
  goal: 1,
} as const;

/** Medication classes named in claim contexts, from the safety codes that reveal them. */
export const MEDICATION_CLASSES: Record<string, readonly string[]> = {
  'vka-interaction': ['anticoagulants', 'vitamin-k-antagonists'],
  'doac-no-interaction': ['anticoagulants', 'doacs'],
  'antiplatelet-no-interaction': ['antiplatelets'],
  'antibiotics-long-term': ['antibiotics'],
};

/** A supplement kind as claim contexts name it, and the words that name it in a claim. */
export const SUPPLEMENT_TERMS: Record<SupplementKind, { contexts: readonly string[]; words: RegExp | null }> = {
  'k2-mk7': { contexts: ['k2-mk7', 'mk7', 'supplement:k2-mk7'], words: /\bMK-?7\b/i },
  'k2-mk4': { contexts: ['k2-mk4', 'mk4', 'supplement:k2-mk4'], words: /\bMK-?4\b/i },
  k1: { contexts: ['k1', 'supplement:k1'], words: /\b(vitamin )?K1\b/i },
  d3: { contexts: ['d3', 'vitamin-d', 'supplement:d3'], words: /\b(vitamin )?D3\b/i },
  calcium: { contexts: ['calcium', 'supplement:calcium'], words: null }, // "calcium" in a claim is usually about arteries, not the supplement
  magnesium: { contexts: ['magnesium', 'supplement:magnesium'], words: /\bmagnesium\b/i },
  multivitamin: { contexts: ['multivitamin', 'supplement:multivitamin'], words: /\bmultivitamins?\b/i },
  other: { contexts: [], words: null },
};

/** How relevant a claim is to this patient (0 = not relevant), with what matched. */
export function claimRelevance(claim: ClaimData, context: PatientContext, safety: readonly SafetyFinding[]): { score: number; matched: string[] } {
  const contexts = new Set(claim.contexts.map((c) => c.trim().toLowerCase()));
  const matched: string[] = [];
  let score = 0;
  const add = (weight: number, why: string): void => {
    score += weight;
    matched.push(why);
  };
  for (const finding of safety) if (contexts.has(finding.code)) add(RELEVANCE_WEIGHTS.safety[finding.severity] ?? RELEVANCE_WEIGHTS.safety.info, `safety ${finding.code}`);
  const classes = new Set(safety.flatMap((f) => MEDICATION_CLASSES[f.code] ?? []));
  for (const cls of classes) if (contexts.has(cls)) add(RELEVANCE_WEIGHTS.medicationClass, `medication class ${cls}`);
  const conditions = new Set<string>(context.conditions);
  if ((context.coronaryCalciumScore ?? 0) > 0) conditions.add('coronary-calcium');
  for (const condition of conditions) if (contexts.has(condition)) add(RELEVANCE_WEIGHTS.condition, `condition ${condition}`);
  const kinds = new Set(context.supplements.map((s) => s.kind));
  if (context.vitaminD.supplementIuPerDay) kinds.add('d3');
  const sharedGoals = context.goals.filter((goal) => claim.goals.includes(goal));
  for (const kind of kinds) {
    const terms = SUPPLEMENT_TERMS[kind];
    if (terms.contexts.some((c) => contexts.has(c))) add(RELEVANCE_WEIGHTS.supplement, `supplement ${kind}`);
    else if (sharedGoals.length > 0 && terms.words?.test(claim.claim)) add(RELEVANCE_WEIGHTS.supplementWords, `supplement ${kind} named in the claim`);
  }
  for (const goal of sharedGoals) add(RELEVANCE_WEIGHTS.goal, `goal ${goal}`);
  return { score, matched };
}

/**
 * The curated claims relevant to this patient, most relevant first (rules in the file header; claims from
 * EVIDENCE-BRIEF.md "Claims to correct"), each with its resolvable citations.
 */
export function relevantClaims(context: PatientContext, snapshot: EvidenceSnapshot, safety: SafetyFinding[]): ClaimFinding[] {
  return snapshot.claims
    .map((claim, order) => ({ claim, order, score: claimRelevance(claim, context, safety).score }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ claim }) => ({
      claim: claim.claim,
      verdict: claim.verdict,
      correction: claim.correction,
      citations: resolvableCitations(claim.citations.map(refCitation), snapshot),
    }));
}
