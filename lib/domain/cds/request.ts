/**
 * A CDS Hooks 2.0 request (https://cds-hooks.hl7.org/2.0/#http-request) → the FHIR bundle to import, the prefetch that
 * could not be read, and the draft orders that contain vitamin K. Pure. The shape is checked loosely: unknown fields pass.
 */
import { z } from 'zod';
import { VITAMIN_K_ORDER } from '../fhir/codes';
import { RXNORM_SYSTEM, vitaminKProductOf } from './vitamin-k-products';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../text';

/**
 * CDS Hooks 2.0 § FHIR Resource Access, fhirAuthorization: access_token, token_type "Bearer", expires_in (integer),
 * scope and subject required; patient when the scopes are patient scopes. The token is never logged or stored.
 */
export const FhirAuthorizationSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'token_type is "Bearer".'),
  expires_in: z.number().int().nonnegative(),
  scope: z.string().min(1),
  subject: z.string().min(1),
  patient: z.string().min(1).optional(),
});

/** The request (§ Calling a CDS Service, HTTP Request): hook, hookInstance and context required; fhirServer required with fhirAuthorization. */
export const HookRequestSchema = z.looseObject({
  hook: z.string().min(1),
  hookInstance: z.string().min(1),
  fhirServer: z.string().optional(),
  fhirAuthorization: FhirAuthorizationSchema.optional(),
  context: z.looseObject({ patientId: z.string().min(1), userId: z.string().optional(), encounterId: z.string().optional() }),
  prefetch: z.record(z.string(), z.unknown()).optional(),
}).refine((r) => r.fhirAuthorization === undefined || (r.fhirServer !== undefined && r.fhirServer.length > 0), { path: ['fhirServer'], message: 'fhirServer is required with fhirAuthorization.' });
export type HookRequest = z.infer<typeof HookRequestSchema>;

/**
 * Feedback (CDS Hooks 2.0 § Feedback, https://cds-hooks.hl7.org/2.0/#feedback): one or more card outcomes, each as
 * the spec's Feedback table has it — `card` (the card's uuid) and `outcome` (accepted | overridden) required;
 * `acceptedSuggestions` ([{ id }], the suggestions' uuids) required for an accepted outcome; `overrideReason`
 * ({ reason: Coding, userComment }, not empty) optional; `outcomeTimestamp` required, an RFC 3339 § 5.6 date-time in
 * UTC. Its strings are stored, so each must be storable text.
 */
const stored = () => z.string().refine(isStorableText, `The text ${UNSTORABLE_TEXT_MESSAGE}.`);
/** CDS Hooks 2.0 § Data Types, Coding: code and system required, display optional (the CDS client sends it back). */
const CodingSchema = z.looseObject({ system: stored().min(1), code: stored().min(1), display: stored().optional() });
const utcDateTime = z.iso
  .datetime({ offset: true })
  .refine((t) => /(?:Z|[+-]00:?00)$/i.test(t), 'outcomeTimestamp is a date-time in UTC (RFC 3339, e.g. 2026-12-02T09:30:00Z).');
export const FeedbackItemSchema = z
  .looseObject({
    card: stored().min(1).max(200),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z.array(z.looseObject({ id: stored().min(1).max(200) })).min(1).max(50).optional(),
    overrideReason: z
      .looseObject({ reason: CodingSchema.optional(), userComment: stored().min(1).max(2000).optional() })
      .refine((r) => r.reason !== undefined || r.userComment !== undefined, 'An overrideReason holds a reason, a userComment or both.')
      .optional(),
    outcomeTimestamp: utcDateTime,
  })
  .refine((f) => f.outcome !== 'accepted' || (f.acceptedSuggestions?.length ?? 0) > 0, { path: ['acceptedSuggestions'], message: 'acceptedSuggestions is required for an accepted outcome.' });
export const FeedbackSchema = z.looseObject({ feedback: z.array(FeedbackItemSchema).min(1).max(50) });
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** The prefetch as one collection Bundle: a prefetched resource becomes an entry, a prefetched searchset gives its entries. */
export function prefetchBundle(prefetch: Record<string, unknown> | undefined): { resourceType: 'Bundle'; type: 'collection'; entry: Array<{ resource: Json }> } {
  const entry: Array<{ resource: Json }> = [];
  for (const value of Object.values(prefetch ?? {})) {
    const resource = obj(value);
    if (!resource || typeof resource.resourceType !== 'string') continue;
    if (resource.resourceType === 'Bundle') {
      for (const e of Array.isArray(resource.entry) ? resource.entry : []) {
        const r = obj(obj(e)?.resource);
        // OperationOutcome entries (search warnings) are not patient data.
        if (r && typeof r.resourceType === 'string' && r.resourceType !== 'OperationOutcome') entry.push({ resource: r });
      }
    } else entry.push({ resource });
  }
  return { resourceType: 'Bundle', type: 'collection', entry };
}

