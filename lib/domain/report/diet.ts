/**
 * Dietary vitamin K2 from the diet answers (how often natto, hard cheese, eggs and leafy greens are eaten). Rough by
 * design: one serving per answer, per-serving amounts from the NIH ODS vitamin K fact sheet's food table. Natto is the
 * only food that matters much for K2; leafy greens supply K1, not K2. No diet answers = unknown, never zero.
 */
import type { Frequency, PatientContext } from '../patient-context';
import { formatNumber } from './cite';
import type { CitationId, DietFinding, SafetyFinding } from './types';

type DietFood = 'natto' | 'hardCheese' | 'eggs' | 'leafyGreens';

/**
 * Per-serving K2 estimates (rules as data). Natto: about 850 mcg MK-7 per 3 oz (85 g) serving (NIH ODS, source
 * nih-ods-natto-mk7). Cheddar cheese 1.5 oz and one large hard-boiled egg: about 4 mcg each in the NIH ODS food table,
 * counted as MK-4 only (source nih-ods-food-table-mk4, unverified: the rows were read only in copies of the table;
 * Elder 2006, source elder-2006-vitamin-k-meat-dairy, found cheddar and egg yolk among the richest MK-4 foods it
 * measured, none of them rich). Cheese also holds longer-chain menaquinones that the MK-4 row leaves out and that vary
 * widely between cheeses (source vermeer-2018-menaquinone-cheese), so the cheese figure is a low one; no total-K2
 * figure per serving could be checked, so it is not replaced. Leafy greens: K1 (e.g. 145 mcg per cup of raw spinach in
 * the same table), counted as 0 K2.
 */
export const DIET_K2_PER_SERVING: Record<DietFood, { food: string; serving: string; k2Mcg: number; note: string }> = {
  natto: { food: 'Natto (fermented soybeans)', serving: '3 oz (85 g)', k2Mcg: 850, note: 'About 850 mcg MK-7 per 3 oz (85 g) serving (NIH ODS) — by far the richest K2 food.' },
  hardCheese: {
    food: 'Hard cheese',
    serving: '1.5 oz (42 g)',
    k2Mcg: 4,
    note: 'About 4 mcg K2 as MK-4 per 1.5 oz of Cheddar in the NIH ODS table. That row counts MK-4 only; cheese also has longer-chain K2, so the real amount is higher and varies widely between cheeses — a low, rough figure.',
  },
  eggs: { food: 'Eggs (yolk)', serving: '1 large egg', k2Mcg: 4, note: 'About 4 mcg K2 as MK-4 per large hard-boiled egg in the NIH ODS table; amounts vary — a rough figure.' },
  leafyGreens: { food: 'Leafy greens', serving: '1 cup raw', k2Mcg: 0, note: 'Mostly vitamin K1 (phylloquinone), not K2 — e.g. about 145 mcg K1 per cup of raw spinach. Counts toward the vitamin K Adequate Intake, not toward this K2 estimate.' },
};

/** Servings per day assumed for each answer: "daily" counts one serving a day, "weekly" one a week, "monthly" one a month. */
export const SERVINGS_PER_DAY: Record<Frequency, number> = { never: 0, monthly: 1 / 30, weekly: 1 / 7, daily: 1 };

/** NIH ODS natto content, the vitamin K fact sheet (AIs, K1 foods), its MK-4 rows for cheese and eggs, and the primary work on MK-4 in US foods and on K2 in cheese. */
export const DIET_CITATIONS: CitationId[] = [
  'source:nih-ods-natto-mk7',
  'source:nih-ods-vitamin-k-hp',
  'source:nih-ods-food-table-mk4',
  'source:elder-2006-vitamin-k-meat-dairy',
  'source:vermeer-2018-menaquinone-cheese',
];
/** MK-7 10–20 mcg/day shifted the INR in anticoagulated volunteers (Theuwissen 2013). */
const INR_TRIAL: CitationId = 'trial:theuwissen-2013';

const OFTEN: Record<Frequency, string> = { never: 'never', monthly: 'once a month', weekly: 'once a week', daily: 'every day' };
const FOODS: DietFood[] = ['natto', 'hardCheese', 'eggs', 'leafyGreens'];
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Estimated K2 per day from each food and in total (mcg/day); null when no diet was given. Source: NIH ODS food table (cheese: MK-4 only, a low figure). */
export function estimateDietaryK2(diet: PatientContext['diet']): { totalMcgPerDay: number; perFood: Record<DietFood, number> } | null {
  if (!diet) return null;
  const perFood = Object.fromEntries(FOODS.map((f) => [f, round1(DIET_K2_PER_SERVING[f].k2Mcg * SERVINGS_PER_DAY[diet[f]])])) as Record<DietFood, number>;
  const total = FOODS.reduce((sum, f) => sum + DIET_K2_PER_SERVING[f].k2Mcg * SERVINGS_PER_DAY[diet[f]], 0);
  return { totalMcgPerDay: Math.round(total), perFood };
}

