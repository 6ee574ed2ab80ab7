/**
 * FHIR R4 Bundle → PatientContext input (SPEC "Other interfaces": FHIR). Pure: no clock (today is passed in), no I/O.
 * The bundle's shape is checked loosely with zod (unknown fields allowed); everything inside a resource is read
 * defensively, so no bundle an EHR can send makes the import throw. What was taken, and what was left and why, is
 * listed for the clinician to review: an import is a draft to check, never silently trusted.
 *
 * Decisions (documented in ARCHITECTURE.md "EHR interoperability"):
 * - Medications count when their status is active, on-hold (a paused anticoagulant is still the patient's), intended
 *   (MedicationStatement) or unknown/missing (safety first: an anticoagulant of unknown status is still screened);
 *   completed, stopped, cancelled, entered-in-error, not-taken and draft are skipped.
 * - Goals are not in FHIR: the context comes back without goals, and the form asks for them.
 * - A deceased patient (Patient.deceasedDateTime / deceasedBoolean true) is never aged to today: the age is the age at
 *   death (with a note), or, when the record gives no usable date of death, no age at all (with a note).
 * - Observation.status: final, amended and corrected results are used; preliminary ones too, with a note; registered,
 *   cancelled, entered-in-error and unknown are not (each with its reason in `ignored`).
 * - valueQuantity.comparator is kept: a bound ("< 4 ng/mL") is imported only when it lies on the same side of the
 *   20 ng/mL deficiency threshold as the true value, and is flagged in `notes`; otherwise it is not imported.
 */
import { z } from 'zod';
import { MedicationSchema, NMOL_PER_NG, SupplementSchema, VitaminDLevelSchema, type PatientContextInput } from '../patient-context';
import { VITAMIN_D_DEFICIENT_NG } from '../report/safety';
import type { Condition } from '../vocabulary';
import { DOSE_UNITS, ICD10_CONDITIONS, LOINC_INR, LOINC_VITAMIN_D, SNOMED_CONDITIONS, SUPPLEMENT_RULES, SYSTEMS, VITAMIN_D_UNITS, type ConditionMapping } from './codes';

/** The bundle's shape, loosely: unknown fields pass, but it must be a Bundle whose entries' resources name their type. */
export const FhirBundleSchema = z
  .looseObject({
    resourceType: z.literal('Bundle', { error: 'resourceType must be "Bundle".' }),
    type: z.string({ error: 'Bundle.type is a code such as "collection".' }).optional(),
    entry: z
      .array(
        z.looseObject({
          fullUrl: z.string({ error: 'fullUrl is a string.' }).optional(),
          resource: z
            .looseObject({ resourceType: z.string({ error: 'Each resource needs a resourceType.' }).min(1, 'Each resource needs a resourceType.') }, { error: 'A resource is a JSON object.' })
            .optional(),
        }),
        { error: 'Bundle.entry is an array.' },
      )
      .max(5_000, 'At most 5,000 entries.')
      .optional(),
  });

/** The imported context: a PatientContext input without goals (FHIR has none), every part optional. */
export type ContextDraft = Omit<Partial<PatientContextInput>, 'goals'> & { goals?: PatientContextInput['goals'] };
export type MappedItem = { resource: string; as: string };
export type IgnoredItem = { resource: string; reason: string };
export type FhirImport = { context: ContextDraft; mapped: MappedItem[]; ignored: IgnoredItem[]; notes: string[] };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

type Coding = { system?: string; code?: string; display?: string; userSelected?: boolean };
function codings(concept: unknown): Coding[] {
  return arr(obj(concept)?.coding)
    .map(obj)
    .filter((c): c is Json => c !== undefined)
    .map((c) => ({ system: str(c.system), code: str(c.code), display: str(c.display), userSelected: c.userSelected === true }));
}
function conceptText(concept: unknown): string | undefined {
  return str(obj(concept)?.text) ?? codings(concept).find((c) => c.display)?.display;
}
function label(resource: Json, index: number): string {
  const type = str(resource.resourceType) ?? 'Resource';
  const id = str(resource.id);
  return id ? `${type}/${id}` : `${type} (entry ${index})`;
}