/** Whether the prefetch holds the patient (the one required prefetch). */
export function hasPatientPrefetch(prefetch: Record<string, unknown> | undefined): boolean {
  return obj(prefetch?.patient)?.resourceType === 'Patient';
}

/** What a prefetch key's data is about, for the "could not be checked" card. */
export type PrefetchTopic = 'patient' | 'medications' | 'conditions' | 'vitaminD';
/** A prefetch the service asked for (discovery) but could not read: `missing` (the key is absent) or `failed`. */
export type UnreadablePrefetch = { key: string; topic: PrefetchTopic; reason: 'missing' | 'failed' };

/** The topic of each of our prefetch keys (lib/domain/cds/services.ts). */
export const PREFETCH_TOPICS: Record<string, PrefetchTopic> = { patient: 'patient', medications: 'medications', statements: 'medications', conditions: 'conditions', vitaminD: 'vitaminD' };

/** An OperationOutcome that reports a failure: an issue of severity error or fatal (information and warning do not). */
function isFailureOutcome(resource: Json, inPlaceOfData: boolean): boolean {
  if (resource.resourceType !== 'OperationOutcome') return false;
  const issues = Array.isArray(resource.issue) ? resource.issue : [];
  // In place of the data, an OperationOutcome without issues says nothing but that the data is not there: a failure.
  if (inPlaceOfData && issues.length === 0) return true;
  return issues.some((i) => ['error', 'fatal'].includes(String(obj(i)?.severity)));
}

/**
 * The prefetch keys of `templates` that the call does not let the service read (CDS Hooks 2.0 § Prefetch Template):
 *   - `null` is "the CDS client has no data for this template" — read as no data, not as a problem;
 *   - an absent key is "not satisfied, or could not be retrieved" → `missing` (the service must fetch it or say so);
 *   - an OperationOutcome (the spec's way to report a failed prefetch), a searchset whose entries include an
 *     OperationOutcome with an error or fatal issue (a partial result), or a value that is not a FHIR resource at all
 *     → `failed`.
 * Never "no medications" for any of these: the cards say what could not be checked (cards.ts).
 */
export function unreadablePrefetch(prefetch: Record<string, unknown> | undefined, templates: Record<string, string>): UnreadablePrefetch[] {
  const out: UnreadablePrefetch[] = [];
  for (const key of Object.keys(templates)) {
    const topic = PREFETCH_TOPICS[key];
    if (!topic) continue;
    const value = prefetch?.[key];
    if (value === null) continue;
    if (value === undefined) {
      out.push({ key, topic, reason: 'missing' });
      continue;
    }
    const resource = obj(value);
    const failed =
      !resource ||
      typeof resource.resourceType !== 'string' ||
      isFailureOutcome(resource, true) ||
      (resource.resourceType === 'Bundle' && (Array.isArray(resource.entry) ? resource.entry : []).some((e) => {
        const r = obj(obj(e)?.resource);
        return r !== undefined && isFailureOutcome(r, false);
      }));
    if (failed) out.push({ key, topic, reason: 'failed' });
  }
  return out;
}

/** How a draft order was found to contain vitamin K: its text (names) or an RxNorm code of the value set. */
export type VitaminKOrder = { ref: string; text: string; matchedBy?: Array<'text' | 'code'>; codes?: string[] };

type Concept = { texts: string[]; codings: Array<{ system: unknown; code: unknown }> };

/** Texts and codings of a draft order's product: medication concept and contained Medication, or a nutrition order's supplements. */
function orderProduct(resource: Json): Concept {
  const out: Concept = { texts: [], codings: [] };
  const concept = (c: unknown): void => {
    const o = obj(c);
    if (!o) return;
    if (typeof o.text === 'string') out.texts.push(o.text);
    for (const coding of Array.isArray(o.coding) ? o.coding : []) {
      const co = obj(coding);
      if (!co) continue;
      if (typeof co.display === 'string') out.texts.push(co.display);
      out.codings.push({ system: co.system, code: co.code });
    }
  };
  concept(resource.medicationCodeableConcept);
  for (const c of Array.isArray(resource.contained) ? resource.contained : []) {
    const contained = obj(c);
    if (contained?.resourceType === 'Medication' || contained?.resourceType === undefined) {
      concept(contained?.code);
      for (const ing of Array.isArray(contained?.ingredient) ? contained.ingredient : []) concept(obj(ing)?.itemCodeableConcept);
    }
  }
  for (const s of Array.isArray(resource.supplement) ? resource.supplement : []) {
    const item = obj(s);
    if (typeof item?.productName === 'string') out.texts.push(item.productName);
    concept(item?.type);
  }
  return out;
}

