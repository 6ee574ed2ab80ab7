/**
 * What the curation pages need to know about each entry kind: its URL segment, its names, its list facets and the
 * readable labels of the schema's enums. Pure data, shared by server pages and client forms.
 */
import {
  CERTAINTIES,
  CLAIM_VERDICTS,
  DIRECTIONS,
  DOSE_UNITS,
  ENTRY_STATUSES,
  INTERVENTION_FORMS,
  MEDICATION_CLASSES,
  OUTCOME_TYPES,
  SEVERITIES,
  SEXES,
  SOURCE_KINDS,
  TRIAL_DESIGNS,
  VERIFICATION_STATUSES,
  type EntryKind,
  type EntryStatus,
  type VerificationStatus,
} from '@/lib/domain/evidence/schemas';
import { CONDITIONS, GOALS, SAFETY_CODES } from '@/lib/domain/vocabulary';

export const KIND_SLUGS = { trials: 'trial', claims: 'claim', interactions: 'interaction', sources: 'source', medications: 'medication' } as const satisfies Record<string, EntryKind>;
export type KindSlug = keyof typeof KIND_SLUGS;

/** The entry kind of a URL segment ("trials" → "trial"), or null for anything else. */
export function kindFromSlug(slug: string): EntryKind | null {
  return Object.hasOwn(KIND_SLUGS, slug) ? KIND_SLUGS[slug as KindSlug] : null;
}

export function slugOf(kind: EntryKind): KindSlug {
  return `${kind}s` as KindSlug;
}

export const KIND_NAMES = {
  trial: { one: 'trial', many: 'trials', title: 'Trials' },
  claim: { one: 'claim', many: 'claims', title: 'Claims' },
  interaction: { one: 'interaction', many: 'interactions', title: 'Interactions' },
  source: { one: 'source', many: 'sources', title: 'Sources' },
  medication: { one: 'medication', many: 'medications', title: 'Medications' },
} as const satisfies Record<EntryKind, { one: string; many: string; title: string }>;

export function listHref(kind: EntryKind): string {
  return `/admin/evidence/${slugOf(kind)}`;
}

export function entryHref(kind: EntryKind, id: string): string {
  return `${listHref(kind)}/${encodeURIComponent(id)}`;
}

export type Option = { value: string; label: string };

function options(values: readonly string[], labels: Record<string, string> = {}): Option[] {
  return values.map((value) => ({ value, label: labels[value] ?? value }));
}

export const STATUS_LABELS: Record<EntryStatus, string> = { draft: 'Draft', published: 'Published', retracted: 'Retracted' };
export const VERIFICATION_LABELS: Record<VerificationStatus, string> = {
  verified: 'Verified',
  'from-source-document-only': 'From source document only',
  unverified: 'Unverified',
};

const DESIGN_LABELS: Record<string, string> = {
  rct: 'Randomised controlled trial',
  observational: 'Observational',
  'meta-analysis': 'Meta-analysis',
  'case-series': 'Case series',
  'single-arm': 'Single-arm',
  pharmacokinetic: 'Pharmacokinetic',
  mechanistic: 'Mechanistic',
};
const OUTCOME_TYPE_LABELS: Record<string, string> = { surrogate: 'Surrogate marker', hard: 'Hard (clinical) outcome' };
const MEDICATION_CLASS_LABELS: Record<string, string> = {
  vka: 'Vitamin K antagonist (VKA)',
  doac: 'Direct oral anticoagulant (DOAC)',
  antiplatelet: 'Antiplatelet',
  heparin: 'Heparin',
  antibiotic: 'Antibiotic',
  'antibiotic-nmtt': 'Antibiotic with an NMTT side chain',
  'lipase-inhibitor': 'Lipase inhibitor',
  'bile-acid-sequestrant': 'Bile-acid sequestrant',
  'mineral-oil': 'Mineral oil',
  'fibrinolytic-supplement': 'Fibrinolytic enzyme supplement',
  'vitamin-e': 'Vitamin E',
  'enzyme-inducing-anticonvulsant': 'Enzyme-inducing anticonvulsant',
  'tyrosine-kinase-inhibitor': 'Tyrosine kinase inhibitor',
  'no-known-interaction': 'No known interaction',
};
const SOURCE_KIND_LABELS: Record<string, string> = {
  'fact-sheet': 'Fact sheet',
  'product-label': 'Product label',
  guideline: 'Guideline',
  review: 'Review',
  analysis: 'Analysis',
  other: 'Other',
};