/** Whole years between a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) and today (YYYY-MM-DD); partial dates assume the 1st. */
export function ageOn(birthDate: string, today: string): number | undefined {
  const b = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(birthDate);
  const t = /^(\d{4})-(\d{2})-(\d{2})/.exec(today);
  if (!b || !t) return undefined;
  const [by, bm, bd] = [Number(b[1]), Number(b[2] ?? 1), Number(b[3] ?? 1)];
  const [ty, tm, td] = [Number(t[1]), Number(t[2]), Number(t[3])];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** A FHIR date or dateTime's date part as YYYY-MM-DD; a partial date (YYYY, YYYY-MM) assumes the 1st, as for births. */
export function fhirDay(value: string): string | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
}

/** Whether the Patient has died, and the day if the record gives one (deceasedDateTime; deceasedBoolean has none). */
export function deceasedOf(patient: Record<string, unknown>): { day?: string; given: string } | undefined {
  if (patient.deceasedDateTime !== undefined && patient.deceasedDateTime !== null) {
    const given = typeof patient.deceasedDateTime === 'string' ? patient.deceasedDateTime.trim() : '';
    const day = given ? fhirDay(given) : undefined;
    return { ...(day ? { day } : {}), given: given || String(JSON.stringify(patient.deceasedDateTime)).slice(0, 40) };
  }
  if (patient.deceasedBoolean === true) return { given: 'deceasedBoolean true' };
  return undefined;
}

/** The condition a code means, by SNOMED CT concept or the longest ICD-10 prefix; a prefix that excludes (flutter under I48) means none. */
export function mapConditionCode(system: string | undefined, code: string | undefined): ConditionMapping | undefined {
  if (!code) return undefined;
  if (system === SYSTEMS.snomed) return SNOMED_CONDITIONS.get(code);
  if (system === SYSTEMS.icd10cm || system === SYSTEMS.icd10 || system?.startsWith('http://hl7.org/fhir/sid/icd-10')) {
    const key = code.replace(/\./g, '').toUpperCase();
    let best: readonly [string, ConditionMapping] | undefined;
    for (const entry of ICD10_CONDITIONS) if (key.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
    return best && best[1].conditions.length > 0 ? best[1] : undefined;
  }
  return undefined;
}

const MED_INCLUDED = new Set(['active', 'on-hold', 'intended', 'unknown']);

/** FHIR R4 ObservationStatus: the results that are used (preliminary with a note), and why the others are not. */
const OBS_USED = new Set(['final', 'amended', 'corrected', 'preliminary']);
const OBS_SKIPPED: Record<string, string> = {
  registered: 'status registered: the test is ordered, there is no result yet',
  cancelled: 'status cancelled: the test was cancelled, there is no result',
  'entered-in-error': 'status entered-in-error: the result was recorded in error and withdrawn',
  unknown: 'status unknown: the source cannot say whether the result is final or withdrawn',
};
const COMPARATORS = new Set(['<', '<=', '>=', '>']);

/**
 * A 25(OH)D bound ("< 4 ng/mL") as the level to import: the bound itself when the true value is on the same side of
 * the deficiency threshold (below it for "<"/"<=", at or above it for ">"/">="), so the deficiency rule still decides
 * correctly; undefined when the bound leaves it open (e.g. "< 30 ng/mL", "> 10 ng/mL").
 */
export function boundedVitaminD(comparator: '<' | '<=' | '>=' | '>', value: number, unit: 'ng/mL' | 'nmol/L'): number | undefined {
  const ng = unit === 'ng/mL' ? value : value / NMOL_PER_NG;
  if (comparator === '<' || comparator === '<=') return ng < VITAMIN_D_DEFICIENT_NG ? value : undefined;
  return ng >= VITAMIN_D_DEFICIENT_NG ? value : undefined;
}

/** The supplement kind a medication name stands for, if it is a supplement. */
export function supplementKindOf(name: string): (typeof SUPPLEMENT_RULES)[number][1] | undefined {
  return SUPPLEMENT_RULES.find(([pattern]) => pattern.test(name))?.[1];
}

/** Dose per administration from MedicationStatement.dosage / MedicationRequest.dosageInstruction (doseQuantity). */
function doseOf(dosages: unknown): { amount: number; unit: 'mcg' | 'mg' | 'IU' } | undefined {
  for (const dosage of arr(dosages)) {
    for (const rate of arr(obj(dosage)?.doseAndRate)) {
      const q = obj(obj(rate)?.doseQuantity);
      const value = num(q?.value);
      const unit = DOSE_UNITS[str(q?.code) ?? ''] ?? DOSE_UNITS[str(q?.unit) ?? ''];
      if (value !== undefined && unit) return { amount: value, unit };
    }
  }
  return undefined;
}

type Index = { byRef: Map<string, Json> };

/** The medication concept of a statement or request: its CodeableConcept, or the referenced (contained or bundled) Medication's code. */
function medicationConcept(resource: Json, index: Index): unknown {
  if (obj(resource.medicationCodeableConcept)) return resource.medicationCodeableConcept;
  const ref = str(obj(resource.medicationReference)?.reference);
  if (!ref) return undefined;
  if (ref.startsWith('#')) {
    const contained = arr(resource.contained).map(obj).find((c) => c && c.resourceType === 'Medication' && str(c.id) === ref.slice(1));
    return contained?.code;
  }
  return index.byRef.get(ref)?.code ?? index.byRef.get(ref.split('/').slice(-2).join('/'))?.code;
}

/**
 * Read a FHIR R4 Bundle into a context draft. `today` (YYYY-MM-DD) dates the age; invalid input comes back as field
 * errors keyed by path ("entry.2.resource.resourceType").
 */
export function importFhirBundle(input: unknown, today: string): { ok: true; result: FhirImport } | { ok: false; fields: Record<string, string[]> } {
  const parsed = FhirBundleSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[issue.path.join('.') || '_form'] ??= []).push(issue.message);
    return { ok: false, fields };
  }
  return { ok: true, result: importResources(flattenEntries(parsed.data.entry ?? []), today) };
}

