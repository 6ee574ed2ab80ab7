/**
 * US Dietary Reference Intakes by age, as data (issue 13, error 4). Cited in reports through the NIH ODS fact sheets,
 * which tabulate them (vitamin D: Table of ULs; vitamin K: Table 1, AIs).
 *
 * Checked 2026-12-03 with the search tool against the Food and Nutrition Board reports themselves:
 * - Vitamin D ULs: IOM 2011, Dietary Reference Intakes for Calcium and Vitamin D (doi 10.17226/13050), p. 445
 *   (books.nap.edu/openbook.php?record_id=13050&page=445: 2,500 IU at 1–3 y, 3,000 IU at 4–8 y, 4,000 IU at 9–18 y and
 *   adults); infants 1,000 IU (0–6 mo) and 1,500 IU (7–12 mo) as tabulated in Clin Biochem Rev 2020;41:103 Table 4
 *   (IOM column; pmc.ncbi.nlm.nih.gov/articles/PMC7731935).
 * - Vitamin K AIs: FNB 2001, Dietary Reference Intakes for Vitamin A, Vitamin K, … (doi 10.17226/10026), p. 180
 *   (books.nap.edu/openbook.php?record_id=10026&page=180: 30 mcg at 1–3 y, 55 at 4–8 y, 60 at 9–13 y, 75 at 14–18 y);
 *   infants 2.0 mcg (0–6 mo) and 2.5 mcg (7–12 mo), adults 120 mcg men / 90 mcg women, pregnancy and lactation 75
 *   (≤ 18 y) / 90 mcg, as tabulated from the same report (NIH ODS Table 1).
 *
 * PatientContext.age is in whole years, so age 0 covers 0–11 months: the lower infant figure applies (fail safe: the
 * UL that flags sooner, the AI that is not overstated) and the label names both.
 */

export type AgeBand<T> = { minAge: number; maxAge: number; value: T; ages: string };

/** Tolerable upper intake level of vitamin D, IU/day, for use without medical supervision. */
export const VITAMIN_D_UL_BANDS: ReadonlyArray<AgeBand<number>> = [
  { minAge: 0, maxAge: 0, value: 1_000, ages: 'under 1 year: 1,000 IU at 0–6 months, 1,500 IU at 7–12 months' },
  { minAge: 1, maxAge: 3, value: 2_500, ages: '1–3 years' },
  { minAge: 4, maxAge: 8, value: 3_000, ages: '4–8 years' },
  { minAge: 9, maxAge: 18, value: 4_000, ages: '9–18 years' },
  { minAge: 19, maxAge: 200, value: 4_000, ages: 'adults' },
];

/** Adequate Intake of vitamin K (K1 and K2 together), mcg/day, for children; adults and pregnancy are in dose.ts. */
export const VITAMIN_K_AI_CHILD_BANDS: ReadonlyArray<AgeBand<number>> = [
  { minAge: 0, maxAge: 0, value: 2, ages: 'under 1 year: 2.0 mcg at 0–6 months, 2.5 mcg at 7–12 months' },
  { minAge: 1, maxAge: 3, value: 30, ages: '1–3 years' },
  { minAge: 4, maxAge: 8, value: 55, ages: '4–8 years' },
  { minAge: 9, maxAge: 13, value: 60, ages: '9–13 years' },
  { minAge: 14, maxAge: 18, value: 75, ages: '14–18 years' },
];

function bandFor<T>(bands: ReadonlyArray<AgeBand<T>>, age: number): AgeBand<T> | null {
  return bands.find((b) => age >= b.minAge && age <= b.maxAge) ?? null;
}

/** The vitamin D UL at this age (IU/day) and the age band it belongs to. */
export function vitaminDUpperLimit(age: number): { iu: number; ages: string } {
  const band = bandFor(VITAMIN_D_UL_BANDS, age);
  return band ? { iu: band.value, ages: band.ages } : { iu: 4_000, ages: 'adults' };
}

/** The child vitamin K AI at this age (mcg/day), or null from 19 years on. */
export function childVitaminKAdequateIntake(age: number): { mcg: number; ages: string } | null {
  const band = bandFor(VITAMIN_K_AI_CHILD_BANDS, age);
  return band ? { mcg: band.value, ages: band.ages } : null;
}

/** 25(OH)D below this (ng/mL; 30 nmol/L) is the deficient band (NIH ODS after IOM 2011); below 20 ng/mL is possibly inadequate. */
export const VITAMIN_D_DEFICIENT_BAND_NG = 12;
