/**
 * Counselling lines for the handout (issue 13, "Counselling to add"), kept apart from safety.ts/handout.ts so that each
 * rule is one small, testable function. Every line restates an existing finding of the report and rests on that
 * finding's citations:
 *   - VKA patient already taking a vitamin K supplement: the `vka-interaction` finding (content/interactions.json,
 *     warfarin and the other VKA entries: MK-7 lowers the INR at 10–20 mcg/day and lasts days in the blood —
 *     Theuwissen 2013, Schurgers 2007, [C] in EVIDENCE-BRIEF.md). Stopping a daily vitamin K intake raises the INR just
 *     as starting lowers it, so the advice is a steady daily product and dose, any change only with the clinic and an
 *     INR check after it.
 */
import type { ReportBody } from './types';

type Body = Omit<ReportBody, 'handout'>;

const VITAMIN_K_SUPPLEMENTS = new Set(['k2-mk7', 'k2-mk4', 'k1']);

/** Plain-language counselling sentences for the "Is it safe for you?" section; empty when no rule applies. */
export function counsellingLines(body: Body): string[] {
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