/** How deep Bundles inside a Bundle are read, and how many resources in all (the outer schema caps its own entries). */
const NESTED_BUNDLE_DEPTH = 2;
const MAX_RESOURCES = 5_000;

/**
 * The bundle's resources, with those of Bundles inside it: a batch-response or transaction-response answers each
 * search with a searchset Bundle as the entry's resource (FHIR R4 §3.1.0.11 http.html#transaction-response; the
 * spec's own example Bundle-bundle-response-medsallergies holds the MedicationStatements that way). Reading only the
 * outer entries would import "no medications" from such a record.
 */
function flattenEntries(entries: ReadonlyArray<{ fullUrl?: string; resource?: unknown }>, depth = 0, out: Array<{ resource: Json; fullUrl?: string; i: number }> = []): Array<{ resource: Json; fullUrl?: string; i: number }> {
  for (const e of entries) {
    const resource = obj(e.resource);
    if (!resource || out.length >= MAX_RESOURCES) continue;
    if (resource.resourceType === 'Bundle' && depth < NESTED_BUNDLE_DEPTH) {
      const inner = arr(resource.entry).map(obj).filter((x): x is Json => x !== undefined);
      flattenEntries(inner.map((x) => ({ fullUrl: str(x.fullUrl), resource: x.resource })), depth + 1, out);
      continue;
    }
    if (typeof resource.resourceType !== 'string' || resource.resourceType === '') continue;
    out.push({ resource, fullUrl: e.fullUrl, i: out.length });
  }
  return out;
}

