/**
 * buildReport(context, evidence): the product's core, pure — no I/O, no clock, no randomness. The same context and
 * evidence snapshot always give the same report body. Each part lives in its own module with its rules documented
 * there; this file only composes them, in the order a clinician reads: safety first.
 */
import type { PatientContext } from '../patient-context';
import { assessGoals } from './goals';
import { relevantClaims } from './claims';
import { assessDiet } from './diet';
import { frameDose } from './dose';
import { applyDoseFailSafe } from './fail-safe';
import { withCounsellingFindings } from './counselling';
import { buildHandout } from './handout';
import { screenMedications, screenedMedication } from './medications';
import { citationsInSnapshot } from './cite';
import { productQuality } from './product-quality';
import { collectReferences } from './references';
import { assessSafety } from './safety';
import { summarize } from './summary';
import type { CitationId, EvidenceSnapshot, ReportBody } from './types';

/** Bump when any rule in lib/domain/report changes what a report says. */
export const RULESET_VERSION = 'rules-2026.12.6';

export function buildReport(context: PatientContext, evidence: EvidenceSnapshot): ReportBody {
  const screening = screenMedications(context.medications, evidence.interactions, evidence.medications);
  const safety = withCounsellingFindings(assessSafety(context, evidence, screening));
  const goals = assessGoals(context, evidence);
  // The fail-safe rule (fail-safe.ts) is applied where the dose is framed and checked again here, the last word.
  const dose = applyDoseFailSafe(frameDose(context, safety, evidence), safety);
  // assessDiet() cites fixed sources too (an admin can retract one): keep only those this snapshot holds.
  const assessed = assessDiet(context, safety);
  const diet = { ...assessed, citations: citationsInSnapshot(evidence, assessed.citations ?? []) };
  // productQuality() cites fixed sources; keep only those this snapshot holds, so every citation resolves.
  const quality = productQuality(context).map((q) => ({ ...q, citations: citationsInSnapshot(evidence, q.citations) }));
  const claims = relevantClaims(context, evidence, safety);
  const cited: CitationId[] = [
    ...safety.flatMap((s) => s.citations),
    ...goals.flatMap((g) => [...g.citations, ...g.trials.map((t) => `trial:${t.trialId}`)]),
    ...dose.citations,
    ...(diet.citations ?? []),
    ...quality.flatMap((q) => q.citations),
    ...claims.flatMap((c) => c.citations),
  ];
  const references = collectReferences(cited, evidence);
  const summary = summarize(context, safety, goals, dose);
  const medicationScreening = screening.recognitions.map(screenedMedication);
  const body = { rulesetVersion: RULESET_VERSION, evidenceVersion: evidence.evidenceVersion, context, medicationScreening, summary, safety, goals, dose, diet, productQuality: quality, claims, references };
  return { ...body, handout: buildHandout(body) };
}
