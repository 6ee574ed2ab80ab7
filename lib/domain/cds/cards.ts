/**
 * Report → CDS Hooks 2.0 cards (https://cds-hooks.hl7.org/2.0/#cds-service-response), and the spec's card,
 * suggestion, action, link, source and Coding tables as zod schemas that the service checks its own answers against
 * and the tests use (tests/unit/cds-conformance.test.ts checks them against the spec's own examples). Pure: ids come
 * from the caller.
 */
import { z } from 'zod';
import type { Reference, ReportBody, SafetyFinding } from '../report/types';
import { UNSURE_CODES } from '../report/fail-safe';
import type { PrefetchTopic, UnidentifiedOrder, UnreadablePrefetch, VitaminKOrder } from './request';
import { isOrderHook, type CdsServiceId } from './services';
import { ABOUT_LINK_LABEL, sourceAttributesUrl } from './source-attributes';
import { VITAMIN_K_PRODUCT_CODES } from './vitamin-k-products';

const absoluteUrl = z.url({ protocol: /^https?$/, error: 'An absolute http(s) URL.' });
/** CDS Hooks 2.0 § Use of JSON: an element is never null or empty (`""`, `[]`, `{}`); an optional one without a value is omitted. */
const text = z.string().min(1, 'Not empty (CDS Hooks 2.0 § Use of JSON).');
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'Not empty: omit the field instead (CDS Hooks 2.0 § Use of JSON).');

/** § Data Types, Coding: code and system REQUIRED; display CONDITIONAL (REQUIRED in override reasons). */
export const CodingSchema = z.object({ code: text, system: text, display: text.optional() });
/** § Card Attributes, overrideReasons: "the CDS Service MUST populate a display value for each reason's Coding". */
export const OverrideReasonCodingSchema = CodingSchema.extend({ display: text });
/** § Source: label REQUIRED; url and icon absolute URLs; topic a Coding. */
export const SourceSchema = z.object({ label: text, url: absoluteUrl.optional(), icon: absoluteUrl.optional(), topic: CodingSchema.optional() });
/** A FHIR relative reference, as `resourceId` holds it: `MedicationRequest/123` (FHIR id: 1–64 of A–Z a–z 0–9 - .). */
export const RELATIVE_REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;
/**
 * § Action: type (create | update | delete) and description REQUIRED; `resource` (a FHIR resource) for create and
 * update; `resourceId` — a string, one relative reference — for delete (using `resource` for a delete is deprecated).
 */
export const ActionSchema = z
  .object({
    type: z.enum(['create', 'update', 'delete']),
    description: text,
    resource: z.looseObject({ resourceType: text }).optional(),
    resourceId: z.string().regex(RELATIVE_REFERENCE, 'resourceId is one relative reference, e.g. "MedicationRequest/123".').optional(),
  })
  .refine((a) => a.type === 'delete' || a.resource !== undefined, { path: ['resource'], message: 'create and update actions carry the resource.' })
  .refine((a) => a.type !== 'delete' || a.resourceId !== undefined || a.resource !== undefined, { path: ['resourceId'], message: 'a delete action names its resourceId.' });
/** § Suggestion: label REQUIRED; uuid, isRecommended, actions optional. */
export const SuggestionSchema = z.object({ label: text, uuid: text.optional(), isRecommended: z.boolean().optional(), actions: list(ActionSchema).optional() });
/** § Link: label, url and type (absolute | smart) REQUIRED; appContext only for smart links. */
export const LinkSchema = z
  .object({ label: text, url: absoluteUrl, type: z.enum(['absolute', 'smart']), appContext: text.optional() })
  .refine((l) => l.appContext === undefined || l.type === 'smart', { path: ['appContext'], message: 'appContext is only valid on smart links.' });

/** CDS Hooks 2.0 § Card Attributes, field by field; summary under 140 characters; selectionBehavior with suggestions. */
export const CardSchema = z
  .object({
    uuid: text.optional(),
    summary: text.max(139, 'summary must be under 140 characters'),
    detail: text.optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: SourceSchema,
    suggestions: list(SuggestionSchema).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: list(OverrideReasonCodingSchema).optional(),
    links: list(LinkSchema).optional(),
  })
  .refine((c) => !c.suggestions?.length || c.selectionBehavior !== undefined, { path: ['selectionBehavior'], message: 'selectionBehavior is required with suggestions' })
  .refine((c) => c.selectionBehavior !== 'at-most-one' || (c.suggestions ?? []).filter((s) => s.isRecommended).length <= 1, { path: ['suggestions'], message: 'at most one suggestion is recommended when at most one can be chosen' });
