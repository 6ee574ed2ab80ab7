/** The Report (SPEC "Report") and the evidence snapshot it is built from. Plain JSON: saved as is, never changed. */
import type { ClaimData, InteractionData, MedicationEntryData, SourceData, TrialData, VerificationStatus } from '../evidence/schemas';
import type { PatientContext } from '../patient-context';
import type { ConceptMatch, MedicationRecognition } from '../terminology/medications';
import type { Goal, SafetyCode } from '../vocabulary';

/** The published evidence, read once per evidenceVersion (lib/server/reports/snapshot.ts). */
export type EvidenceSnapshot = {
  evidenceVersion: string;
  trials: TrialData[];
  claims: ClaimData[];
  interactions: InteractionData[];
  sources: SourceData[];
  /** The medication vocabulary (kind `medication`); snapshots built before it have none. */
  medications?: MedicationEntryData[];
};

export type Severity = 'critical' | 'warning' | 'info';
export type Verdict = 'supported' | 'uncertain' | 'not-supported';
export type Certainty = 'high' | 'moderate' | 'low' | 'very-low';
export type OutcomeLevel = 'hard' | 'surrogate' | 'mechanistic' | 'none';
export type Applicability = 'direct' | 'partial' | 'indirect';

/** A citation id is "trial:<id>" or "source:<id>"; every one resolves in references[]. */
export type CitationId = string;

export type SafetyFinding = {
  code: SafetyCode | string;
  severity: Severity;
  title: string;
  detail: string;
  /** What in the context raised it, e.g. 'medications[0]: "Coumadin 5mg" matched warfarin (brand name)'. */
  triggeredBy: string[];
  citations: CitationId[];
};

export type GoalTrial = {
  trialId: string;
  title: string;
  applicability: Applicability;
  matchReasons: string[];
  outcomeType: 'hard' | 'surrogate';
  result: string;
  /** For the evidence chart (optional: reports saved before it lack them). The trial's short label. */
  label?: string;
  /** Who was studied (the trial's population description). */
  population?: string;
  /** The key outcome's name (the outcome `result` describes). */
  outcome?: string;
  /** The key outcome's direction, as weighed (a contested benefit is 'mixed'). */
  direction?: EffectDirection;
  /** The key outcome's effect estimate, where the curated trial gives one. */
  effect?: EffectEstimate;
  /** Why the trial has no checked estimate with a 95% CI, as curated (e.g. "the abstract gives p values only"). */
  noEstimateReason?: string;
  /** The curated design (rct, meta-analysis, observational…), for the chart's markers. Reports saved before lack it. */
  design?: TrialDesign;
  /** Whether the study is of vitamin K at all: false for other interventions (statins, vitamin D alone), shown as context. */
  aboutVitaminK?: boolean;
};

export type TrialDesign = 'rct' | 'observational' | 'meta-analysis' | 'case-series' | 'single-arm' | 'pharmacokinetic' | 'mechanistic';

export type EffectDirection = 'benefit' | 'no-difference' | 'harm' | 'mixed';
/**
 * A published estimate: `unit` is "ratio" (RR, OR, HR: no effect at 1) or the outcome's own unit for a difference (no
 * effect at 0); `verified` is true only when the numbers were checked against the published abstract (curated
 * effect.verification). Reports saved before issue 13 lack unit, comparison and verified.
 */
export type EffectEstimate = { measure: string; value: number; ciLow?: number; ciHigh?: number; unit?: string; comparison?: string; verified?: boolean };

export type GoalFinding = {
  goal: Goal;
  verdict: Verdict;
  certainty: Certainty;
  bestOutcomeLevel: OutcomeLevel;
  statement: string;
  /** The trials listed: at most MAX_LISTED_TRIALS (goals.ts), those that apply most closely first. */
  trials: GoalTrial[];
  /** How many trials informing this goal were weighed for the verdict (reports saved before it lack it). */
  trialsWeighed?: number;
  citations: CitationId[];
};

export type DoseFraming = {
  recommendation: 'avoid' | 'food-first' | 'conservative' | 'discuss';
  suggestedDailyMcg: number | null;
  form: 'MK-7' | 'MK-4' | null;
  notes: string[];
  citations: CitationId[];
};

export type DietFinding = {
  sources: Array<{ food: string; frequency: string; estimatedMcgPerDay: number; note: string }>;
  notes: string[];
  /** Estimated K2 from the diet answers, mcg/day; null when no diet was given (unknown, not zero). */
  estimatedK2McgPerDay?: number | null;
  citations?: CitationId[];
};

export type ProductQualityItem = { title: string; detail: string; citations: CitationId[] };
export type ClaimFinding = { claim: string; verdict: 'false' | 'unsupported' | 'overstated' | 'true'; correction: string; citations: CitationId[] };

export type Reference = {
  id: CitationId;
  label: string;
  doi?: string;
  pmid?: string;
  url?: string;
  verification: VerificationStatus;
};

export type Handout = { title: string; sections: Array<{ heading: string; body: string }>; readingGrade: number };

/** One concept a medication matched, as the API returns it: the matcher's ConceptMatch without its internal ids. */
export type MedicationConceptMatch = Pick<ConceptMatch, 'ingredient' | 'medicationClass' | 'interactionId' | 'how' | 'matchedText' | 'confidence' | 'distance'>;

/** Per medication, what the terminology layer recognised: the matcher's MedicationRecognition as plain JSON. */
export type ScreenedMedication = Pick<MedicationRecognition, 'index' | 'name' | 'status' | 'unrecognisedParts'> & {
  matches: MedicationConceptMatch[];
  /** Near misses: never used as a match; the fail-safe rule applies. */
  guesses: MedicationConceptMatch[];
};

export type Report = {
  id: string;
  createdAt: string;
  rulesetVersion: string;
  evidenceVersion: string;
  context: PatientContext;
  /** Per medication, what it matched, how and with what confidence (reports saved before it lack it). */
  medicationScreening?: ScreenedMedication[];
  summary: { headline: string; bottomLine: string };
  safety: SafetyFinding[];
  goals: GoalFinding[];
  dose: DoseFraming;
  diet: DietFinding;
  productQuality: ProductQualityItem[];
  claims: ClaimFinding[];
  references: Reference[];
  handout: Handout;
};

/** buildReport() returns everything but the identity the server gives when it saves the report. */
export type ReportBody = Omit<Report, 'id' | 'createdAt'>;
