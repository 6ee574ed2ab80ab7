/**
 * Whole-file validation of evidence content (content files, imports): the zod schema of each entry, unique ids per
 * kind, and every citation resolving to a trial or source in the file or already known. Problems come back with
 * their path (e.g. "claims.3.entry.citations.0.id"), all of them, so a person can fix a file in one pass.
 */
import type { z } from 'zod';
import { unstorableTextPaths, UNSTORABLE_TEXT_MESSAGE } from '../text';
import { EvidenceFileSchema, type EvidenceFile } from './schemas';

export type ContentIssue = { path: string; message: string };
export type KnownIds = { trial: ReadonlySet<string>; source: ReadonlySet<string>; interaction?: ReadonlySet<string> };

export function validateEvidenceFile(
  input: unknown,
  known: KnownIds = { trial: new Set(), source: new Set() },
): { ok: true; file: EvidenceFile } | { ok: false; issues: ContentIssue[] } {
  const parsed = EvidenceFileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const file = parsed.data;
  const issues: ContentIssue[] = unstorableTextPaths(file).map((path) => ({ path, message: `This text ${UNSTORABLE_TEXT_MESSAGE}.` }));

  for (const kind of ['trials', 'claims', 'interactions', 'sources', 'medications'] as const) {
    const seen = new Map<string, number>();
    file[kind].forEach((item, index) => {
      const first = seen.get(item.entry.id);
      if (first !== undefined) issues.push({ path: `${kind}.${index}.entry.id`, message: `Duplicate id "${item.entry.id}" (also at ${kind}.${first}).` });
      else seen.set(item.entry.id, index);
    });
  }

  const trialIds = new Set([...known.trial, ...file.trials.map((t) => t.entry.id)]);
  const sourceIds = new Set([...known.source, ...file.sources.map((s) => s.entry.id)]);
  for (const kind of ['claims', 'interactions', 'medications'] as const) {
    file[kind].forEach((item, index) => {
      item.entry.citations.forEach((ref, refIndex) => {
        const ids = ref.kind === 'trial' ? trialIds : sourceIds;
        if (!ids.has(ref.id)) issues.push({ path: `${kind}.${index}.entry.citations.${refIndex}.id`, message: `No ${ref.kind} with id "${ref.id}".` });
      });
    });
  }
  const interactionIds = new Set([...(known.interaction ?? []), ...file.interactions.map((i) => i.entry.id)]);
  file.medications.forEach((item, index) => {
    const target = item.entry.interactionId;
    if (target !== undefined && !interactionIds.has(target)) issues.push({ path: `medications.${index}.entry.interactionId`, message: `No interaction entry with id "${target}".` });
  });
  return issues.length ? { ok: false, issues } : { ok: true, file };
}

export function zodIssues(error: z.ZodError): ContentIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(file)', message: issue.message }));
}
