/**
 * The curation forms ⇄ evidence entries. Every input is named by its path in the entry ("population.n",
 * "outcomes.0.result", "citations.1.id"), the same path zod and the service report issues under, so an issue lands
 * next to its input without a mapping table. One declarative spec per kind drives both directions:
 * - entryFromFormData: FormData → entry object (numbers parsed, empty optional fields omitted, line and code lists split),
 * - formValuesFromEntry: entry → the form's initial values,
 * and parseEntryForm adds the kind's zod schema, so a server action gets either a valid entry or every issue.
 * Pure: no I/O, no React; unit-tested in tests/unit/evidence-form-data.test.ts.
 */
import type { z } from 'zod';
import {
  ENTRY_SCHEMAS,
  type ClaimData,
  type EntryKind,
  type InteractionData,
  type MedicationEntryData,
  type SourceData,
  type TrialData,
} from '@/lib/domain/evidence/schemas';

export type EntryData = TrialData | ClaimData | InteractionData | SourceData | MedicationEntryData;
export type FormIssue = { path: string; message: string };

/** What the form holds, by input name: every value as submitted (checkbox groups have several). */
export type FormValues = Record<string, string[]>;

/**
 * text: trimmed, omitted when empty (selects too: "" is "not chosen"); number: parsed, omitted when empty;
 * lines: a textarea with one item per line; codes: codes (countries, RxCUIs, ATC) separated by commas, spaces or line
 * breaks, upper-cased; multi: a checkbox group.
 */
type Leaf = 'text' | 'number' | 'lines' | 'codes' | 'multi';
type ObjectSpec = { [key: string]: FieldSpec };
type FieldSpec = Leaf | { object: ObjectSpec; optional?: true } | { rows: ObjectSpec };

const CITATION: FieldSpec = { object: { doi: 'text', pmid: 'text', url: 'text', journal: 'text' } };
const VERIFICATION: FieldSpec = { object: { status: 'text', note: 'text' } };
const REFS: FieldSpec = { rows: { kind: 'text', id: 'text' } };

export const FORM_SPECS: Record<EntryKind, ObjectSpec> = {
  trial: {
    id: 'text',
    title: 'text',
    shortLabel: 'text',
    year: 'number',
    citation: CITATION,
    verification: VERIFICATION,
    design: 'text',
    designNote: 'text',
    population: {
      object: { description: 'text', n: 'number', ageMin: 'number', ageMax: 'number', ageMean: 'number', sex: 'text', conditions: 'multi', country: 'text' },
    },
    intervention: {
      object: { form: 'text', doseAmount: 'number', doseUnit: 'text', frequency: 'text', durationMonths: 'number', coInterventions: 'lines', description: 'text' },
    },
    comparator: 'text',
    outcomes: {
      rows: {
        name: 'text',
        type: 'text',
        result: 'text',
        direction: 'text',
        // The effect estimate is optional as a whole: all its inputs empty means "the source gives none".
        effect: {
          object: {
            measure: 'text',
            value: 'number',
            ciLow: 'number',
            ciHigh: 'number',
            pValue: 'number',
            unit: 'text',
            comparison: 'text',
            verification: { object: { status: 'text', checkedAgainst: 'text', note: 'text' }, optional: true },
          },
          optional: true,
        },
      },
    },
    goals: 'multi',
    certainty: { object: { grade: 'text', downgradeReasons: 'lines' } },
    funding: 'text',
    notes: 'text',
    noEstimateReason: 'text',
  },
  claim: {
    id: 'text',
    claim: 'text',
    verdict: 'text',
    correction: 'text',
    goals: 'multi',
    contexts: 'lines',
    citations: REFS,
    verification: VERIFICATION,
  },
  interaction: {
    id: 'text',
    substance: 'text',
    drugClass: 'text',
    genericNames: 'lines',
    brandNames: 'lines',
    rxnormIngredients: 'lines',
    rxnormProducts: 'lines',
    effect: 'text',
    safetyCode: 'text',
    severity: 'text',
    advice: 'text',
    citations: REFS,
    verification: VERIFICATION,
  },
  source: {
    id: 'text',
    title: 'text',
    kind: 'text',
    publisher: 'text',
    year: 'number',
    citation: CITATION,
    verification: VERIFICATION,
    summary: 'text',
  },
  medication: {
    id: 'text',
    ingredient: 'text',
    medicationClass: 'text',
    interactionId: 'text',
    synonyms: 'lines',
    brands: { rows: { name: 'text', countries: 'codes', status: 'text', checkedIn: 'text' } },
    rxnorm: { object: { ingredients: 'codes', clinicalDrugs: 'codes', brandedDrugs: 'codes' } },
    atc: 'codes',
    citations: REFS,
    verification: VERIFICATION,
    notes: 'text',
  },
};

