import 'server-only';
import { unstorableTextPaths, UNSTORABLE_TEXT_MESSAGE } from '@/lib/domain/text';
import { diffEntries, type DiffRow } from '@/lib/domain/evidence/diff';
import { evidenceVersionOf } from '@/lib/domain/evidence/evidence-version';
import { indexFields } from '@/lib/domain/evidence/index-fields';
import {
  ENTRY_SCHEMAS,
  type ClaimData,
  type EntryKind,
  type EntryStatus,
  type EvidenceFile,
  type InteractionData,
  type MedicationEntryData,
  type SourceData,
  type TrialData,
  type VerificationStatus,
} from '@/lib/domain/evidence/schemas';
import { validateEvidenceFile, zodIssues, type ContentIssue } from '@/lib/domain/evidence/validate';
import { writeAudit, type AuditActor } from '../audit';
import { db } from '../db';
import { transaction } from '../transaction';
import type { DbClient } from '../db-client';
import { Prisma } from '../generated/prisma/client';

type Tx = Prisma.TransactionClient;
export type EntryData = TrialData | ClaimData | InteractionData | SourceData | MedicationEntryData;

/** What the API and pages get: the entry plus its curation state. */
export type EntryView = {
  kind: EntryKind;
  id: string;
  version: number;
  status: EntryStatus;
  entry: EntryData;
  updatedAt: string;
  updatedBy: string;
  publishedAt: string | null;
};

export class EvidenceError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly issues: ContentIssue[] = [],
    readonly current?: EntryView,
  ) {
    super(message);
  }
}

const toDbVerification = (v: VerificationStatus): 'verified' | 'from_source_document_only' | 'unverified' =>
  v === 'from-source-document-only' ? 'from_source_document_only' : v;

type Row = { kind: EntryKind; id: string; version: number; status: EntryStatus; data: Prisma.JsonValue; updatedAt: Date; updatedBy: string; publishedAt: Date | null };

