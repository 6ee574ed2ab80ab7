/**
 * A CDS Hooks 2.0 request (https://cds-hooks.hl7.org/2.0/#http-request) → the FHIR bundle to import and the draft
 * orders that contain vitamin K. Pure. The shape is checked loosely: unknown fields pass.
 */
import { z } from 'zod';
import { VITAMIN_K_ORDER } from '../fhir/codes';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../text';

export const HookRequestSchema = z.looseObject({
  hook: z.string().min(1),
  hookInstance: z.string().min(1),
  fhirServer: z.string().optional(),
  fhirAuthorization: z.unknown().optional(),
  context: z.looseObject({ patientId: z.string().min(1), userId: z.string().optional(), encounterId: z.string().optional() }),
  prefetch: z.record(z.string(), z.unknown()).optional(),
});
export type HookRequest = z.infer<typeof HookRequestSchema>;

/** Feedback (https://cds-hooks.hl7.org/2.0/#feedback): one or more card outcomes. Its strings are stored, so each must be storable text. */
const stored = () => z.string().refine(isStorableText, `The text ${UNSTORABLE_TEXT_MESSAGE}.`);
const CodingSchema = z.looseObject({ system: stored().min(1), code: stored().min(1), display: stored().optional() });
export const FeedbackItemSchema = z.looseObject({
  card: stored().min(1).max(200),
  outcome: z.enum(['accepted', 'overridden']),
  acceptedSuggestions: z.array(z.looseObject({ id: stored() })).max(50).optional(),
  overrideReason: z.looseObject({ reason: CodingSchema.optional(), userComment: stored().max(2000).optional() }).optional(),
  outcomeTimestamp: z.iso.datetime({ offset: true }),
});
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

export type VitaminKOrder = { ref: string; text: string };

/** Text of a draft order's product: medication concept text and codings, or a nutrition order's supplement names. */
function orderText(resource: Json): string {
  const parts: string[] = [];
  const concept = (c: unknown): void => {
    const o = obj(c);
    if (!o) return;
    if (typeof o.text === 'string') parts.push(o.text);
    for (const coding of Array.isArray(o.coding) ? o.coding : []) {
      const d = obj(coding)?.display;
      if (typeof d === 'string') parts.push(d);
    }
  };
  concept(resource.medicationCodeableConcept);
  for (const c of Array.isArray(resource.contained) ? resource.contained : []) concept(obj(c)?.code);
  for (const s of Array.isArray(resource.supplement) ? resource.supplement : []) {
    const item = obj(s);
    if (typeof item?.productName === 'string') parts.push(item.productName);
    concept(item?.type);
  }
  return parts.join(' | ');
}

/**
 * The draft MedicationRequests and NutritionOrders that contain vitamin K (order-select context.draftOrders). Only
 * the selected ones count when `selections` names any of them.
 */
export function vitaminKOrders(context: Json): VitaminKOrder[] {
  const drafts = obj(context.draftOrders);
  const resources = (Array.isArray(drafts?.entry) ? drafts.entry : []).map((e) => obj(obj(e)?.resource)).filter((r): r is Json => r !== undefined);
  const orders = resources.filter((r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'NutritionOrder').map((r) => ({ ref: `${String(r.resourceType)}/${typeof r.id === 'string' ? r.id : ''}`, text: orderText(r) }));
  const selections = (Array.isArray(context.selections) ? context.selections : []).filter((s): s is string => typeof s === 'string');
  const selected = orders.filter((o) => selections.includes(o.ref));
  return (selected.length ? selected : orders).filter((o) => VITAMIN_K_ORDER.test(o.text));
}
