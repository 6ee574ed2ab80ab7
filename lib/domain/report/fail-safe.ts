/**
 * The fail-safe rule (DEVELOPERS' principle "Fail safe"; issue 11). When the report is unsure what a medicine is — a
 * medication the terminology layer did not recognise (medication-not-screened), or only a near miss or a
 * combination product with an unknown part (medication-unconfirmed-match) — it says so where the user reads it and
 * never reassures:
 *
 *   1. safety: each unsure medication is a finding at warning severity, critical when the near miss is a vitamin K
 *      antagonist ("'Jantovan' looks like Jantoven (warfarin): confirm before any vitamin K advice") — safety.ts;
 *   2. dose: the recommendation is `discuss` (or stays `avoid`), with no suggested dose and no form — applyDoseFailSafe;
 *   3. summary: the headline names what could not be checked (unless a critical finding leads), and nothing says no
 *      safety problem was found — summary.ts;
 *   4. handout: it names each medicine that could not be checked and says to ask before starting; it never says "we
 *      did not find a safety problem" and gives no amount — handout.ts;
 *   5. CDS Hooks cards and the PDFs are made from the report, so they inherit 1–4 (lib/domain/cds/cards.ts,
 *      lib/pdf/*); the unsure finding becomes a card of its own severity.
 *
 * `tests/unit/report-fail-safe.test.ts` walks every place a report speaks (summary, safety, dose, diet, goals,
 * handout, CDS cards, PDF documents) for generated unsure contexts and checks REASSURANCE and DOSE_SUGGESTION.
 */
import type { ConceptMatch } from '../terminology/medications';
import { isCriticalGuess } from '../terminology/medications';
import type { UncertainMedication } from './medications';
import type { DoseFraming, SafetyFinding } from './types';

/** The safety codes that mean "we could not check a medicine". */
export const UNSURE_CODES: readonly string[] = ['medication-not-screened', 'medication-unconfirmed-match'];

/** Words that reassure: never in an unsure report (page, handout, PDF, card). */
export const REASSURANCE: readonly RegExp[] = [
  /did not find (?:a|any) safety problem/i,
  /no safety (?:problem|issue|concern)s?\b/i,
  /\bno (?:known )?(?:drug )?interactions? (?:was |were )?found/i,
  /nothing to worry/i,
  /(?<!\bif )\bit is safe for you\b/i,
  /\bsafe to take\b/i,
];

/** Words that suggest an amount: never in an unsure report. */
export const DOSE_SUGGESTION: readonly RegExp[] = [/conservative, adequacy-based choice/i, /a low dose is enough/i, /about \d[\d,]* mcg a day of the form/i, /\b\d[\d,]* mcg\/day (?:of )?MK-[47] is a conservative/i];

/** The first reassuring or dose-suggesting phrase in a text, if any (for tests and for a last check). */
export function reassuranceIn(text: string): string | undefined {
  for (const pattern of [...REASSURANCE, ...DOSE_SUGGESTION]) {
    const m = pattern.exec(text);
    if (m) return m[0];
  }
  return undefined;
}

/** Whether a report's safety findings say a medicine could not be checked. */
export function isUnsure(safety: readonly Pick<SafetyFinding, 'code'>[]): boolean {
  return safety.some((s) => UNSURE_CODES.includes(s.code));
}

/** A near miss as a person reads it: "Jantoven (warfarin)", "acenocoumarol". */
export function guessName(guess: Pick<ConceptMatch, 'term' | 'matchedText' | 'ingredient'>): string {
  const ingredient = guess.ingredient.toLowerCase();
  if (guess.term === 'brand' && guess.matchedText.toLowerCase() !== ingredient) return `${guess.matchedText} (${ingredient})`;
  return ingredient;
}

/** Whether any near miss of this medication is a critical class (a vitamin K antagonist). */
export function uncertainIsCritical(u: Pick<UncertainMedication, 'guesses'>): boolean {
  return u.guesses.some(isCriticalGuess);
}

/** The trace lines of an unsure medication: `medications[0] "Jantovan": near miss (fuzzy, 1 letter off, confidence 0.88) of brand "Jantoven" of warfarin`. */
export function describeGuess(u: UncertainMedication): string[] {
  const lines = u.guesses.slice(0, 3).map(
    (g) => `medications[${u.index}] ${JSON.stringify(u.name)}: near miss (fuzzy, ${g.distance === 0 ? 'written apart' : `${g.distance} letter${g.distance === 1 ? '' : 's'} off`}, confidence ${g.confidence.toFixed(2)}) of ${g.term === 'brand' ? 'brand' : 'name'} "${g.matchedText}" of ${g.ingredient.toLowerCase()}`,
  );
  for (const part of u.unrecognisedParts) lines.push(`medications[${u.index}] ${JSON.stringify(u.name)}: part ${JSON.stringify(part)} not recognised`);
  return lines;
}

/** The trace line of a medication that matched nothing. */
export function describeUnrecognised(u: { index: number; name: string }): string {
  return `medications[${u.index}] ${JSON.stringify(u.name)}: not recognised (not in the medication vocabulary or the interaction table)`;
}

/** The medications an unsure finding is about, by their position in the context (from its trace lines). */
export function unsureMedicationIndexes(safety: readonly SafetyFinding[]): number[] {
  const found = new Set<number>();
  for (const s of safety) {
    if (!UNSURE_CODES.includes(s.code)) continue;
    for (const line of s.triggeredBy) {
      const m = /^medications\[(\d+)\]/.exec(line);
      if (m) found.add(Number(m[1]));
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** Rule 2: with an unsure medicine the dose is `discuss` (an `avoid` stays `avoid`), with no amount and no form. */
export function applyDoseFailSafe(dose: DoseFraming, safety: readonly SafetyFinding[]): DoseFraming {
  if (!isUnsure(safety)) return dose;
  const note = 'A medicine on the list could not be checked (see the safety findings): no K2 dose is suggested until it is confirmed.';
  return {
    recommendation: dose.recommendation === 'avoid' ? 'avoid' : 'discuss',
    suggestedDailyMcg: null,
    form: null,
    notes: [note, ...dose.notes.filter((n) => reassuranceIn(n) === undefined)],
    citations: dose.citations,
  };
}
