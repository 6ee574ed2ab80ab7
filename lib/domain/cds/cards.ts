/**
 * Report → CDS Hooks 2.0 cards (https://cds-hooks.hl7.org/2.0/#cds-service-response), and the card rules as a zod
 * schema that the service checks its own answers against and the tests use. Pure: ids come from the caller.
 */
import { z } from 'zod';
import type { Reference, ReportBody, SafetyFinding } from '../report/types';
import type { VitaminKOrder } from './request';
import type { CdsServiceId } from './services';

const absoluteUrl = z.url({ protocol: /^https?$/, error: 'An absolute http(s) URL.' });
const CodingSchema = z.object({ system: z.string().min(1), code: z.string().min(1), display: z.string().optional() });

/** CDS Hooks 2.0 card rules: required fields, summary under 140 characters, indicator values, absolute links. */
export const CardSchema = z
  .object({
    uuid: z.uuid().optional(),
    summary: z.string().min(1).max(139, 'summary must be under 140 characters'),
    detail: z.string().optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: z.object({ label: z.string().min(1), url: absoluteUrl.optional(), icon: absoluteUrl.optional(), topic: CodingSchema.optional() }),
    suggestions: z
      .array(
        z.object({
          label: z.string().min(1),
          uuid: z.string().min(1).optional(),
          isRecommended: z.boolean().optional(),
          actions: z.array(z.object({ type: z.enum(['create', 'update', 'delete']), description: z.string().min(1), resource: z.record(z.string(), z.unknown()).optional(), resourceId: z.array(z.string().min(1)).optional() })).optional(),
        }),
      )
      .optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(CodingSchema).optional(),
    links: z.array(z.object({ label: z.string().min(1), url: absoluteUrl, type: z.enum(['absolute', 'smart']), appContext: z.string().optional() })).optional(),
  })
  .refine((c) => !c.suggestions?.length || c.selectionBehavior !== undefined, { path: ['selectionBehavior'], message: 'selectionBehavior is required with suggestions' });
export type Card = z.infer<typeof CardSchema>;
export const CdsResponseSchema = z.object({ cards: z.array(CardSchema), systemActions: z.array(z.unknown()).optional() });
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
  /** Draft orders with vitamin K (order-select); empty for patient-view. */
  vitaminKOrders: VitaminKOrder[];
  /** Absolute URL of the app's report for this context (a link on every card). */
  reportUrl: string;
  /** Absolute URL of the app, for the source when a finding cites nothing with a URL. */
  appUrl: string;
  newId: () => string;
};

/**
 * The cards for a hook call. order-select answers only when a draft order contains vitamin K (otherwise: no cards);
 * there, a vitamin K antagonist gives the one critical card, with a suggestion to remove the order and override
 * reasons. On patient-view nothing is being ordered, so the same finding is a warning. Each other safety finding
 * becomes a card of its own severity; a last info card points to the full report.
 */
export function buildCards(o: CardOptions): Card[] {
  if (o.service === 'k2-order-select' && o.vitaminKOrders.length === 0) return [];
  const refs = new Map(o.report.references.map((r) => [r.id, r]));
  const link = { label: 'Open the full vitamin K2 evidence report', url: o.reportUrl, type: 'absolute' as const };
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

  const cards: Card[] = [];
  for (const f of o.report.safety) {
    if (f.code === 'vka-interaction' && o.service === 'k2-order-select') {
      const orders = o.vitaminKOrders.map((k) => k.text || k.ref).join('; ');
      const ids = o.vitaminKOrders.map((k) => k.ref).filter((r) => !r.endsWith('/'));
      cards.push({
        uuid: o.newId(),
        summary: clipSummary(`Vitamin K ordered — ${f.title}`),
        detail: [`**Ordered:** ${orders}`, '', detailOf(f)].join('\n'),
        indicator: 'critical',
        source: sourceOf(f),
        ...(ids.length
          ? { suggestions: [{ label: 'Remove the vitamin K order', uuid: o.newId(), isRecommended: true, actions: [{ type: 'delete' as const, description: 'Remove the draft order containing vitamin K', resourceId: ids }] }], selectionBehavior: 'at-most-one' as const }
          : {}),
        overrideReasons: VKA_OVERRIDE_REASONS,
        links: [link],
      });
      continue;
    }
    cards.push({
      uuid: o.newId(),
      summary: clipSummary(f.title),
      detail: detailOf(f),
      // On order-select a critical finding stays critical (a possible VKA behind an unconfirmed name, with vitamin K
      // being ordered); on patient-view nothing is being ordered, so it is a warning.
      indicator: f.severity === 'critical' && o.service !== 'k2-order-select' ? 'warning' : f.severity,
      source: sourceOf(f),
      links: [link],
    });
  }
  cards.push({
    uuid: o.newId(),
    summary: clipSummary(o.report.summary.headline || 'Vitamin K2 evidence for this patient'),
    detail: o.report.summary.bottomLine,
    indicator: 'info',
    source: { label: 'K2 Evidence Desk', url: o.appUrl },
    links: [link],
  });
  return cards;
}