/**
 * A diet with almost no vitamin K sources: natto, hard cheese, eggs and leafy greens all "never" or "monthly"
 * (SPEC vitamin-k-low-status). False when the diet is unknown — unknown is not low.
 */
export function isLowVitaminKDiet(diet: PatientContext['diet']): boolean {
  if (!diet) return false;
  return FOODS.every((f) => diet[f] === 'never' || diet[f] === 'monthly');
}

/** Assess dietary K2 and what it means for this patient (VKA, vegan/vegetarian). Sources: NIH ODS vitamin K fact sheet and food table. */
export function assessDiet(context: PatientContext, safety: SafetyFinding[]): DietFinding {
  const vka = safety.find((s) => s.code === 'vka-interaction');
  const onVka = vka !== undefined;
  // The 10–20 mcg/day INR finding is Theuwissen 2013's; say it only when the VKA finding could cite that trial (it
  // filters its citations to the snapshot), so the diet never cites something the snapshot lacks.
  const inrTrial = vka?.citations.includes(INR_TRIAL) === true;
  const farAbove = inrTrial ? ', far above the 10–20 mcg/day of MK-7 that shifted the INR' : '';
  const citations = inrTrial ? [...DIET_CITATIONS, INR_TRIAL] : [...DIET_CITATIONS];
  const diet = context.diet;
  const estimate = estimateDietaryK2(diet);
  if (!diet || !estimate) {
    const notes = ['Diet was not given, so dietary vitamin K and K2 intake is unknown (not zero). Ask how often the patient eats natto, hard cheese, eggs and leafy greens.'];
    if (onVka)
      notes.push(
        `On a vitamin K antagonist, ask about natto in particular: one 3 oz serving holds about 850 mcg MK-7${farAbove}. Vitamin K intake from food should stay steady from week to week.`,
      );
    return { sources: [], notes, estimatedK2McgPerDay: null, citations };
  }

  const sources: DietFinding['sources'] = FOODS.map((f) => ({
    food: DIET_K2_PER_SERVING[f].food,
    frequency: diet[f],
    estimatedMcgPerDay: estimate.perFood[f],
    note: DIET_K2_PER_SERVING[f].note,
  }));

  const notes: string[] = [];
  notes.push(
    `Estimated dietary K2: about ${formatNumber(estimate.totalMcgPerDay)} mcg/day. This is a rough estimate: one serving per answer ("daily" = one serving a day, "weekly" = one a week, "monthly" = one a month) with NIH ODS per-serving figures. The cheese figure counts MK-4 only, so it is low; cheese and egg contents vary widely.`,
  );
  const natto = estimate.perFood.natto;
  if (diet.natto === 'never') notes.push('No natto: dietary K2 comes only from cheese, eggs and meat, far less per serving than natto. Cheese amounts vary widely and are undercounted here (MK-4 only).');
  else
    notes.push(
      `Natto ${OFTEN[diet.natto]} alone gives about ${formatNumber(natto)} mcg/day of MK-7 on average${natto >= 90 ? ' — above a typical 90 mcg/day supplement dose' : ''}. Natto dominates dietary K2; hard cheese and eggs add far less per serving (the cheese figure counts MK-4 only and is low).`,
    );
  if (diet.leafyGreens !== 'never') notes.push('Leafy greens supply vitamin K1, not K2: they count toward the vitamin K Adequate Intake (90 mcg/day women, 120 mcg/day men), not toward the K2 estimate.');
  if (onVka)
    notes.push(
      diet.natto === 'never'
        ? `On a vitamin K antagonist: avoid natto — one serving holds about 850 mcg MK-7${farAbove}, and MK-7 stays in the blood for days. Keep leafy greens and other vitamin K foods steady from week to week.`
        : `On a vitamin K antagonist: avoid natto. A serving ${OFTEN[diet.natto]} holds about 850 mcg MK-7${farAbove}, and MK-7 stays in the blood for days, so natto cannot be balanced the way greens can. Stopping it lets the INR rise: plan the stop with the anticoagulation clinic and recheck the INR. Keep leafy greens and other vitamin K foods steady from week to week.`,
    );
  if (diet.pattern === 'vegan') {
    notes.push('Vegan diet: natto is the only rich plant-based K2 source; cheese and eggs are excluded. Vitamin K1 from leafy greens and vegetable oils covers the vitamin K Adequate Intake.');
    if (diet.hardCheese !== 'never' || diet.eggs !== 'never') notes.push('The answers list cheese or eggs for a vegan pattern: check the diet answers.');
  } else if (diet.pattern === 'vegetarian') {
    notes.push('Vegetarian diet: cheese and eggs give smaller, variable amounts of K2; natto is the only rich source. Vitamin K1 from leafy greens covers most of the Adequate Intake.');
  }
  if (isLowVitaminKDiet(diet)) notes.push('Almost no vitamin K sources in the diet (all rarely or never): restoring intake toward the Adequate Intake, preferably from food, is reasonable.');
  return { sources, notes, estimatedK2McgPerDay: estimate.totalMcgPerDay, citations };
}