function importResources(entries: Array<{ resource: Json; fullUrl?: string; i: number }>, today: string): FhirImport {
  const mapped: MappedItem[] = [];
  const ignored: IgnoredItem[] = [];
  const notes: string[] = ['Goals are not part of a FHIR record: choose what the patient is asking about.', 'Pregnancy, diet and vitamin K status are not imported: check them in the form.'];
  const context: ContextDraft = { medications: [], conditions: [], supplements: [] };
  const medications: Array<{ name: string; rxnorm?: string; atc?: string }> = [];
  const supplements: NonNullable<ContextDraft['supplements']> = [];
  const conditions = new Set<Condition>();
  let ckdStage: number | undefined;
  let patientSeen = false;
  let vitaminD: { value: number; unit: 'ng/mL' | 'nmol/L'; when: string; ref: string; reported?: string; preliminary: boolean } | undefined;
  const undecided: Array<{ ref: string; when: string; reported: string }> = [];

  const byRef = new Map<string, Json>();
  for (const { resource, fullUrl } of entries) {
    const type = str(resource.resourceType);
    const id = str(resource.id);
    if (type && id) byRef.set(`${type}/${id}`, resource);
    if (fullUrl) byRef.set(fullUrl, resource);
  }
  const index: Index = { byRef };

  const addMedicationLike = (resource: Json, ref: string, concept: unknown, dosages: unknown): void => {
    const all = codings(concept);
    const rx = all.filter((c) => c.system === SYSTEMS.rxnorm && c.code && /^\d{1,10}$/.test(c.code));
    // One RxNorm code per medication in the context: the one the prescriber picked, else the first. The name keeps
    // the text, so the name match still sees the ingredient when the chosen code is a product (or vice versa).
    const code = (rx.find((c) => c.userSelected) ?? rx[0])?.code;
    const atc = all.find((c) => c.system === SYSTEMS.atc && c.code && /^[A-V]\d{2}(?:[A-Z](?:[A-Z](?:\d{2})?)?)?$/i.test(c.code))?.code?.toUpperCase();
    // Fail-safe: a medication with no name and no code the app reads is still a medication — it is imported under a
    // name that says what the record gave, so the report lists it as "could not check" instead of dropping it.
    const other = all.find((c) => c.code);
    const anyDisplay = all.find((c) => c.display)?.display;
    const name = (
      conceptText(concept) ??
      rx[0]?.display ??
      anyDisplay ??
      (code ? `RxNorm ${code}` : atc ? `ATC ${atc}` : other ? `Medication coded ${other.code} (${other.system ?? 'no code system'})` : 'Unidentified medication (no name or code in the record)')
    ).slice(0, 200);
    const kind = supplementKindOf(name);
    if (kind) {
      const dose = doseOf(dosages);
      const candidate = dose ? { kind, amount: dose.amount, unit: dose.unit } : undefined;
      if (candidate && SupplementSchema.safeParse(candidate).success && supplements.length < 30) {
        supplements.push(candidate);
        mapped.push({ resource: ref, as: `supplements: ${kind} ${dose!.amount} ${dose!.unit}` });
        return;
      }
      notes.push(`${ref}: "${name}" looks like a supplement but has no usable dose; listed as a medication — add it under supplements with its amount.`);
    }
    if (medications.length >= 50) {
      ignored.push({ resource: ref, reason: 'more than 50 medications; the rest were not imported' });
      return;
    }
    const med = { name, ...(code ? { rxnorm: code } : {}), ...(atc ? { atc } : {}) };
    if (!MedicationSchema.safeParse(med).success) {
      ignored.push({ resource: ref, reason: 'the medication name or code is not usable' });
      return;
    }
    medications.push(med);
    const status = str(resource.status);
    mapped.push({ resource: ref, as: `medications: ${name}${code ? ` (RxNorm ${code})` : ''}${atc ? ` (ATC ${atc})` : ''}${status && status !== 'active' ? ` — status ${status}` : ''}` });
  };

  entries.forEach(({ resource, i }) => {
    const type = str(resource.resourceType) ?? '';
    const ref = label(resource, i);
    switch (type) {
      case 'Patient': {
        if (patientSeen) {
          ignored.push({ resource: ref, reason: 'a second Patient: only the first one is imported' });
          return;
        }
        patientSeen = true;
        const parts: string[] = [];
        const birthDate = str(resource.birthDate);
        // Never age a deceased patient to today: the age at death when the record dates it, else no age.
        const deceased = deceasedOf(resource);
        const onDay = deceased ? deceased.day : today;
        const age = birthDate && onDay && onDay <= today ? ageOn(birthDate, onDay) : undefined;
        if (deceased) {
          parts.push('deceased');
          notes.push(
            deceased.day
              ? `The record says the patient died (Patient.deceasedDateTime ${deceased.given}): the age is the age at death on ${deceased.day}, not today's. A report is for a living patient — check that this is the right record.`
              : `The record says the patient has died (${deceased.given === 'deceasedBoolean true' ? 'Patient.deceasedBoolean true' : `Patient.deceasedDateTime ${deceased.given}`}) without a usable date of death: no age was computed. Check that this is the right record.`,
          );
        }
        if (age !== undefined && age >= 0 && age <= 120) {
          context.age = age;
          parts.push(deceased ? `age ${age} at death (born ${birthDate}, died ${deceased.day})` : `age ${age} (born ${birthDate}, on ${today})`);
        } else if (!deceased || deceased.day) notes.push(birthDate ? `The birth date ${birthDate} gives no plausible age on ${onDay}: enter the age.` : 'No birth date: enter the age.');
        const gender = str(resource.gender);
        if (gender === 'female' || gender === 'male') {
          context.sex = gender;
          parts.push(`sex ${gender}`);
        } else if (gender === 'other' || gender === 'unknown') {
          context.sex = 'other';
          parts.push(`sex other (FHIR gender "${gender}")`);
          notes.push(`FHIR gender "${gender}" was imported as "other": check with the patient, since sex changes some findings.`);
        } else notes.push('No gender in the Patient resource: choose the sex.');
        if (parts.length) mapped.push({ resource: ref, as: parts.join(', ') });
        else ignored.push({ resource: ref, reason: 'neither a usable birth date nor gender' });
        return;
      }
      case 'MedicationStatement':
      case 'MedicationRequest': {
        const status = str(resource.status);
        if (status && !MED_INCLUDED.has(status)) {
          ignored.push({ resource: ref, reason: `status ${status}: not a current medication` });
          return;
        }
        if (type === 'MedicationRequest' && str(resource.intent) === 'proposal') {
          ignored.push({ resource: ref, reason: 'a proposal, not an order' });
          return;
        }
        addMedicationLike(resource, ref, medicationConcept(resource, index), type === 'MedicationStatement' ? resource.dosage : resource.dosageInstruction);
        return;
      }
      case 'NutritionOrder': {
        const status = str(resource.status);
        if (status !== 'active' && status !== 'on-hold') {
          ignored.push({ resource: ref, reason: `status ${status ?? 'missing'}: not a current order` });
          return;
        }
        const items = arr(resource.supplement).map(obj).filter((s): s is Json => s !== undefined);
        if (items.length === 0) {
          ignored.push({ resource: ref, reason: 'no supplement in the order (diets and enteral formulas are not imported)' });
          return;
        }
        items.forEach((item, k) => {
          const name = str(item.productName) ?? conceptText(item.type);
          const kind = name ? supplementKindOf(name) : undefined;
          const q = obj(item.quantity);
          const value = num(q?.value);
          const unit = DOSE_UNITS[str(q?.code) ?? ''] ?? DOSE_UNITS[str(q?.unit) ?? ''];
          const candidate = kind && value !== undefined && unit ? { kind, amount: value, unit } : undefined;
          if (candidate && SupplementSchema.safeParse(candidate).success && supplements.length < 30) {
            supplements.push(candidate);
            mapped.push({ resource: `${ref} supplement ${k + 1}`, as: `supplements: ${candidate.kind} ${candidate.amount} ${candidate.unit}` });
          } else ignored.push({ resource: `${ref} supplement ${k + 1}`, reason: name ? `"${name}": not a known supplement with a usable amount` : 'no product name' });
        });
        return;
      }
      case 'Observation': {
        const status = str(resource.status);
        if (status && !OBS_USED.has(status)) {
          ignored.push({ resource: ref, reason: OBS_SKIPPED[status] ?? `status ${status}: not a result status of FHIR R4, no result to use` });
          return;
        }
        const loinc = codings(resource.code).filter((c) => c.system === SYSTEMS.loinc).map((c) => c.code ?? '');
        const q = obj(resource.valueQuantity);
        const value = num(q?.value);
        const when = str(resource.effectiveDateTime) ?? str(obj(resource.effectivePeriod)?.start) ?? str(resource.issued) ?? '';
        const comparator = str(q?.comparator);
        if (loinc.includes(LOINC_INR)) {
          mapped.push({ resource: ref, as: `noted: INR ${comparator && value !== undefined ? `${comparator} ` : ''}${value ?? '(no value)'}${when ? ` on ${when.slice(0, 10)}` : ''}${status === 'preliminary' ? ' (preliminary)' : ''} — context only, the report does not use it` });
          return;
        }
        if (!loinc.some((c) => (LOINC_VITAMIN_D as readonly string[]).includes(c))) {
          ignored.push({ resource: ref, reason: 'not a 25(OH)D or INR result (LOINC 62292-8, 1989-3, 14635-7, 6301-6)' });
          return;
        }
        const unit = VITAMIN_D_UNITS[str(q?.code) ?? ''] ?? VITAMIN_D_UNITS[str(q?.unit) ?? ''];
        if (value === undefined || !unit) {
          ignored.push({ resource: ref, reason: `25(OH)D without a value in ng/mL, ug/L or nmol/L${str(q?.unit) ? ` (unit "${str(q?.unit)}")` : ''}` });
          return;
        }
        if (comparator && !COMPARATORS.has(comparator)) {
          ignored.push({ resource: ref, reason: `25(OH)D with comparator "${comparator}": not a measured level` });
          return;
        }
        const reported = comparator ? `${comparator} ${value} ${unit}` : undefined;
        if (comparator && boundedVitaminD(comparator as '<' | '<=' | '>=' | '>', value, unit) === undefined) {
          ignored.push({ resource: ref, reason: `25(OH)D reported as ${reported}: that cannot tell whether it is below ${VITAMIN_D_DEFICIENT_NG} ng/mL (50 nmol/L), so no level was imported` });
          undecided.push({ ref, when, reported: reported! });
          return;
        }
        if (!VitaminDLevelSchema.safeParse({ value, unit }).success) {
          ignored.push({ resource: ref, reason: `25(OH)D ${reported ?? `${value} ${unit}`} is not plausible` });
          return;
        }
        // The most recent result wins; the older ones are listed as ignored.
        if (!vitaminD || when > vitaminD.when) {
          if (vitaminD) ignored.push({ resource: vitaminD.ref, reason: 'an older 25(OH)D result' });
          vitaminD = { value, unit, when, ref, ...(reported ? { reported } : {}), preliminary: status === 'preliminary' };
        } else ignored.push({ resource: ref, reason: 'an older 25(OH)D result' });
        return;
      }
      case 'Condition': {
        const clinical = codings(resource.clinicalStatus).map((c) => c.code);
        const verification = codings(resource.verificationStatus).map((c) => c.code);
        if (verification.some((c) => c === 'refuted' || c === 'entered-in-error')) {
          ignored.push({ resource: ref, reason: `verification status ${verification.join(', ')}` });
          return;
        }
        if (clinical.length && !clinical.some((c) => c === 'active' || c === 'recurrence' || c === 'relapse')) {
          ignored.push({ resource: ref, reason: `clinical status ${clinical.join(', ')}: not active` });
          return;
        }
        const found = codings(resource.code)
          .map((c) => mapConditionCode(c.system, c.code))
          .filter((m): m is ConditionMapping => m !== undefined);
        if (found.length === 0) {
          ignored.push({ resource: ref, reason: `no SNOMED CT or ICD-10 code the report uses${conceptText(resource.code) ? ` ("${conceptText(resource.code)}")` : ''}` });
          return;
        }
        const names = new Set(found.flatMap((m) => m.conditions));
        const stage = Math.max(0, ...found.map((m) => m.ckdStage ?? 0)) || undefined;
        names.forEach((n) => conditions.add(n));
        if (stage) ckdStage = Math.max(ckdStage ?? 0, stage);
        mapped.push({ resource: ref, as: `conditions: ${[...names].join(', ')}${stage ? ` (stage ${stage})` : ''}` });
        return;
      }
      default:
        ignored.push({ resource: ref, reason: `${type} is not used by the report` });
    }
  });

  if (!patientSeen) notes.push('No Patient resource: enter the age and sex.');
  if (vitaminD) {
    const v = vitaminD;
    context.vitaminD = { level: { value: v.value, unit: v.unit } };
    mapped.push({ resource: v.ref, as: `vitaminD.level: ${v.value} ${v.unit}${v.reported ? ` (reported as ${v.reported})` : ''}${v.when ? ` (${v.when.slice(0, 10)})` : ''}${v.preliminary ? ' — preliminary' : ''}` });
    if (v.reported) {
      const below = v.reported.startsWith('<');
      notes.push(
        `${v.ref}: 25(OH)D reported as ${v.reported} (valueQuantity.comparator), not as an exact level. Imported as ${v.value} ${v.unit}, the ${below ? 'upper' : 'lower'} bound: the true level is ${below ? 'lower' : 'higher'}, and ${below ? 'below' : 'at or above'} ${VITAMIN_D_DEFICIENT_NG} ng/mL (50 nmol/L) either way, so the deficiency finding is right — but do not read ${v.value} ${v.unit} as the measured value.`,
      );
    }
    if (v.preliminary) notes.push(`${v.ref}: the 25(OH)D result is preliminary: check the final result.`);
  }
  for (const u of undecided) {
    if (!vitaminD || u.when > vitaminD.when) notes.push(`${u.ref}: a ${vitaminD ? 'newer ' : ''}25(OH)D result was reported only as ${u.reported}, which cannot say whether the level is below ${VITAMIN_D_DEFICIENT_NG} ng/mL: enter the measured level if the laboratory has it.`);
  }
  context.medications = medications;
  context.supplements = supplements;
  context.conditions = [...conditions];
  if (ckdStage !== undefined) context.ckdStage = ckdStage;
  return { context, mapped, ignored, notes };
}
