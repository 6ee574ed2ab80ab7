/**
 * The curated evidence: trials, claims, interaction entries and other sources. One zod schema per entry kind, shared
 * by the content files (content/*.json), the admin forms, the curation API and import/export.
 */
import { z } from 'zod';
import { CONDITIONS, GOALS, SAFETY_CODES } from '../vocabulary';

export const ENTRY_STATUSES = ['draft', 'published', 'retracted'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const VERIFICATION_STATUSES = ['verified', 'from-source-document-only', 'unverified'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const TRIAL_DESIGNS = ['rct', 'observational', 'meta-analysis', 'case-series', 'single-arm', 'pharmacokinetic', 'mechanistic'] as const;
export const INTERVENTION_FORMS = ['MK-7', 'MK-4', 'K1', 'D3', 'statin', 'other'] as const;
export const DOSE_UNITS = ['mcg', 'mg', 'IU'] as const;
export const OUTCOME_TYPES = ['surrogate', 'hard'] as const;
export const DIRECTIONS = ['benefit', 'no-difference', 'harm', 'mixed'] as const;
export const CERTAINTIES = ['high', 'moderate', 'low', 'very-low'] as const;
export const SEXES = ['female', 'male', 'both'] as const;
export const CLAIM_VERDICTS = ['false', 'unsupported', 'overstated', 'true'] as const;
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const SOURCE_KINDS = ['fact-sheet', 'product-label', 'guideline', 'review', 'analysis', 'other'] as const;

/** Stable, human-readable ids (they appear in citations and URLs): kebab-case, e.g. "zwakenberg-2019". */
export const EntryIdSchema = z
  .string({ error: 'Give an id.' })
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens, e.g. "knapen-2013".')
  .max(80, 'An id has at most 80 characters.');

const text = (what: string, max = 2000) =>
  z.string({ error: `Enter ${what}.` }).trim().min(1, `Enter ${what}.`).max(max, `${what[0]!.toUpperCase()}${what.slice(1)} has at most ${max} characters.`);
const optionalText = (max = 2000) => z.string().trim().max(max, `At most ${max} characters.`).optional();

/** A DOI as printed (10.xxxx/...), without the https://doi.org/ prefix. */
export const DoiSchema = z
  .string()
  .trim()
  .regex(/^10\.\d{4,9}\/\S+$/, 'A DOI looks like 10.1093/ajcn/nqz147 (no https://doi.org/ prefix).');
export const PmidSchema = z.string().trim().regex(/^\d{1,9}$/, 'A PMID is a number, e.g. 23525894.');

export const CitationSchema = z
  .object({
    doi: DoiSchema.optional(),
    pmid: PmidSchema.optional(),
    url: z.url({ error: 'Enter a full URL (https://…).' }).optional(),
    /** Journal and year as cited, e.g. "Am J Clin Nutr 2019". */
    journal: optionalText(200),
  })
  .strict();

export const VerificationSchema = z
  .object({
    status: z.enum(VERIFICATION_STATUSES, { error: 'Choose verified, from-source-document-only or unverified.' }),
    /** How it was checked (or why it could not be): which source, what matched, what did not. */
    note: text('how this was checked', 2000),
  })
  .strict();

export const TrialSchema = z
  .object({
    id: EntryIdSchema,
    title: text('the title', 400),
    shortLabel: text('a short label', 80),
    year: z.number({ error: 'Enter the year as a number.' }).int('Enter a whole year.').min(1900, 'Year must be 1900 or later.').max(2100, 'Year must be 2100 or earlier.'),
    citation: CitationSchema,
    verification: VerificationSchema,
    design: z.enum(TRIAL_DESIGNS, { error: `Choose a design: ${TRIAL_DESIGNS.join(', ')}.` }),
    /** e.g. "double-blind, placebo-controlled", "open label" */
    designNote: optionalText(300),
    population: z
      .object({
        description: text('the population', 1000),
        n: z.number({ error: 'Enter the number of participants.' }).int().min(1, 'At least 1 participant.').max(10_000_000).optional(),
        ageMin: z.number().int().min(0).max(120).optional(),
        ageMax: z.number().int().min(0).max(120).optional(),
        ageMean: z.number().min(0).max(120).optional(),
        sex: z.enum(SEXES, { error: 'Choose female, male or both.' }),
        conditions: z.array(z.enum(CONDITIONS, { error: `Use the condition vocabulary: ${CONDITIONS.join(', ')}.` })).max(14).default([]),
        country: optionalText(120),
      })
      .strict()
      .refine((p) => p.ageMin === undefined || p.ageMax === undefined || p.ageMin <= p.ageMax, { error: 'The minimum age is above the maximum.', path: ['ageMax'] }),
    intervention: z
      .object({
        form: z.enum(INTERVENTION_FORMS, { error: `Choose a form: ${INTERVENTION_FORMS.join(', ')}.` }),
        doseAmount: z.number().positive('The dose must be above 0.').max(1_000_000).optional(),
        doseUnit: z.enum(DOSE_UNITS, { error: 'Choose mcg, mg or IU.' }).optional(),
        frequency: optionalText(120),
        durationMonths: z.number().positive().max(600).optional(),
        coInterventions: z.array(text('a co-intervention', 200)).max(10).default([]),
        description: optionalText(500),
      })
      .strict()
      .refine((i) => (i.doseAmount === undefined) === (i.doseUnit === undefined), { error: 'Give both the dose amount and its unit, or neither.', path: ['doseUnit'] }),
    comparator: text('the comparator (e.g. "placebo", "no treatment", "none: single arm")', 300),
    outcomes: z
      .array(
        z
          .object({
            name: text('the outcome name', 200),
            type: z.enum(OUTCOME_TYPES, { error: 'Choose surrogate or hard.' }),
            result: text('the result', 1000),
            direction: z.enum(DIRECTIONS, { error: `Choose a direction: ${DIRECTIONS.join(', ')}.` }),
            /** Effect estimate where the source gives one. */
            effect: z
              .object({
                measure: text('the measure (e.g. "RR", "OR", "difference")', 60),
                value: z.number(),
                ciLow: z.number().optional(),
                ciHigh: z.number().optional(),
                pValue: z.number().min(0).max(1).optional(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .min(1, 'Give at least one outcome.')
      .max(30),
    goals: z.array(z.enum(GOALS, { error: `Use the goals: ${GOALS.join(', ')}.` })).min(1, 'Choose at least one goal this trial informs.'),
    certainty: z
      .object({
        grade: z.enum(CERTAINTIES, { error: 'Choose high, moderate, low or very-low.' }),
        downgradeReasons: z.array(text('a reason', 300)).max(10).default([]),
      })
      .strict(),
    funding: optionalText(500),
    notes: optionalText(2000),
  })
  .strict();
export type TrialInput = z.input<typeof TrialSchema>;
export type TrialData = z.output<typeof TrialSchema>;

/** A reference to another entry: a trial or a source, by id. */
export const RefSchema = z
  .object({ kind: z.enum(['trial', 'source'], { error: 'A citation points at a trial or a source.' }), id: EntryIdSchema })
  .strict();

export const ClaimSchema = z
  .object({
    id: EntryIdSchema,
    claim: text('the claim as people say it', 400),
    verdict: z.enum(CLAIM_VERDICTS, { error: 'Choose false, unsupported, overstated or true.' }),
    correction: text('the correction', 2000),
    goals: z.array(z.enum(GOALS)).max(5).default([]),
    /** Contexts where the claim is relevant beyond goals: safety codes, conditions or medication classes. */
    contexts: z.array(text('a context', 80)).max(20).default([]),
    citations: z.array(RefSchema).min(1, 'Cite at least one trial or source.').max(20),
    verification: VerificationSchema,
  })
  .strict();
export type ClaimData = z.output<typeof ClaimSchema>;

export const InteractionSchema = z
  .object({
    id: EntryIdSchema,
    substance: text('the substance or class', 200),
    /** e.g. "vitamin K antagonist", "DOAC", "antiplatelet", "antibiotic", "lipase inhibitor" */
    drugClass: text('the class', 120),
    genericNames: z.array(text('a generic name', 120)).min(1, 'Give at least one generic name.').max(50),
    brandNames: z.array(text('a brand name', 120)).max(100).default([]),
    /** RxNorm ingredient RxCUIs. */
    rxnormIngredients: z.array(z.string().regex(/^\d{1,10}$/, 'An RxCUI is a number.')).max(50).default([]),
    /** RxNorm product RxCUIs (SCD/SBD), where known. */
    rxnormProducts: z.array(z.string().regex(/^\d{1,10}$/, 'An RxCUI is a number.')).max(200).default([]),
    effect: text('the effect on vitamin K2', 1000),
    safetyCode: z.enum(SAFETY_CODES, { error: 'Choose a safety code from the SPEC table.' }),
    severity: z.enum(SEVERITIES, { error: 'Choose critical, warning or info.' }),
    advice: text('the advice', 2000),
    citations: z.array(RefSchema).min(1, 'Cite at least one trial or source.').max(20),
    verification: VerificationSchema,
  })
  .strict();
export type InteractionData = z.output<typeof InteractionSchema>;

export const SourceSchema = z
  .object({
    id: EntryIdSchema,
    title: text('the title', 400),
    kind: z.enum(SOURCE_KINDS, { error: `Choose a kind: ${SOURCE_KINDS.join(', ')}.` }),
    publisher: optionalText(200),
    year: z.number().int().min(1900).max(2100).optional(),
    citation: CitationSchema,
    verification: VerificationSchema,
    /** What this source is cited for. */
    summary: text('what this source says', 2000),
  })
  .strict();
export type SourceData = z.output<typeof SourceSchema>;

export const ENTRY_KINDS = ['trial', 'claim', 'interaction', 'source'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const ENTRY_SCHEMAS = {
  trial: TrialSchema,
  claim: ClaimSchema,
  interaction: InteractionSchema,
  source: SourceSchema,
} as const;

/** A content/export file: every kind in one document, each entry with its status. */
export const EvidenceFileSchema = z
  .object({
    format: z.literal('k2-evidence/1', { error: 'Unknown file format: expected "k2-evidence/1".' }),
    trials: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: TrialSchema }).strict()).default([]),
    claims: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: ClaimSchema }).strict()).default([]),
    interactions: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: InteractionSchema }).strict()).default([]),
    sources: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: SourceSchema }).strict()).default([]),
  })
  .strict();
export type EvidenceFile = z.output<typeof EvidenceFileSchema>;
