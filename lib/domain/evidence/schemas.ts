/**
 * The curated evidence: trials, claims, interaction entries, other sources and the medication vocabulary. One zod
 * schema per entry kind, shared by the content files (content/*.json), the admin forms, the curation API and
 * import/export.
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

/**
 * How one effect estimate was checked (issue 13, "Quantitative evidence"): an estimate is `verified` only when its
 * numbers were read in the published abstract (or the paper), and `checkedAgainst` names the page read.
 */
export const EffectVerificationSchema = z
  .object({
    status: z.enum(VERIFICATION_STATUSES, { error: 'Choose verified, from-source-document-only or unverified.' }),
    /** The page the numbers were read on (PubMed, the journal, the repository copy of the abstract). */
    checkedAgainst: z.url({ error: 'Enter the full URL of the page the numbers were read on (https://…).' }).optional(),
    note: optionalText(1000),
  })
  .strict()
  .refine((v) => v.status !== 'verified' || v.checkedAgainst !== undefined, {
    error: 'A verified estimate names the page it was checked against.',
    path: ['checkedAgainst'],
  });

/**
 * A published effect estimate: a ratio (RR, OR, HR; unit "ratio", no effect at 1) or a difference on the outcome's own
 * scale with its unit (no effect at 0), with its 95% confidence interval where the source gives one.
 */
export const EffectSchema = z
  .object({
    measure: text('the measure (e.g. "RR", "OR", "difference")', 60),
    value: z.number(),
    ciLow: z.number().optional(),
    ciHigh: z.number().optional(),
    pValue: z.number().min(0).max(1).optional(),
    /** "ratio" for RR/OR/HR; otherwise the outcome's own unit, e.g. "mg/cm²", "AU (Agatston)", "percentage points". */
    unit: optionalText(80),
    /** What the estimate compares, e.g. "MK-7 360 mcg/day vs placebo, 24 months". */
    comparison: optionalText(400),
    verification: EffectVerificationSchema.optional(),
  })
  .strict()
  .refine((e) => (e.ciLow === undefined) === (e.ciHigh === undefined), { error: 'Give both ends of the 95% CI, or neither.', path: ['ciHigh'] })
  .refine((e) => e.ciLow === undefined || e.ciHigh === undefined || (e.ciLow <= e.value && e.value <= e.ciHigh), {
    error: 'The estimate lies outside its own 95% CI: check the numbers against the source.',
    path: ['value'],
  })
  .refine((e) => e.verification?.status !== 'verified' || e.unit !== undefined, {
    error: 'A verified estimate gives its unit ("ratio", or the outcome\'s own unit).',
    path: ['unit'],
  });
export type EffectData = z.output<typeof EffectSchema>;

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
            effect: EffectSchema.optional(),
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
    /**
     * Why no outcome carries a verified estimate with a 95% CI (e.g. "the abstract gives p values only", "single arm:
     * no comparator"): every trial either has one or says why not.
     */
    noEstimateReason: optionalText(600),
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

/**
 * The medication vocabulary (content/medications-*.json): one entry per ingredient the engine recognises, with its
 * salts and other spellings, its brand names by country (each brand with where it was checked), its RxNorm concepts
 * (ingredient, clinical drugs, branded drugs) and its WHO ATC codes. The class says which screening rule applies; the
 * interaction entry (`interactionId`) carries the clinical effect, advice and citations. `no-known-interaction` is for
 * common medicines whose labels and the NIH ODS interaction list give no vitamin K interaction: recognised, so they do
 * not count as "could not check".
 */
export const MEDICATION_CLASSES = [
  'vka',
  'doac',
  'antiplatelet',
  'heparin',
  'antibiotic',
  'antibiotic-nmtt',
  'lipase-inhibitor',
  'bile-acid-sequestrant',
  'mineral-oil',
  'fibrinolytic-supplement',
  'vitamin-e',
  'enzyme-inducing-anticonvulsant',
  'tyrosine-kinase-inhibitor',
  'no-known-interaction',
] as const;
export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

/** ISO 3166-1 alpha-2 country codes, plus "EU" for a brand authorised EU-wide (EMA centralised procedure). */
export const CountryCodeSchema = z.string().regex(/^(?:[A-Z]{2})$/, 'A country is an ISO 3166 code such as US, GB, FR, CA, AU, IN, JP, or EU.');