/** The select options of every enum the forms use, with readable labels; the value is always the schema's. */
export const OPTIONS = {
  status: options(ENTRY_STATUSES, STATUS_LABELS),
  verification: options(VERIFICATION_STATUSES, VERIFICATION_LABELS),
  design: options(TRIAL_DESIGNS, DESIGN_LABELS),
  interventionForm: options(INTERVENTION_FORMS),
  doseUnit: options(DOSE_UNITS),
  outcomeType: options(OUTCOME_TYPES, OUTCOME_TYPE_LABELS),
  direction: options(DIRECTIONS, { benefit: 'Benefit', 'no-difference': 'No difference', harm: 'Harm', mixed: 'Mixed' }),
  certainty: options(CERTAINTIES, { high: 'High', moderate: 'Moderate', low: 'Low', 'very-low': 'Very low' }),
  sex: options(SEXES, { female: 'Female', male: 'Male', both: 'Both' }),
  verdict: options(CLAIM_VERDICTS, { false: 'False', unsupported: 'Unsupported', overstated: 'Overstated', true: 'True' }),
  severity: options(SEVERITIES, { critical: 'Critical', warning: 'Warning', info: 'Info' }),
  safetyCode: options(SAFETY_CODES),
  sourceKind: options(SOURCE_KINDS, SOURCE_KIND_LABELS),
  medicationClass: options(MEDICATION_CLASSES, MEDICATION_CLASS_LABELS),
  brandStatus: options(['checked', 'unchecked'], { checked: 'Checked', unchecked: 'Not yet checked' }),
  goal: options(GOALS),
  condition: options(CONDITIONS),
  refKind: options(['trial', 'source'], { trial: 'Trial', source: 'Source' }),
} as const;

export type FacetGroup = { label: string; options: Option[] };

const prefixed = (prefix: string, list: Option[]): Option[] => list.map((o) => ({ value: `${prefix}:${o.value}`, label: o.label }));

/** The kind-specific filter of the list page; values are the facet strings of lib/domain/evidence/index-fields.ts. */
export const FACETS: Record<EntryKind, { label: string; groups: FacetGroup[] }> = {
  trial: {
    label: 'Outcome type or design',
    groups: [
      { label: 'Outcome type', options: prefixed('outcome', OPTIONS.outcomeType) },
      { label: 'Design', options: prefixed('design', OPTIONS.design) },
    ],
  },
  claim: { label: 'Verdict', groups: [{ label: 'Verdict', options: prefixed('verdict', OPTIONS.verdict) }] },
  interaction: {
    label: 'Safety code or severity',
    groups: [
      { label: 'Severity', options: prefixed('severity', OPTIONS.severity) },
      { label: 'Safety code', options: prefixed('safety', OPTIONS.safetyCode) },
    ],
  },
  source: { label: 'Source kind', groups: [{ label: 'Source kind', options: prefixed('source-kind', OPTIONS.sourceKind) }] },
  medication: { label: 'Class', groups: [{ label: 'Class', options: prefixed('class', OPTIONS.medicationClass) }] },
};

/** Only trials and claims carry goals. */
export function hasGoals(kind: EntryKind): boolean {
  return kind === 'trial' || kind === 'claim';
}

/** "2026-05-01 14:03 UTC": the same form as every other page (one formatter, components/ui/format-utc.ts). */
export { formatUtc } from '@/components/ui/format-utc';

/** "outcomes.0.effect.ciLow" → "Outcomes 1 › effect › ci low": the path as a person reads it. */
export function pathLabel(path: string): string {
  const words = path.split('.').map((segment, i, all) => {
    if (/^\d+$/.test(segment)) return null;
    const next = all[i + 1];
    const word = segment.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return next !== undefined && /^\d+$/.test(next) ? `${word} ${Number(next) + 1}` : word;
  });
  const text = words.filter((w): w is string => w !== null).join(' › ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : path;
}

/** A leaf value of an entry (see diffEntries) as text. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.length === 0 ? '(empty list)' : value.map(formatValue).join(', ');
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0 ? '(empty)' : JSON.stringify(value);
  return String(value);
}

/** The title and secondary label a list shows for an entry of any kind. */
export function entrySummary(entry: Record<string, unknown>, id: string): { title: string; label: string | null } {
  const title = entry.title ?? entry.claim ?? entry.substance ?? entry.ingredient ?? id;
  const medicationClass = typeof entry.medicationClass === 'string' ? (MEDICATION_CLASS_LABELS[entry.medicationClass] ?? entry.medicationClass) : undefined;
  const label = entry.shortLabel ?? entry.drugClass ?? entry.publisher ?? medicationClass ?? null;
  return { title: String(title), label: label === null ? null : String(label) };
}

/** The list's column headings, and what its search looks in (lib/domain/evidence/index-fields.ts searchText). */
export const LIST_COLUMNS: Record<EntryKind, { title: string; label: string; citation: string; searches: string }> = {
  trial: { title: 'Title', label: 'Label', citation: 'Year · citation', searches: 'Title, label, id, year, DOI, PMID, population, outcome…' },
  claim: { title: 'Claim', label: 'Label', citation: 'Cites', searches: 'Claim, correction, id…' },
  interaction: { title: 'Substance', label: 'Class', citation: 'Cites', searches: 'Substance, class, generic or brand name, RxCUI…' },
  source: { title: 'Title', label: 'Publisher', citation: 'Year · citation', searches: 'Title, publisher, id, DOI, PMID, summary…' },
  medication: { title: 'Ingredient', label: 'Class', citation: 'Cites', searches: 'Ingredient, synonym, brand, RxCUI, ATC code, id…' },
};

/** A datalist suggestion for a citation: the id, labelled with its kind and name. */
export function citationTarget(kind: 'trial' | 'source', id: string, entry: Record<string, unknown>): Option {
  const { title, label } = entrySummary(entry, id);
  return { value: id, label: `${kind} · ${label ?? title}` };
}
