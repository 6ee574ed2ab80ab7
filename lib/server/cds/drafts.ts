import 'server-only';
import { randomUUID } from 'node:crypto';
import { sanitizeDraft } from '@/lib/domain/fhir/draft';
import { UuidSchema } from '@/lib/domain/schemas/accounts';
import type { ContextDraft } from '@/lib/domain/fhir/import-bundle';
import { writeAudit, type AuditActor } from '../audit';
import { db } from '../db';
import type { Prisma } from '../generated/prisma/client';

/**
 * The patient context behind a CDS card's link. A link with the context in it (`?prefill=<base64 JSON>`, as it once
 * was) puts health data into browser history, the EHR's link logs, proxies and Referer headers; so the context stays
 * in `CdsDraft` and the link carries only a random UUID (`/reports/new?draft=<id>`).
 *
 * Who may read a draft: any signed-in user with `report:create` who has the link (the page checks that first). The id
 * is the capability, like the card the EHR showed: 122 random bits, never listed anywhere. A draft is not single-use
 * (the clinician may reload the form), and it lives DRAFT_LIFETIME_MINUTES: long enough to finish a consultation,
 * short enough that a link found later in a history or a log opens an empty form.
 *
 * Always on the primary (`db`, never the read replica): the page reads a draft moments after the CDS call wrote it.
 */

export const DRAFT_LIFETIME_MINUTES = 60;

/**
 * Keep a draft for DRAFT_LIFETIME_MINUTES; returns its id. `id` is for a caller that must write the link before it
 * knows whether a draft is needed (routes.ts: the cards are built with the link, and only cards that are returned need
 * the row); it must come from crypto.randomUUID() as the default does.
 *
 * Expired drafts are deleted here, on every save: the index on `expiresAt` makes it one index range scan over the
 * expired rows only (as `CdsJti` is pruned on each call), and doing it every time rather than on a fraction of saves
 * keeps expired health data from lingering while calls come in. When none come, `npm run db:audit-retention` (daily)
 * deletes them too.
 */
export async function saveDraft(draft: ContextDraft, iss: string, id: string = randomUUID()): Promise<string> {
  if (!UuidSchema.safeParse(id).success) throw new Error('A draft id is a UUID from crypto.randomUUID().');
  const now = new Date();
  await db.cdsDraft.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.cdsDraft.create({
    data: { id, data: (sanitizeDraft(draft) ?? {}) as Prisma.InputJsonValue, iss, createdAt: now, expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MINUTES * 60_000) },
    select: { id: true },
  });
  return id;
}

/**
 * The draft with this id, sanitized again (lib/domain/fhir/draft.ts); null when the id is not a UUID (no query then),
 * unknown, expired, or its stored data is not a draft at all. The caller authorizes (requirePageUser('report:create'))
 * and passes `opened` to have the opening audited.
 */
export async function loadDraft(id: string | undefined, opened?: { actor: AuditActor; ip: string | null }): Promise<ContextDraft | null> {
  const parsed = UuidSchema.safeParse(id);
  if (!parsed.success) return null;
  const key = parsed.data.toLowerCase();
  const row = await db.cdsDraft.findUnique({ where: { id: key }, select: { data: true, expiresAt: true } });
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  const draft = sanitizeDraft(row.data);
  // Who opened a patient's context, as viewing a report is audited (report.view): the id only, never the context.
  if (draft && opened) await writeAudit(db, { actor: opened.actor, action: 'cds-draft.open', entity: 'CdsDraft', entityId: key, ip: opened.ip });
  return draft;
}
