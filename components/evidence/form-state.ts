import type { DiffRow } from '@/lib/domain/evidence/diff';
import type { EntryStatus } from '@/lib/domain/evidence/schemas';
import type { FieldErrors } from '@/lib/domain/schemas/accounts';
import type { FormValues } from './form-data';

/** Another admin's save, found when this one saved: their version, and where it differs from what was submitted. */
export type EntryConflict = {
  version: number;
  status: EntryStatus;
  updatedBy: string;
  updatedAt: string;
  /** diffEntries(submitted, saved): `before` is the user's value, `after` the saved one. */
  changes: DiffRow[];
};

/** What the create/edit actions return to the entry form (useActionState). */
export type EntryFormState = {
  error?: string | null;
  success?: string | null;
  fields?: FieldErrors;
  /** What the user submitted, so a rejected form shows it again (React resets a form after its action). */
  values?: FormValues;
  /** The version the next save is based on: after a conflict, the newer one, so a deliberate re-save is possible. */
  version?: number;
  conflict?: EntryConflict;
  /** New on every answer: the form remounts with these values (its repeatable rows are client state). */
  nonce?: string;
};

export const EMPTY_ENTRY_FORM_STATE: EntryFormState = {};

export type ImportIssue = { path: string; message: string; entryId?: string };

export type ImportFormState = {
  error?: string | null;
  success?: string | null;
  issues?: ImportIssue[];
  counts?: { created: number; updated: number; unchanged: number };
  /** The pasted text, echoed so that a rejected import keeps it. */
  pasted?: string;
  nonce?: string;
};

export const EMPTY_IMPORT_FORM_STATE: ImportFormState = {};
