import 'server-only';
import { z } from 'zod';
import { can } from '@/lib/domain/permissions';
import { ENTRY_STATUSES, EntryIdSchema, VERIFICATION_STATUSES, type EntryKind } from '@/lib/domain/evidence/schemas';
import { GOALS } from '@/lib/domain/vocabulary';
import { zodIssues } from '@/lib/domain/evidence/validate';
import { ApiError, json, readJsonObject, requireApiUser, withApi } from '../http';
import { clientIp } from '../request-info';
import { changeStatus, diffRevisions, getEntry, listEntries, listRevisions, STATUS_ACTIONS, updateEntry, createEntry, type EntryView, type StatusAction } from './service';

const ListQuerySchema = z
  .object({
    // A NUL byte reached PostgreSQL (a 500): refuse it here (issue 15).
    q: z.string().trim().max(200, 'Search text has at most 200 characters.').refine((v) => !v.includes('\u0000'), 'Search text cannot contain a NUL character.').optional(),
    status: z.enum(ENTRY_STATUSES, { error: `status is one of ${ENTRY_STATUSES.join(', ')}.` }).optional(),
    goal: z.enum(GOALS, { error: `goal is one of ${GOALS.join(', ')}.` }).optional(),
    verification: z.enum(VERIFICATION_STATUSES, { error: `verification is one of ${VERIFICATION_STATUSES.join(', ')}.` }).optional(),
    facet: z.string().regex(/^[a-z-]+:[a-z0-9-]+$/, 'facet looks like "outcome:hard" or "design:rct".').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

/** Clinicians see what reports use: the entry, without the curation state. */
function publicView(view: EntryView): { id: string; entry: EntryView['entry'] } {
  return { id: view.id, entry: view.entry };
}

function query(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams.entries());
}

type IdContext = { params: Promise<{ id: string }> };

/** A path id that cannot be an entry id (a NUL byte, a slash, upper case…) is "not found" without a query (issue 15). */
async function entryIdOf(params: Promise<{ id: string }>, kind: EntryKind): Promise<string> {
  const id = (await params).id;
  if (!EntryIdSchema.safeParse(id).success) throw new ApiError(404, `No ${kind} with this id.`);
  return id;
}
type ActionContext = { params: Promise<{ id: string; action: string }> };

/** GET (list; clinicians: published only) and POST (create; admin) for /api/v1/<kind>s. */
export function collectionRoutes(kind: EntryKind) {
  return {
    GET: withApi(async (request: Request) => {
      const user = await requireApiUser('evidence:read');
      const parsed = ListQuerySchema.safeParse(query(request));
      if (!parsed.success) throw new ApiError(400, 'Some query parameters are not valid.', issuesToFields(zodIssues(parsed.error)));
      const admin = can(user, 'evidence:curate');
      const result = await listEntries(kind, parsed.data, !admin);
      return json({ total: result.total, items: admin ? result.items : result.items.map(publicView) });
    }),
    POST: withApi(async (request: Request) => {
      const admin = await requireApiUser('evidence:curate');
      const body = await readJsonObject(request);
      const view = await createEntry(kind, body, { id: admin.id, email: admin.email }, clientIp(request.headers));
      return json(view, 201);
    }),
  };
}

/** GET one (clinicians: published only, else 404) and PATCH (admin; body carries the `version` it was read at). */
export function itemRoutes(kind: EntryKind) {
  return {
    GET: withApi(async (_request: Request, { params }: IdContext) => {
      const user = await requireApiUser('evidence:read');
      const admin = can(user, 'evidence:curate');
      const view = await getEntry(kind, await entryIdOf(params, kind), !admin);
      if (!view) throw new ApiError(404, `No ${kind} with this id.`);
      return json(admin ? view : publicView(view));
    }),
    PATCH: withApi(async (request: Request, { params }: IdContext) => {
      const admin = await requireApiUser('evidence:curate');
      const id = await entryIdOf(params, kind);
      const body = await readJsonObject(request);
      const version = z.number({ error: 'Send the version you read ("version": n).' }).int().min(1).safeParse(body.version);
      if (!version.success) throw new ApiError(400, 'Send the version you read.', { version: [version.error.issues[0]?.message ?? 'Invalid version.'] });
      const current = await getEntry(kind, id, false);
      if (!current) throw new ApiError(404, `No ${kind} with this id.`);
      // PATCH merges the sent top-level fields into the entry; the merged entry is validated whole.
      const { version: _version, ...changes } = body;
      const merged = { ...(current.entry as object), ...changes };
      const view = await updateEntry(kind, id, version.data, merged, { id: admin.id, email: admin.email }, clientIp(request.headers));
      return json(view);
    }),
  };
}

/** POST publish | unpublish | retract (admin; optional body { version }); GET revisions | diff?from=&to= (admin). */
export function actionRoutes(kind: EntryKind) {
  return {
    POST: withApi(async (request: Request, { params }: ActionContext) => {
      const admin = await requireApiUser('evidence:publish');
      const { id, action } = await params;
      // Own keys only: "constructor" or "__proto__" followed the prototype chain (a 500; issue 15).
      if (!Object.hasOwn(STATUS_ACTIONS, action)) throw new ApiError(404, 'Unknown action: use publish, unpublish or retract.');
      if (!EntryIdSchema.safeParse(id).success) throw new ApiError(404, `No ${kind} with this id.`);
      const text = await request.text();
      let version: number | undefined;
      if (text.trim()) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new ApiError(400, 'The request body is not valid JSON.', { _form: ['The request body is not valid JSON.'] });
        }
        const parsed = z.object({ version: z.number().int().min(1).optional() }).strict().safeParse(body);
        if (!parsed.success) throw new ApiError(400, 'Some fields are not valid.', issuesToFields(zodIssues(parsed.error)));
        version = parsed.data.version;
      }
      const view = await changeStatus(kind, id, action as StatusAction, version, { id: admin.id, email: admin.email }, clientIp(request.headers));
      return json(view);
    }),
    GET: withApi(async (request: Request, { params }: ActionContext) => {
      await requireApiUser('evidence:curate');
      const { id, action } = await params;
      if (!EntryIdSchema.safeParse(id).success) throw new ApiError(404, `No ${kind} with this id.`);
      if (action === 'revisions') {
        const revisions = await listRevisions(kind, id);
        if (revisions.length === 0) throw new ApiError(404, `No ${kind} with this id.`);
        return json({ revisions });
      }
      if (action === 'diff') {
        const parsed = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }).safeParse(query(request));
        if (!parsed.success) throw new ApiError(400, 'Give two versions: ?from=1&to=2.', issuesToFields(zodIssues(parsed.error)));
        const rows = await diffRevisions(kind, id, parsed.data.from, parsed.data.to);
        if (!rows) throw new ApiError(404, 'No such versions.');
        return json({ from: parsed.data.from, to: parsed.data.to, changes: rows });
      }
      throw new ApiError(404, 'Unknown: use revisions or diff.');
    }),
  };
}

export function issuesToFields(issues: Array<{ path: string; message: string }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) (out[issue.path] ??= []).push(issue.message);
  return out;
}