export type Card = z.infer<typeof CardSchema>;
export type CdsAction = z.infer<typeof ActionSchema>;
/** § HTTP Response: cards REQUIRED (may be empty: no guidance); systemActions optional, Actions as in a suggestion. */
export const CdsResponseSchema = z.object({ cards: z.array(CardSchema), systemActions: list(ActionSchema).optional() });
export type CdsResponse = z.infer<typeof CdsResponseSchema>;

export const OVERRIDE_REASON_SYSTEM = 'urn:k2-evidence-desk:cds-override-reason';
/** Reasons a clinician may give for keeping a vitamin K order despite a vitamin K antagonist. */
export const VKA_OVERRIDE_REASONS = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'inr-monitoring-planned', display: 'Steady dose agreed with INR monitoring' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'vka-not-taken', display: 'Patient no longer takes the vitamin K antagonist' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'patient-informed-decision', display: 'Patient informed and decided' },
];

/** Under 140 characters, cut at a word with an ellipsis. */
export function clipSummary(text: string, max = 139): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).trimEnd()}…`;
}

function referenceUrl(ref: Reference | undefined): string | undefined {
  if (!ref) return undefined;
  if (ref.url && /^https?:\/\//.test(ref.url)) return ref.url;
  if (ref.doi) return `https://doi.org/${ref.doi}`;
  if (ref.pmid) return `https://pubmed.ncbi.nlm.nih.gov/${ref.pmid}/`;
  return undefined;
}

export type CardOptions = {
  service: CdsServiceId;
  report: ReportBody;
  /** Draft orders with vitamin K (order-select, order-sign); empty for patient-view. */
  vitaminKOrders: VitaminKOrder[];
  /** Draft orders whose product could not be identified (request.ts unidentifiedOrders); order hooks only. */
  unidentifiedOrders?: UnidentifiedOrder[];
  /** Prefetch the service asked for but could not read (request.ts unreadablePrefetch): never read as "none". */
  unreadable?: UnreadablePrefetch[];
  /** Absolute URL of the app's report for this context (a link on every card). */
  reportUrl: string;
  /** Absolute URL of the app, for the source when a finding cites nothing with a URL, and the link to the service's source-attributes page. */
  appUrl: string;
  /**
   * The app's SMART launch URL (`<app>/smart/launch`), when SMART App Launch is configured: every card then also offers a
   * `smart` link (CDS Hooks 2.0 § Link: the EHR launches it with its own `iss` and `launch`), which opens the app inside
   * the EHR with the patient's record pre-filled.
   */
  smartLaunchUrl?: string;
  newId: () => string;
};

const TOPIC_WORDS: Record<Exclude<PrefetchTopic, 'medications'>, string> = {
  patient: 'age and sex (a neutral adult was assumed for the rules that need them)',
  conditions: 'conditions (kidney disease and dialysis, bleeding and liver disorders, and the others the report weighs)',
  vitaminD: 'the latest vitamin D level',
};
const REASON_WORDS: Record<UnreadablePrefetch['reason'], string> = {
  missing: 'not sent with the call, and not fetched from the FHIR server',
  failed: 'the EHR reported that it could not be retrieved (an OperationOutcome), or it was not FHIR data',
};
const SEVERITY_ORDER: Record<Card['indicator'], number> = { critical: 0, warning: 1, info: 2 };

/**
 * The cards for a hook call. The order hooks (order-select, order-sign) answer only when a draft order contains
 * vitamin K (otherwise: no cards); there, a vitamin K antagonist gives the one critical card, with a suggestion to
 * remove the vitamin K orders (one delete action per order) and override reasons. On patient-view nothing is being
 * ordered, so the same finding is a warning. Each other safety finding becomes a card of its own severity.
 *
 * Missing or failed data never reads as "nothing found" (the fail-safe rule, lib/domain/report/fail-safe.ts, applied
 * to the record itself): an unreadable medication list is a warning card saying the medications could not be
 * checked — a vitamin K antagonist is not ruled out —, other unreadable data a warning card naming it, and the last
 * info card then says that part of the record could not be read, not the report's headline (which was built without
 * it and may suggest a dose). Cards are in order of severity; the info card is last.
 */