const Rxcui = z.string().regex(/^\d{1,10}$/, 'An RxCUI is a number.');

export const MedicationBrandSchema = z
  .object({
    name: text('the brand name', 120),
    countries: z.array(CountryCodeSchema).max(40).default([]),
    /** checked: seen in a drug label, national formulary or RxNorm record (named in `checkedIn`); unchecked: not yet. */
    status: z.enum(['checked', 'unchecked'], { error: 'Choose checked or unchecked.' }),
    /** Where it was checked, e.g. "DailyMed SPL, Jantoven (Upsher-Smith)", "BNF", "ANSM base de données publique", "RxNorm SBD 855292". */
    checkedIn: optionalText(300),
  })
  .strict()
  .refine((b) => b.status === 'unchecked' || (b.checkedIn !== undefined && b.checkedIn.length > 0), { error: 'A checked brand names where it was checked.', path: ['checkedIn'] });

export const MedicationEntrySchema = z
  .object({
    id: EntryIdSchema,
    /** The ingredient's INN (English), e.g. "warfarin". */
    ingredient: text('the ingredient', 120),
    medicationClass: z.enum(MEDICATION_CLASSES, { error: `Choose a class: ${MEDICATION_CLASSES.join(', ')}.` }),
    /** The interaction entry whose effect and advice apply; required for every class but no-known-interaction. */
    interactionId: EntryIdSchema.optional(),
    /** Salts, other INN spellings and translations (e.g. "warfarin sodium", "warfarine", "warfarina"). */
    synonyms: z.array(text('a synonym', 120)).max(60).default([]),
    brands: z.array(MedicationBrandSchema).max(200).default([]),
    rxnorm: z
      .object({
        /** IN / PIN concepts (ingredient, precise ingredient such as a salt). */
        ingredients: z.array(Rxcui).max(20).default([]),
        /** SCD concepts (semantic clinical drug, e.g. "warfarin sodium 5 MG Oral Tablet"). */
        clinicalDrugs: z.array(Rxcui).max(400).default([]),
        /** SBD concepts (semantic branded drug) and BN (brand name) concepts. */
        brandedDrugs: z.array(Rxcui).max(400).default([]),
      })
      .strict()
      .default({ ingredients: [], clinicalDrugs: [], brandedDrugs: [] }),
    /** WHO ATC codes (level 5, e.g. B01AA03). */
    atc: z.array(z.string().regex(/^[A-V]\d{2}[A-Z]{2}\d{2}$/, 'An ATC code looks like B01AA03.')).max(10).default([]),
    citations: z.array(RefSchema).min(1, 'Cite at least one source.').max(20),
    verification: VerificationSchema,
    notes: optionalText(2000),
  })
  .strict()
  .refine((m) => m.medicationClass === 'no-known-interaction' || m.interactionId !== undefined, { error: 'Give the interaction entry this medicine belongs to.', path: ['interactionId'] });
export type MedicationEntryInput = z.input<typeof MedicationEntrySchema>;
export type MedicationEntryData = z.output<typeof MedicationEntrySchema>;

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

export const ENTRY_KINDS = ['trial', 'claim', 'interaction', 'source', 'medication'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const ENTRY_SCHEMAS = {
  trial: TrialSchema,
  claim: ClaimSchema,
  interaction: InteractionSchema,
  source: SourceSchema,
  medication: MedicationEntrySchema,
} as const;

/** A content/export file: every kind in one document, each entry with its status. */
export const EvidenceFileSchema = z
  .object({
    format: z.literal('k2-evidence/1', { error: 'Unknown file format: expected "k2-evidence/1".' }),
    trials: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: TrialSchema }).strict()).default([]),
    claims: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: ClaimSchema }).strict()).default([]),
    interactions: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: InteractionSchema }).strict()).default([]),
    sources: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: SourceSchema }).strict()).default([]),
    medications: z.array(z.object({ status: z.enum(ENTRY_STATUSES).default('published'), entry: MedicationEntrySchema }).strict()).default([]),
  })
  .strict();
export type EvidenceFile = z.output<typeof EvidenceFileSchema>;