/**
 * The draft MedicationRequests and NutritionOrders of `context.draftOrders` that contain vitamin K — by text
 * (VITAMIN_K_ORDER) or by RxNorm code (VITAMIN_K_PRODUCT_CODES, a value set with its sources). order-select: only the
 * selected ones when `selections` names any of them (the hook's "focus on the selected orders"); order-sign: every
 * draft order (the hook has no selections: all of them are about to be signed).
 */
function draftOrders(context: Json, hook: 'order-select' | 'order-sign'): Array<VitaminKOrder & { product: Concept }> {
  const drafts = obj(context.draftOrders);
  const resources = (Array.isArray(drafts?.entry) ? drafts.entry : []).map((e) => obj(obj(e)?.resource)).filter((r): r is Json => r !== undefined);
  const orders = resources
    .filter((r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'NutritionOrder')
    .map((r) => {
      const product = orderProduct(r);
      const text = product.texts.join(' | ');
      const codes = product.codings.map((c) => vitaminKProductOf(c.system, c.code)?.rxcui).filter((c): c is string => c !== undefined);
      const matchedBy: VitaminKOrder['matchedBy'] = [...(VITAMIN_K_ORDER.test(text) ? (['text'] as const) : []), ...(codes.length ? (['code'] as const) : [])];
      return { ref: `${String(r.resourceType)}/${typeof r.id === 'string' ? r.id : ''}`, text, matchedBy, codes: [...new Set(codes)], product };
    });
  const selections = hook === 'order-select' ? (Array.isArray(context.selections) ? context.selections : []).filter((s): s is string => typeof s === 'string') : [];
  const selected = orders.filter((o) => selections.includes(o.ref));
  return selected.length ? selected : orders;
}

/**
 * The draft MedicationRequests and NutritionOrders of `context.draftOrders` that contain vitamin K — by text
 * (VITAMIN_K_ORDER) or by RxNorm code (VITAMIN_K_PRODUCT_CODES, a value set with its sources). order-select: only the
 * selected ones when `selections` names any of them (the hook's "focus on the selected orders"); order-sign: every
 * draft order (the hook has no selections: all of them are about to be signed).
 */
export function vitaminKOrders(context: Json, hook: 'order-select' | 'order-sign' = 'order-select'): VitaminKOrder[] {
  return draftOrders(context, hook)
    .filter((o) => (o.matchedBy?.length ?? 0) > 0)
    .map((o) => ({ ref: o.ref, text: o.text, matchedBy: o.matchedBy, codes: o.codes }));
}

/** A draft order whose product could not be identified: no name anywhere, and no code of the vitamin K value set. */
export type UnidentifiedOrder = { ref: string; codings: string[] };

/**
 * The draft orders (the same ones vitaminKOrders looks at) whose product has no name at all — no `text`, no coding
 * `display`, no contained Medication or supplement name — and no code of the vitamin K value set: a code-only order
 * with a code the service does not know (VITAMIN_K_PRODUCT_CODES lists only codes with a public source), an order by
 * `medicationReference` to a Medication that was not sent, or an order with no product. Whether it contains vitamin
 * K cannot be told, so it is never read as "no vitamin K" (the fail-safe rule): the cards say so for a patient on, or
 * possibly on, a vitamin K antagonist.
 */
export function unidentifiedOrders(context: Json, hook: 'order-select' | 'order-sign' = 'order-select'): UnidentifiedOrder[] {
  return draftOrders(context, hook)
    .filter((o) => (o.matchedBy?.length ?? 0) === 0 && o.product.texts.every((t) => t.trim() === ''))
    .map((o) => ({
      ref: o.ref,
      codings: o.product.codings
        .filter((c) => typeof c.code === 'string' && c.code.trim() !== '')
        .map((c) => `${c.system === RXNORM_SYSTEM ? 'RxNorm' : typeof c.system === 'string' && c.system ? c.system : 'no system'} ${String(c.code)}`),
    }));
}
