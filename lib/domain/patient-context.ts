/**
 * PatientContext (SPEC "PatientContext"): one zod schema for the form, the JSON API and FHIR import. Units are
 * explicit and normalised: 25(OH)D to ng/mL (the original kept), supplement amounts to mcg where the unit allows it.
 * Impossible values are refused with field-level messages; what was not given stays unknown.
 */
import { z } from 'zod';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from './text';
import { CONDITIONS, GOALS } from './vocabulary';

/** 25(OH)D: ng/mL × 2.496 = nmol/L (NIH ODS vitamin D fact sheet; EVIDENCE-BRIEF.md). */
export const NMOL_PER_NG = 2.496;

export const FREQUENCIES = ['never', 'monthly', 'weekly', 'daily'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const SUPPLEMENT_KINDS = ['k2-mk7', 'k2-mk4', 'k1', 'd3', 'calcium', 'magnesium', 'multivitamin', 'other'] as const;
export type SupplementKind = (typeof SUPPLEMENT_KINDS)[number];

const frequency = (what: string) => z.enum(FREQUENCIES, { error: `${what}: choose never, monthly, weekly or daily.` }).default('never');

export const MedicationSchema = z
  .object({
    name: z
      .string({ error: 'Enter the medication name.' })
      .trim()
      .min(1, 'Enter the medication name.')
      .max(200, 'A medication name has at most 200 characters.')
      .refine(isStorableText, `The medication name ${UNSTORABLE_TEXT_MESSAGE}: retype it.`),
    rxnorm: z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, 'An RxNorm code (RxCUI) is a number, e.g. 11289.')
      .optional(),
    /** A WHO ATC code (any level, e.g. B01AA03 or B01AA), as European EHRs send it. */
    atc: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-V]\d{2}(?:[A-Z](?:[A-Z](?:\d{2})?)?)?$/, 'An ATC code looks like B01AA03.')
      .optional(),
  })
  .strict();

export const SupplementSchema = z
  .object({
    kind: z.enum(SUPPLEMENT_KINDS, { error: `Choose a supplement kind: ${SUPPLEMENT_KINDS.join(', ')}.` }),
    amount: z.number({ error: 'Enter the amount as a number.' }).positive('The amount must be above 0.').max(10_000_000, 'That amount is not plausible.'),
    unit: z.enum(['mcg', 'mg', 'IU'], { error: 'Choose mcg, mg or IU.' }),
  })
  .strict()
  .superRefine((s, ctx) => {
    // IU exists only for vitamin D (and multivitamins); K, calcium and magnesium are dosed by mass.
    if (s.unit === 'IU' && !['d3', 'multivitamin', 'other'].includes(s.kind)) ctx.addIssue({ code: 'custom', path: ['unit'], message: `${s.kind} is measured in mcg or mg, not IU.` });
    if (s.kind === 'd3' && s.unit !== 'IU' && toMcg(s.amount, s.unit) > 2_500) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'That vitamin D amount is not plausible; vitamin D is usually given in IU (40 IU = 1 mcg).' });
  });

export const DietSchema = z
  .object({
    pattern: z.enum(['omnivore', 'vegetarian', 'vegan'], { error: 'Choose omnivore, vegetarian or vegan.' }).default('omnivore'),
    natto: frequency('Natto'),
    hardCheese: frequency('Hard cheese'),
    eggs: frequency('Eggs'),
    leafyGreens: frequency('Leafy greens'),
  })
  .strict();

export const VitaminDLevelSchema = z
  .object({
    value: z.number({ error: 'Enter the 25(OH)D level as a number.' }).positive('The level must be above 0.'),
    unit: z.enum(['ng/mL', 'nmol/L'], { error: 'Choose ng/mL or nmol/L.' }),
  })
  .strict()
  .superRefine((level, ctx) => {
    const ng = level.unit === 'ng/mL' ? level.value : level.value / NMOL_PER_NG;
    if (ng > 250) ctx.addIssue({ code: 'custom', path: ['value'], message: `${level.value} ${level.unit} is not a plausible 25(OH)D level; check the unit (ng/mL × 2.496 = nmol/L).` });
  });