export function buildCards(o: CardOptions): Card[] {
  const orderHook = isOrderHook(o.service);
  const unidentified = orderHook ? unidentifiedCard(o) : undefined;
  if (orderHook && o.vitaminKOrders.length === 0) return unidentified ? [unidentified] : [];
  const refs = new Map(o.report.references.map((r) => [r.id, r]));
  const links = cardLinks(o);
  const appSource = appSourceOf(o);
  const sourceOf = (f: { citations: string[] }): Card['source'] => {
    const first = f.citations.map((c) => refs.get(c)).find((r) => referenceUrl(r));
    return { label: first ? `K2 Evidence Desk — ${first.label}`.slice(0, 200) : 'K2 Evidence Desk', url: referenceUrl(first) ?? o.appUrl };
  };
  const detailOf = (f: SafetyFinding): string => {
    const lines = [f.detail];
    if (f.triggeredBy.length) lines.push('', `**Why this card:** ${f.triggeredBy.join('; ')}`);
    const cited = f.citations.map((c) => refs.get(c)).filter((r): r is Reference => r !== undefined);
    if (cited.length) lines.push('', '**Evidence:**', ...cited.map((r) => (referenceUrl(r) ? `- [${r.label}](${referenceUrl(r)})` : `- ${r.label}`)));
    return lines.join('\n');
  };
  const orderWords = (k: VitaminKOrder): string => {
    const byCode = (k.codes ?? []).map((c) => `RxNorm ${c}: ${VITAMIN_K_PRODUCT_CODES.find((p) => p.rxcui === c)?.name ?? 'vitamin K product'}`);
    const label = k.text || (byCode.length ? byCode.join('; ') : k.ref);
    return k.text && byCode.length ? `${label} (${byCode.join('; ')})` : label;
  };
  const ordered = o.vitaminKOrders.map(orderWords).join('; ');

  const cards: Card[] = [];
  for (const f of o.report.safety) {
    if (f.code === 'vka-interaction' && orderHook) {
      // One delete action per order (§ Action: resourceId is one relative reference); the actions of a suggestion are
      // applied together, so the one suggestion removes every vitamin K order.
      const ids = o.vitaminKOrders.map((k) => k.ref).filter((r) => RELATIVE_REFERENCE.test(r));
      cards.push({
        uuid: o.newId(),
        summary: clipSummary(`Vitamin K ordered — ${f.title}`),
        detail: [`**Ordered:** ${ordered}`, '', detailOf(f)].join('\n'),
        indicator: 'critical',
        source: sourceOf(f),
        ...(ids.length
          ? {
              suggestions: [{ label: ids.length === 1 ? 'Remove the vitamin K order' : `Remove the ${ids.length} vitamin K orders`, uuid: o.newId(), isRecommended: true, actions: ids.map((id) => ({ type: 'delete' as const, description: `Remove the draft order ${id}, which contains vitamin K`, resourceId: id })) }],
              selectionBehavior: 'at-most-one' as const,
            }
          : {}),
        overrideReasons: VKA_OVERRIDE_REASONS,
        links,
      });
      continue;
    }
    cards.push({
      uuid: o.newId(),
      summary: clipSummary(f.title),
      detail: detailOf(f),
      // On the order hooks a critical finding stays critical (a possible VKA behind an unconfirmed name, with vitamin K
      // being ordered); on patient-view nothing is being ordered, so it is a warning.
      indicator: f.severity === 'critical' && !orderHook ? 'warning' : f.severity,
      source: sourceOf(f),
      links,
    });
  }

  if (unidentified) cards.push(unidentified);
  const unreadable = o.unreadable ?? [];
  const medications = unreadable.filter((u) => u.topic === 'medications');
  if (medications.length) {
    cards.push({
      uuid: o.newId(),
      summary: clipSummary(orderHook ? 'Vitamin K ordered, but the medication list could not be read: warfarin or another VKA is not ruled out' : 'The medication list could not be read: medications not checked for vitamin K antagonists such as warfarin'),
      detail: [
        ...(orderHook ? [`**Ordered:** ${ordered}`, ''] : []),
        'The medications could not be checked: a vitamin K antagonist (warfarin, acenocoumarol, phenprocoumon, fluindione) or another interacting medicine may be on the list, and vitamin K changes how these work.',
        '',
        'Confirm the current medications before any vitamin K advice or order. No vitamin K2 dose is suggested until then.',
        '',
        `**Why this card:** ${medications.map((u) => `prefetch "${u.key}": ${REASON_WORDS[u.reason]}`).join('; ')}`,
      ].join('\n'),
      indicator: 'warning',
      source: appSource,
      links,
    });
  }
  const others = unreadable.filter((u): u is UnreadablePrefetch & { topic: Exclude<PrefetchTopic, 'medications'> } => u.topic !== 'medications');
  if (others.length) {
    const topics = [...new Set(others.map((u) => u.topic))];
    cards.push({
      uuid: o.newId(),
      summary: clipSummary(`Part of the record could not be read: ${topics.map((t) => ({ patient: 'age and sex', conditions: 'conditions', vitaminD: 'vitamin D level' })[t]).join(', ')} not checked`),
      detail: [
        `Not checked: ${topics.map((t) => TOPIC_WORDS[t]).join('; ')}. Findings that depend on them may be missing from these cards.`,
        '',
        `**Why this card:** ${others.map((u) => `prefetch "${u.key}": ${REASON_WORDS[u.reason]}`).join('; ')}`,
      ].join('\n'),
      indicator: 'warning',
      source: appSource,
      links,
    });
  }

  cards.push(
    unreadable.length
      ? {
          uuid: o.newId(),
          summary: 'Part of the record could not be read: confirm it before any vitamin K2 advice',
          detail: 'The evidence report could use only the part of the record that was readable (see the cards above). Open the full report, complete what is missing and review it there; no vitamin K2 dose is suggested until then.',
          indicator: 'info',
          source: appSource,
          links,
        }
      : {
          uuid: o.newId(),
          summary: clipSummary(o.report.summary.headline || 'Vitamin K2 evidence for this patient'),
          detail: o.report.summary.bottomLine,
          indicator: 'info',
          source: appSource,
          links,
        },
  );
  // Stable: the report's order within a severity.
  return cards.map((card, i) => ({ card, i })).sort((x, y) => SEVERITY_ORDER[x.card.indicator] - SEVERITY_ORDER[y.card.indicator] || x.i - y.i).map((x) => x.card);
}