function toView(row: Row): EntryView {
  return {
    kind: row.kind,
    id: row.id,
    version: row.version,
    status: row.status,
    entry: row.data as unknown as EntryData,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

const VIEW_SELECT = { kind: true, id: true, version: true, status: true, data: true, updatedAt: true, updatedBy: true, publishedAt: true } as const;

/**
 * Validate one entry with its kind's schema; citations of claims, interactions and medications must resolve, and a
 * medication's interaction entry must exist.
 */
export async function parseEntry(kind: EntryKind, input: unknown, client: Tx | DbClient = db): Promise<EntryData> {
  const parsed = ENTRY_SCHEMAS[kind].safeParse(input);
  if (!parsed.success) throw new EvidenceError(400, 'Some fields are not valid.', zodIssues(parsed.error));
  const entry = parsed.data as EntryData;
  const unstorable = unstorableTextPaths(entry);
  if (unstorable.length) throw new EvidenceError(400, 'Some fields are not valid.', unstorable.map((path) => ({ path, message: `This text ${UNSTORABLE_TEXT_MESSAGE}.` })));
  if (kind === 'claim' || kind === 'interaction' || kind === 'medication') {
    const refs = (entry as ClaimData | InteractionData | MedicationEntryData).citations;
    const issues: ContentIssue[] = [];
    for (const [i, ref] of refs.entries()) {
      const found = await client.evidenceEntry.findUnique({ where: { kind_id: { kind: ref.kind, id: ref.id } }, select: { id: true } });
      if (!found) issues.push({ path: `citations.${i}.id`, message: `No ${ref.kind} with id "${ref.id}".` });
    }
    const interactionId = kind === 'medication' ? (entry as MedicationEntryData).interactionId : undefined;
    if (interactionId !== undefined) {
      const found = await client.evidenceEntry.findUnique({ where: { kind_id: { kind: 'interaction', id: interactionId } }, select: { id: true } });
      if (!found) issues.push({ path: 'interactionId', message: `No interaction entry with id "${interactionId}".` });
    }
    if (issues.length) throw new EvidenceError(400, 'Some references do not resolve.', issues);
  }
  return entry;
}

function columns(kind: EntryKind, entry: EntryData) {
  const fields = indexFields(kind, entry);
  return { ...fields, verification: toDbVerification(fields.verification), data: entry as unknown as Prisma.InputJsonValue };
}

async function recordRevision(tx: Tx, row: Row, action: string, actor: AuditActor): Promise<void> {
  await tx.evidenceRevision.create({
    data: { kind: row.kind, entryId: row.id, version: row.version, status: row.status, data: row.data as Prisma.InputJsonValue, action, actorId: actor.id, actor: actor.email },
  });
}

/** Recompute the published set's identifier; call inside every transaction that can change that set. */
export async function refreshEvidenceVersion(tx: Tx): Promise<string> {
  const published = await tx.evidenceEntry.findMany({ where: { status: 'published' }, select: { kind: true, id: true, version: true } });
  const evidenceVersion = evidenceVersionOf(published);
  await tx.evidenceState.upsert({
    where: { id: 1 },
    create: { id: 1, evidenceVersion, publishedCount: published.length },
    update: { evidenceVersion, publishedCount: published.length },
  });
  return evidenceVersion;
}

export async function getEvidenceVersion(): Promise<string> {
  const state = await db.evidenceState.findUnique({ where: { id: 1 } });
  return state?.evidenceVersion ?? evidenceVersionOf([]);
}

export type ListFilters = {
  q?: string;
  status?: EntryStatus;
  goal?: string;
  verification?: VerificationStatus;
  /** any facet, e.g. "outcome:hard", "design:rct", "verdict:false", "safety:vka-interaction" */
  facet?: string;
  limit?: number;
  offset?: number;
};

/** List entries of a kind. `publishedOnly` is how clinicians see the database: only what reports may use. */
export async function listEntries(kind: EntryKind, filters: ListFilters, publishedOnly: boolean): Promise<{ total: number; items: EntryView[] }> {
  const where: Prisma.EvidenceEntryWhereInput = {
    kind,
    ...(publishedOnly ? { status: 'published' } : filters.status ? { status: filters.status } : {}),
    ...(filters.goal ? { goals: { has: filters.goal } } : {}),
    ...(filters.verification ? { verification: toDbVerification(filters.verification) } : {}),
    ...(filters.facet ? { facets: { has: filters.facet } } : {}),
    ...(filters.q ? { searchText: { contains: filters.q.toLowerCase() } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.evidenceEntry.count({ where }),
    db.evidenceEntry.findMany({ where, select: VIEW_SELECT, orderBy: [{ title: 'asc' }], take: Math.min(filters.limit ?? 100, 500), skip: filters.offset ?? 0 }),
  ]);
  return { total, items: rows.map(toView) };
}

export async function getEntry(kind: EntryKind, id: string, publishedOnly: boolean): Promise<EntryView | null> {
  const row = await db.evidenceEntry.findUnique({ where: { kind_id: { kind, id } }, select: VIEW_SELECT });
  if (!row || (publishedOnly && row.status !== 'published')) return null;
  return toView(row);
}

/** Create an entry (as a draft unless a status is given). The id must be new for its kind. */
export async function createEntry(kind: EntryKind, input: unknown, actor: AuditActor, ip: string | null, status: EntryStatus = 'draft'): Promise<EntryView> {
  return transaction(async (tx) => {
    const entry = await parseEntry(kind, input, tx);
    const exists = await tx.evidenceEntry.findUnique({ where: { kind_id: { kind, id: entry.id } }, select: { id: true } });
    if (exists) throw new EvidenceError(409, `A ${kind} with id "${entry.id}" already exists.`, [{ path: 'id', message: `A ${kind} with this id already exists.` }]);
    const row = await tx.evidenceEntry.create({
      data: { kind, id: entry.id, status, ...columns(kind, entry), updatedById: actor.id, updatedBy: actor.email, publishedAt: status === 'published' ? new Date() : null },
      select: VIEW_SELECT,
    });
    await recordRevision(tx, row, 'create', actor);
    await writeAudit(tx, { actor, action: `evidence.${kind}.create`, entity: kind, entityId: row.id, ip, details: { version: row.version, status } });
    if (status === 'published') await refreshEvidenceVersion(tx);
    return toView(row);
  });
}

async function currentOrThrow(tx: Tx, kind: EntryKind, id: string): Promise<Row> {
  const row = await tx.evidenceEntry.findUnique({ where: { kind_id: { kind, id } }, select: VIEW_SELECT });
  if (!row) throw new EvidenceError(404, `No ${kind} with id "${id}".`);
  return row;
}

/**
 * Apply a change only if the entry is still at the version the editor read (optimistic concurrency): otherwise 409
 * with the current entry, and nothing is written. The conditional UPDATE is what makes this safe under concurrency.
 */
async function guardedUpdate(tx: Tx, kind: EntryKind, id: string, expectedVersion: number, data: Prisma.EvidenceEntryUpdateManyMutationInput): Promise<Row> {
  const { count } = await tx.evidenceEntry.updateMany({ where: { kind, id, version: expectedVersion }, data: { ...data, version: { increment: 1 } } });
  if (count === 0) {
    const current = await tx.evidenceEntry.findUnique({ where: { kind_id: { kind, id } }, select: VIEW_SELECT });
    if (!current) throw new EvidenceError(404, `No ${kind} with id "${id}".`);
    throw new EvidenceError(409, `Someone else changed this ${kind} (now version ${current.version}; you edited version ${expectedVersion}). Nothing was saved.`, [], toView(current));
  }
  return currentOrThrow(tx, kind, id);
}

/** Edit an entry's content. Its status is kept: an edit to a published entry is published at once (and changes the evidence version). */
export async function updateEntry(kind: EntryKind, id: string, expectedVersion: number, input: unknown, actor: AuditActor, ip: string | null): Promise<EntryView> {
  return transaction(async (tx) => {
    const entry = await parseEntry(kind, input, tx);
    if (entry.id !== id) throw new EvidenceError(400, 'The id cannot be changed.', [{ path: 'id', message: `The id stays "${id}"; create a new entry for a new id.` }]);
    const before = await currentOrThrow(tx, kind, id);
    const row = await guardedUpdate(tx, kind, id, expectedVersion, { ...columns(kind, entry), updatedById: actor.id, updatedBy: actor.email, seedHash: null });
    await recordRevision(tx, row, 'update', actor);
    await writeAudit(tx, { actor, action: `evidence.${kind}.update`, entity: kind, entityId: id, ip, details: { fromVersion: before.version, toVersion: row.version, changes: diffEntries(before.data, row.data).length } });
    if (row.status === 'published') await refreshEvidenceVersion(tx);
    return toView(row);
  });
}

export const STATUS_ACTIONS = { publish: 'published', unpublish: 'draft', retract: 'retracted' } as const satisfies Record<string, EntryStatus>;
export type StatusAction = keyof typeof STATUS_ACTIONS;

/** Publish, unpublish (back to draft) or retract. With `expectedVersion`, a stale action is a 409 like an edit. */
export async function changeStatus(kind: EntryKind, id: string, action: StatusAction, expectedVersion: number | undefined, actor: AuditActor, ip: string | null): Promise<EntryView> {
  const status = STATUS_ACTIONS[action];
  return transaction(async (tx) => {
    const before = await currentOrThrow(tx, kind, id);
    if (before.status === status) return toView(before);
    const row = await guardedUpdate(tx, kind, id, expectedVersion ?? before.version, {
      status,
      updatedById: actor.id,
      updatedBy: actor.email,
      seedHash: null,
      ...(status === 'published' ? { publishedAt: new Date() } : {}),
    });
    await recordRevision(tx, row, action, actor);
    await writeAudit(tx, { actor, action: `evidence.${kind}.${action}`, entity: kind, entityId: id, ip, details: { from: before.status, to: status, version: row.version } });
    await refreshEvidenceVersion(tx);
    return toView(row);
  });
}

export type RevisionView = { version: number; status: EntryStatus; action: string; at: string; actor: string; entry: EntryData };

export async function listRevisions(kind: EntryKind, id: string): Promise<RevisionView[]> {
  const rows = await db.evidenceRevision.findMany({ where: { kind, entryId: id }, orderBy: { version: 'desc' } });
  return rows.map((r) => ({ version: r.version, status: r.status, action: r.action, at: r.at.toISOString(), actor: r.actor, entry: r.data as unknown as EntryData }));
}

/** The diff between two versions of an entry (status included, as a pseudo-field). */
export async function diffRevisions(kind: EntryKind, id: string, from: number, to: number): Promise<DiffRow[] | null> {
  const rows = await db.evidenceRevision.findMany({ where: { kind, entryId: id, version: { in: [from, to] } } });
  const a = rows.find((r) => r.version === from);
  const b = rows.find((r) => r.version === to);
  if (!a || !b) return null;
  return diffEntries({ status: a.status, ...(a.data as object) }, { status: b.status, ...(b.data as object) });
}

/** Everything, as one "k2-evidence/1" document (the format of content/ and of import). */
export async function exportEvidence(): Promise<EvidenceFile> {
  const rows = await db.evidenceEntry.findMany({ select: { kind: true, status: true, data: true }, orderBy: [{ kind: 'asc' }, { id: 'asc' }] });
  const pick = <K extends EntryKind>(kind: K) => rows.filter((r) => r.kind === kind).map((r) => ({ status: r.status, entry: r.data as never }));
  return {
    format: 'k2-evidence/1',
    trials: pick('trial'),
    claims: pick('claim'),
    interactions: pick('interaction'),
    sources: pick('source'),
    medications: pick('medication'),
  };
}

const FILE_KEYS = { trials: 'trial', claims: 'claim', interactions: 'interaction', sources: 'source', medications: 'medication' } as const;
/** The order an import writes the kinds in: what is cited before what cites it, medications (which name an interaction entry) last. */
const IMPORT_ORDER = ['sources', 'trials', 'claims', 'interactions', 'medications'] as const;

export type ImportResult = { ok: true; created: number; updated: number; unchanged: number } | { ok: false; issues: ContentIssue[] };

/**
 * Import a "k2-evidence/1" document: everything is validated first (schemas, duplicate ids, citations and the
 * medications' interaction entries resolving in the file or the database); with any issue nothing changes. Otherwise,
 * in one transaction, new entries are created and changed ones get a new version (with a revision), with the status
 * the file gives.
 */
export async function importEvidence(input: unknown, actor: AuditActor, ip: string | null, options: { seed?: boolean } = {}): Promise<ImportResult> {
  const known = await db.evidenceEntry.findMany({ where: { kind: { in: ['trial', 'source', 'interaction'] } }, select: { kind: true, id: true } });
  const idsOf = (kind: EntryKind): Set<string> => new Set(known.filter((k) => k.kind === kind).map((k) => k.id));
  const result = validateEvidenceFile(input, { trial: idsOf('trial'), source: idsOf('source'), interaction: idsOf('interaction') });
  if (!result.ok) return result;
  const counts = { created: 0, updated: 0, unchanged: 0 };
  await transaction(
    async (tx) => {
      // What exists already, in a query per kind (per 10,000 ids) rather than one per entry; new entries and their
      // first revisions are inserted together at the end (thousands of entries import in seconds, not minutes).
      const existing = new Map<string, ExistingRow>();
      for (const key of IMPORT_ORDER) {
        const ids = result.file[key].map((item) => (item.entry as EntryData).id);
        for (let at = 0; at < ids.length; at += 10 * INSERT_SLICE) {
          const rows = await tx.evidenceEntry.findMany({ where: { kind: FILE_KEYS[key], id: { in: ids.slice(at, at + 10 * INSERT_SLICE) } }, select: { ...VIEW_SELECT, seedHash: true } });
          for (const row of rows) existing.set(`${row.kind}:${row.id}`, row);
        }
      }
      const created: NewEntries = { entries: [], revisions: [] };
      for (const key of IMPORT_ORDER) {
        const kind = FILE_KEYS[key];
        for (const item of result.file[key]) {
          const entry = item.entry as EntryData;
          const outcome = await upsertFromFile(tx, kind, entry, item.status, actor, options.seed ?? false, existing.get(`${kind}:${entry.id}`), created);
          counts[outcome]++;
        }
      }
      // In slices, one after the other: a createMany too large for one statement's parameters would be split by the
      // client into statements sent concurrently on the transaction's one connection.
      for (let at = 0; at < created.entries.length; at += INSERT_SLICE) {
        await tx.evidenceEntry.createMany({ data: created.entries.slice(at, at + INSERT_SLICE) });
        await tx.evidenceRevision.createMany({ data: created.revisions.slice(at, at + INSERT_SLICE) });
      }
      if (counts.created + counts.updated > 0) {
        await writeAudit(tx, { actor, action: options.seed ? 'evidence.seed' : 'evidence.import', entity: 'evidence', ip, details: counts });
      }
      await refreshEvidenceVersion(tx);
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return { ok: true, ...counts };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(status: EntryStatus, entry: unknown): string {
  // Small, stable and dependency-free: FNV-1a over the canonical JSON, twice with different seeds.
  const text = stableJson({ status, entry });
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c, 2246822519) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

type ExistingRow = Row & { seedHash: string | null };
/** Rows per INSERT of an import: well under PostgreSQL's 65,535 parameters (and the client's own limit) per statement. */
const INSERT_SLICE = 1000;
type NewEntries = { entries: Prisma.EvidenceEntryCreateManyInput[]; revisions: Prisma.EvidenceRevisionCreateManyInput[] };

/**
 * One entry from a file. From the seed: an entry an admin has changed since (seedHash null) is left alone, so
 * re-seeding never overwrites a person's edit; an entry the seed wrote is brought up to the file. A new entry (version
 * 1) and its first revision are added to `created`, for the caller to insert with the others.
 */
async function upsertFromFile(
  tx: Tx,
  kind: EntryKind,
  entry: EntryData,
  status: EntryStatus,
  actor: AuditActor,
  seed: boolean,
  existing: ExistingRow | undefined,
  created: NewEntries,
): Promise<'created' | 'updated' | 'unchanged'> {
  const hash = contentHash(status, entry);
  if (!existing) {
    const data = entry as unknown as Prisma.InputJsonValue;
    created.entries.push({ kind, id: entry.id, status, ...columns(kind, entry), updatedById: actor.id, updatedBy: actor.email, publishedAt: status === 'published' ? new Date() : null, seedHash: seed ? hash : null });
    created.revisions.push({ kind, entryId: entry.id, version: 1, status, data, action: seed ? 'seed' : 'import', actorId: actor.id, actor: actor.email });
    return 'created';
  }
  if (seed && (existing.seedHash === null || existing.seedHash === hash)) return 'unchanged';
  if (!seed && stableJson(existing.data) === stableJson(entry) && existing.status === status) return 'unchanged';
  const row = await guardedUpdate(tx, kind, entry.id, existing.version, {
    status,
    ...columns(kind, entry),
    updatedById: actor.id,
    updatedBy: actor.email,
    seedHash: seed ? hash : null,
    ...(status === 'published' && existing.status !== 'published' ? { publishedAt: new Date() } : {}),
  });
  await recordRevision(tx, row, seed ? 'seed' : 'import', actor);
  return 'updated';
}