export const PatientContextSchema = z
  .object({
    age: z.number({ error: 'Enter the age in years.' }).int('Enter the age in whole years.').min(0, 'Age cannot be negative.').max(120, 'Age must be 120 or less.'),
    sex: z.enum(['female', 'male', 'other'], { error: 'Choose female, male or other.' }),
    pregnancy: z.enum(['none', 'pregnant', 'breastfeeding'], { error: 'Choose none, pregnant or breastfeeding.' }).default('none'),
    medications: z.array(MedicationSchema).max(50, 'At most 50 medications.').default([]),
    conditions: z
      .array(z.enum(CONDITIONS, { error: `Unknown condition; use: ${CONDITIONS.join(', ')}.` }))
      .max(CONDITIONS.length)
      .default([])
      .transform((list) => [...new Set(list)]),
    coronaryCalciumScore: z.number({ error: 'Enter the Agatston score as a number.' }).min(0, 'An Agatston score cannot be negative.').max(20_000, 'That Agatston score is not plausible.').optional(),
    ckdStage: z.number({ error: 'Enter the CKD stage as a number.' }).int('CKD stage is 1 to 5.').min(1, 'CKD stage is 1 to 5.').max(5, 'CKD stage is 1 to 5.').optional(),
    vitaminKStatus: z.enum(['unknown', 'adequate', 'low', 'deficient'], { error: 'Choose unknown, adequate, low or deficient.' }).default('unknown'),
    vitaminD: z
      .object({
        level: VitaminDLevelSchema.optional(),
        supplementIuPerDay: z.number({ error: 'Enter the vitamin D dose in IU per day.' }).min(0, 'Cannot be negative.').max(1_000_000, 'That vitamin D dose is not plausible.').optional(),
        /** Extension (ARCHITECTURE.md): the vitamin D is a course prescribed and monitored by a clinician (e.g. repletion of deficiency). */
        supervisedCourse: z.boolean({ error: 'supervisedCourse is true or false.' }).optional(),
      })
      .strict()
      .default({}),
    diet: DietSchema.optional(),
    supplements: z.array(SupplementSchema).max(30, 'At most 30 supplements.').default([]),
    goals: z
      .array(z.enum(GOALS, { error: `Unknown goal; use: ${GOALS.join(', ')}.` }))
      .min(1, 'Choose at least one goal.')
      .max(GOALS.length)
      .transform((list) => [...new Set(list)]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.pregnancy !== 'none' && c.sex === 'male') ctx.addIssue({ code: 'custom', path: ['pregnancy'], message: 'Pregnancy or breastfeeding was given for a male patient; check sex or pregnancy.' });
    if (c.pregnancy !== 'none' && (c.age < 10 || c.age > 60)) ctx.addIssue({ code: 'custom', path: ['pregnancy'], message: `Pregnancy or breastfeeding at age ${c.age} is not plausible; check the age.` });
    if (c.ckdStage !== undefined && !c.conditions.includes('ckd') && !c.conditions.includes('dialysis')) ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'A CKD stage was given: add "ckd" (or "dialysis") to the conditions.' });
  });

export type PatientContextInput = z.input<typeof PatientContextSchema>;
export type ParsedContext = z.output<typeof PatientContextSchema>;

export function toMcg(amount: number, unit: 'mcg' | 'mg' | 'IU'): number {
  return unit === 'mg' ? amount * 1000 : amount; // IU is only valid for vitamin D, handled separately
}

/** The normalised context a report carries: parsed values plus derived, unit-normalised figures (originals kept). */
export type PatientContext = ParsedContext & {
  normalized: {
    /** 25(OH)D in ng/mL, or null when not given. */
    vitaminDNgPerMl: number | null;
    /** Total daily vitamin D3 from the context (supplementIuPerDay and d3 supplements), IU; null when none given. */
    vitaminDIuPerDay: number | null;
    /** Supplements with amounts in mcg (IU kept as IU for vitamin D). */
    supplements: Array<{ kind: SupplementKind; amount: number; unit: 'mcg' | 'mg' | 'IU'; amountMcg: number | null; amountIu: number | null }>;
  };
};

/** Parse and normalise. Returns field errors keyed by path ("supplements.0.unit") on failure. */
export function parsePatientContext(input: unknown): { ok: true; context: PatientContext } | { ok: false; fields: Record<string, string[]> } {
  const parsed = PatientContextSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[issue.path.join('.') || '_form'] ??= []).push(issue.message);
    return { ok: false, fields };
  }
  return { ok: true, context: normalizeContext(parsed.data) };
}

export function normalizeContext(c: ParsedContext): PatientContext {
  const level = c.vitaminD.level;
  const vitaminDNgPerMl = level ? Math.round((level.unit === 'ng/mL' ? level.value : level.value / NMOL_PER_NG) * 10) / 10 : null;
  const supplements = c.supplements.map((s) => ({
    ...s,
    amountMcg: s.unit === 'IU' ? (s.kind === 'd3' ? s.amount / 40 : null) : toMcg(s.amount, s.unit),
    amountIu: s.kind === 'd3' ? (s.unit === 'IU' ? s.amount : toMcg(s.amount, s.unit) * 40) : null,
  }));
  // The D3 supplement list and supplementIuPerDay may describe the same product: take the larger, not the sum.
  const fromList = supplements.filter((s) => s.kind === 'd3').reduce((sum, s) => sum + (s.amountIu ?? 0), 0);
  const given = c.vitaminD.supplementIuPerDay;
  const vitaminDIuPerDay = given === undefined && fromList === 0 ? null : Math.max(given ?? 0, fromList);
  return { ...c, normalized: { vitaminDNgPerMl, vitaminDIuPerDay, supplements } };
}