/** The links of every card: the full report, the SMART launch when configured, and the service's source attributes. */
function cardLinks(o: CardOptions): NonNullable<Card['links']> {
  const link = { label: 'Open the full vitamin K2 evidence report', url: o.reportUrl, type: 'absolute' as const };
  // Every card also links to the service's source attributes (ONC HTI-1, 45 CFR 170.315(b)(11)(iv)): a public page.
  const about = { label: ABOUT_LINK_LABEL, url: sourceAttributesUrl(o.appUrl, o.service), type: 'absolute' as const };
  const smart = o.smartLaunchUrl ? [{ label: 'Open K2 Evidence Desk for this patient (SMART launch)', url: o.smartLaunchUrl, type: 'smart' as const }] : [];
  return [link, ...smart, about];
}

const appSourceOf = (o: CardOptions): Card['source'] => ({ label: 'K2 Evidence Desk', url: o.appUrl });

/**
 * A draft order that names no product and carries no code of the vitamin K value set cannot be checked for vitamin K
 * (request.ts unidentifiedOrders). For a patient who takes a vitamin K antagonist — or may: an unconfirmed or
 * unrecognised medicine, or a medication list that could not be read — that is never "no vitamin K ordered": a warning
 * card names the order and asks for it to be checked before signing (the fail-safe rule). For other patients vitamin
 * K in an order is no safety issue for these cards, so nothing is said.
 */
function unidentifiedCard(o: CardOptions): Card | undefined {
  const orders = o.unidentifiedOrders ?? [];
  if (orders.length === 0) return undefined;
  const vka = o.report.safety.filter((f) => f.code === 'vka-interaction');
  const unsure = o.report.safety.filter((f) => UNSURE_CODES.includes(f.code));
  const medicationsUnreadable = (o.unreadable ?? []).some((u) => u.topic === 'medications');
  if (vka.length === 0 && unsure.length === 0 && !medicationsUnreadable) return undefined;
  const why = [
    ...vka.map((f) => f.title),
    ...unsure.map((f) => f.title),
    ...(medicationsUnreadable ? ['the medication list could not be read, so a vitamin K antagonist is not ruled out'] : []),
  ];
  const named = orders.map((u) => `${u.ref || 'an order without an id'} (${u.codings.length ? `${u.codings.join(', ')}; no name` : 'no name and no code'})`);
  return {
    uuid: o.newId(),
    summary: clipSummary(`${orders.length === 1 ? 'A draft order' : `${orders.length} draft orders`} could not be identified: check for vitamin K before signing (warfarin or another VKA is not ruled out)`),
    detail: [
      `**Not identified:** ${named.join('; ')}`,
      '',
      `The order names no product, and its code is not one this service knows, so it could not be checked for vitamin K (K1 or K2). Vitamin K lowers the INR on a vitamin K antagonist such as warfarin. Check what is being ordered before signing it.`,
      '',
      `**Why this card:** ${why.join('; ')}`,
    ].join('\n'),
    indicator: 'warning',
    source: appSourceOf(o),
    links: cardLinks(o),
  };
}
