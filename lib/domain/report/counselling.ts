/**
 * Counselling lines for the handout (issue 13, "Counselling to add"), kept apart from safety.ts/handout.ts so that each
 * rule is one small, testable function. Every line restates an existing finding of the report and rests on that
 * finding's citations:
 *   - VKA patient already taking a vitamin K supplement: the `vka-interaction` finding (content/interactions.json,
 *     warfarin and the other VKA entries: MK-7 lowers the INR at 10–20 mcg/day and lasts days in the blood —
 *     Theuwissen 2013, Schurgers 2007, [C] in EVIDENCE-BRIEF.md). Stopping a daily vitamin K intake raises the INR just
 *     as starting lowers it, so the advice is a steady daily product and dose, any change only with the clinic and an
 *     INR check after it.
 *   - VKA and DOAC both listed (`anticoagulant-switch`, warning): the patient is presumably moving from one to the other.
 *     Vitamin K does not act on the DOAC (the `doac-no-interaction` finding: apixaban label), but it still acts on the
 *     VKA until that is stopped (the `vka-interaction` finding), so the VKA advice holds until then and INR checks
 *     continue. Each DOAC label's "switching from warfarin" section says at which INR to start the DOAC; this report
 *     does not restate the thresholds, it points to the label. The finding cites the union of both findings' sources.
 */
import type { ReportBody, SafetyFinding } from './types';

/**
 * Safety codes added by the counselling rules (ARCHITECTURE.md "Extensions of the SPEC contracts"); not interaction
 * entry codes, so they are not in SAFETY_CODES (which the curated interaction entries choose from).
 */
export const COUNSELLING_CODES = ['anticoagulant-switch'] as const;

type Body = Omit<ReportBody, 'handout'>;

const VITAMIN_K_SUPPLEMENTS = new Set(['k2-mk7', 'k2-mk4', 'k1']);

/** Plain-language counselling sentences for the "Is it safe for you?" section; empty when no rule applies. */
export function counsellingLines(body: Body): string[] {
  const lines: string[] = [];
  if (body.safety.some((s) => s.code === 'anticoagulant-switch'))
    lines.push('Your list has two kinds of blood thinner. Ask your clinic which one you take now. Until you stop the old one, keep your INR checks and do not start K2.');
  return [...lines, ...vitaminKLines(body)];
}

function vitaminKLines(body: Body): string[] {
  const onVka = body.safety.some((s) => s.code === 'vka-interaction');
  const takesVitaminK = body.context.supplements.some((s) => VITAMIN_K_SUPPLEMENTS.has(s.kind));
  if (!onVka || !takesVitaminK) return [];
  return [
    'You take vitamin K now and a blood thinner.',
    'Take the same brand and the same dose every day.',
    'Do not stop it on your own. Stopping can change your INR too.',
    'If you start, stop or change it, tell your clinic. Get your INR checked soon after.',
  ];
}

/** A VKA and a DOAC in the same list: a switch (or a list to reconcile); the VKA advice holds until the VKA is stopped. */
export function switchFindings(safety: SafetyFinding[]): SafetyFinding[] {
  const vka = safety.filter((s) => s.code === 'vka-interaction');
  const doac = safety.filter((s) => s.code === 'doac-no-interaction');
  if (vka.length === 0 || doac.length === 0) return [];
  return [
    {
      code: 'anticoagulant-switch',
      severity: 'warning',
      title: 'A vitamin K antagonist and a DOAC are both listed: switching, or a list to reconcile',
      detail:
        'Both a vitamin K antagonist and a direct oral anticoagulant are listed. Confirm which one the patient takes now. Vitamin K does not act on the DOAC, but it still counteracts the vitamin K antagonist until that is stopped: until then the vitamin K antagonist advice holds (no new K2, steady vitamin K intake) and the INR is checked as usual. When switching, follow the DOAC label\'s "switching from warfarin" section: stop the vitamin K antagonist and start the DOAC at the INR the label gives. Only after the vitamin K antagonist is stopped does K2 stop mattering for anticoagulation.',
      triggeredBy: [...vka.flatMap((s) => s.triggeredBy), ...doac.flatMap((s) => s.triggeredBy)],
      citations: [...new Set([...vka.flatMap((s) => s.citations), ...doac.flatMap((s) => s.citations)])],
    },
  ];
}

/** The report's safety findings with the counselling findings added, keeping the order critical → warning → info. */
export function withCounsellingFindings(safety: SafetyFinding[]): SafetyFinding[] {
  const added = switchFindings(safety);
  if (added.length === 0) return safety;
  const firstInfo = safety.findIndex((s) => s.severity === 'info');
  const at = firstInfo === -1 ? safety.length : firstInfo;
  return [...safety.slice(0, at), ...added, ...safety.slice(at)];
}