/** The text values of a FormData (files are not form fields here), by name. */
export function formValuesFromFormData(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, value] of formData.entries()) {
    // React adds its own $ACTION_… fields for forms that run without JavaScript; they are not the user's input.
    if (typeof value !== 'string' || name.startsWith('$ACTION')) continue;
    (values[name] ??= []).push(value);
  }
  return values;
}

const first = (values: FormValues, name: string): string => values[name]?.[0] ?? '';

/** Numbers as people type them: "1 200" and a decimal comma ("0,5") are accepted. */
function parseNumber(raw: string): number | null {
  let text = raw.trim().replace(/[\s\u00a0]/g, '');
  if (/^[-+]?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function splitLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** "us, gb;FR\n EU" → ["US", "GB", "FR", "EU"]: codes never contain spaces, so any separator a person types works. */
function splitCodes(raw: string): string[] {
  return raw
    .split(/[\s,;]+/)
    .map((code) => code.toUpperCase())
    .filter((code) => code.length > 0);
}

/** Row indices present in the form for a repeatable group, in order ("outcomes.0.name", "outcomes.3.name" → [0, 3]). */
function rowIndices(values: FormValues, path: string): number[] {
  const found = new Set<number>();
  const prefix = `${path}.`;
  for (const name of Object.keys(values)) {
    if (!name.startsWith(prefix)) continue;
    const segment = name.slice(prefix.length).split('.')[0] ?? '';
    if (/^\d{1,3}$/.test(segment)) found.add(Number(segment));
  }
  return [...found].sort((a, b) => a - b);
}

function readObject(spec: ObjectSpec, values: FormValues, inPrefix: string, outPrefix: string, issues: FormIssue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(spec)) {
    const name = `${inPrefix}${key}`;
    const path = `${outPrefix}${key}`;
    if (field === 'text') {
      const text = first(values, name).replace(/\r\n/g, '\n').trim();
      if (text) out[key] = text;
    } else if (field === 'number') {
      const text = first(values, name).trim();
      if (!text) continue;
      const n = parseNumber(text);
      if (n === null) issues.push({ path, message: `Enter a number (you typed “${text.slice(0, 40)}”).` });
      else out[key] = n;
    } else if (field === 'lines') {
      out[key] = splitLines(first(values, name));
    } else if (field === 'codes') {
      out[key] = splitCodes(first(values, name));
    } else if (field === 'multi') {
      out[key] = (values[name] ?? []).map((v) => v.trim()).filter(Boolean);
    } else if ('rows' in field) {
      // Positions, not the submitted indices, name the rows in issues: the form renumbers rows on every render.
      out[key] = rowIndices(values, name).map((index, position) => readObject(field.rows, values, `${name}.${index}.`, `${path}.${position}.`, issues));
    } else {
      const before = issues.length;
      const child = readObject(field.object, values, `${name}.`, `${path}.`, issues);
      const empty = Object.values(child).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
      if (field.optional && empty && issues.length === before) continue;
      out[key] = child;
    }
  }
  return out;
}

export type ConvertedEntry = { entry: Record<string, unknown>; issues: FormIssue[] };

/**
 * The entry a curation form describes. Conversion problems (a number that is not one) come back as issues with the
 * input's path, and that field is left out, so schema validation does not report it a second time as "missing".
 */
export function entryFromFormData(kind: EntryKind, formData: FormData | FormValues): ConvertedEntry {
  const values = formData instanceof FormData ? formValuesFromFormData(formData) : formData;
  const issues: FormIssue[] = [];
  const entry = readObject(FORM_SPECS[kind], values, '', '', issues);
  return { entry, issues };
}

function writeObject(spec: ObjectSpec, data: Record<string, unknown> | undefined, prefix: string, out: FormValues): void {
  if (!data) return;
  for (const [key, field] of Object.entries(spec)) {
    const name = `${prefix}${key}`;
    const value = data[key];
    if (value === undefined || value === null) continue;
    if (field === 'text' || field === 'number') out[name] = [String(value)];
    else if (field === 'lines') out[name] = [(value as unknown[]).map(String).join('\n')];
    else if (field === 'codes') out[name] = [(value as unknown[]).map(String).join(', ')];
    else if (field === 'multi') out[name] = (value as unknown[]).map(String);
    else if ('rows' in field) (value as Array<Record<string, unknown>>).forEach((row, i) => writeObject(field.rows, row, `${name}.${i}.`, out));
    else writeObject(field.object, value as Record<string, unknown>, `${name}.`, out);
  }
}

/** The form's initial values for an existing entry (the inverse of entryFromFormData). */
export function formValuesFromEntry(kind: EntryKind, entry: EntryData | Record<string, unknown>): FormValues {
  const out: FormValues = {};
  writeObject(FORM_SPECS[kind], entry as Record<string, unknown>, '', out);
  return out;
}

/** How many rows a repeatable group shows for these values (at least `min`, so a new form offers one empty row). */
export function rowCount(values: FormValues, path: string, min = 0): number {
  const indices = rowIndices(values, path);
  return Math.max(min, indices.length === 0 ? 0 : Math.max(...indices) + 1);
}

/** zod's built-in messages ("Too small: expected number to be >=0") in the words of the rest of the form. */
function readableMessage(issue: z.core.$ZodIssue): string {
  const builtIn = /^(Invalid input|Too small|Too big|Invalid option|Invalid string|Invalid)\b/.test(issue.message);
  if (!builtIn) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'Enter a whole number.';
      if (issue.expected === 'number') return 'Enter a number.';
      if (issue.expected === 'string') return 'Enter some text.';
      return 'This field is missing or has the wrong type.';
    case 'too_small':
      if (issue.origin === 'number') return issue.inclusive ? `Enter ${String(issue.minimum)} or more.` : `Enter more than ${String(issue.minimum)}.`;
      if (issue.origin === 'array') return `Give at least ${String(issue.minimum)}.`;
      return `Enter at least ${String(issue.minimum)} characters.`;
    case 'too_big':
      if (issue.origin === 'number') return issue.inclusive ? `Enter ${String(issue.maximum)} or less.` : `Enter less than ${String(issue.maximum)}.`;
      if (issue.origin === 'array') return `Give at most ${String(issue.maximum)}.`;
      return `Use at most ${String(issue.maximum)} characters.`;
    case 'invalid_value':
      return 'Choose one of the options.';
    default:
      return issue.message;
  }
}

export type ParsedEntryForm = { ok: true; entry: EntryData } | { ok: false; entry: Record<string, unknown>; issues: FormIssue[] };

/** Convert a curation form and validate it with the kind's schema: a valid entry, or every issue by path. */
export function parseEntryForm(kind: EntryKind, formData: FormData | FormValues): ParsedEntryForm {
  const { entry, issues } = entryFromFormData(kind, formData);
  const parsed = ENTRY_SCHEMAS[kind].safeParse(entry);
  if (parsed.success && issues.length === 0) return { ok: true, entry: parsed.data as EntryData };
  const converted = new Set(issues.map((i) => i.path));
  const schemaIssues = parsed.success
    ? []
    : parsed.error.issues
        .map((issue) => ({ path: issue.path.join('.') || '_form', message: readableMessage(issue) }))
        .filter((issue) => !converted.has(issue.path));
  return { ok: false, entry, issues: [...issues, ...schemaIssues] };
}

/** Issues as the form shows them: messages by input name (FormState.fields). */
export function issuesByPath(issues: FormIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) (out[issue.path || '_form'] ??= []).push(issue.message);
  return out;
}
