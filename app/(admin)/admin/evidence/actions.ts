'use server';
import { randomUUID } from 'node:crypto';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { entryHref, KIND_NAMES, listHref } from '@/components/evidence/descriptors';
import { issuesByPath, parseEntryForm, formValuesFromFormData, type EntryData } from '@/components/evidence/form-data';
import type { EntryFormState, ImportFormState } from '@/components/evidence/form-state';
import { type FormState, isFormData, NOT_A_FORM } from '@/components/forms/form-state';
import { readImportInput, withEntryIds } from '@/components/evidence/import-input';
import { diffEntries } from '@/lib/domain/evidence/diff';
import { ENTRY_KINDS, EntryIdSchema } from '@/lib/domain/evidence/schemas';
import { changeStatus, createEntry, EvidenceError, importEvidence, updateEntry } from '@/lib/server/evidence/service';
import { unlessDatabaseDown } from '@/lib/server/action-outage';
import { clientIp } from '@/lib/server/request-info';
import { requireSession } from '@/lib/server/session';

// The hidden inputs that say which entry a form is about; "_" keeps them apart from the entry's own fields.
const KindSchema = z.enum(ENTRY_KINDS, { error: 'Unknown kind of entry.' });
const TargetSchema = z.object({
  kind: KindSchema,
  id: EntryIdSchema,
  version: z.coerce.number({ error: 'Missing version.' }).int().min(1, 'Missing version.'),
});
const StatusSchema = TargetSchema.extend({ action: z.enum(['publish', 'unpublish', 'retract'], { error: 'Unknown action.' }) });

const field = (formData: FormData, name: string): string => String(formData.get(name) ?? '');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function createEntryAction(prev: EntryFormState, formData: FormData): Promise<EntryFormState> {
  return unlessDatabaseDown(() => createEntryForm(prev, formData), (message) => ({ error: message, values: isFormData(formData) ? formValuesFromFormData(formData) : undefined, nonce: randomUUID() }));
}

async function createEntryForm(_prev: EntryFormState, formData: FormData): Promise<EntryFormState> {
  const admin = await requireSession('evidence:curate');
  if (!isFormData(formData)) return NOT_A_FORM;
  const kind = KindSchema.safeParse(formData.get('_kind'));
  if (!kind.success) return { error: 'Unknown kind of entry.', nonce: randomUUID() };
  const values = formValuesFromFormData(formData);
  const parsed = parseEntryForm(kind.data, values);
  if (!parsed.ok) {
    return { error: `Fix ${plural(parsed.issues.length, 'marked field')}; nothing was saved.`, fields: issuesByPath(parsed.issues), values, nonce: randomUUID() };
  }
  try {
    await createEntry(kind.data, parsed.entry, { id: admin.id, email: admin.email }, clientIp(await headers()));
  } catch (error) {
    if (error instanceof EvidenceError) return { error: `${error.message} Nothing was saved.`, fields: issuesByPath(error.issues), values, nonce: randomUUID() };
    throw error;
  }
  revalidatePath(listHref(kind.data));
  redirect(`${entryHref(kind.data, parsed.entry.id)}?created=1`);
}

export async function updateEntryAction(prev: EntryFormState, formData: FormData): Promise<EntryFormState> {
  return unlessDatabaseDown(() => updateEntryForm(prev, formData), (message) => ({ error: message, values: isFormData(formData) ? formValuesFromFormData(formData) : undefined, version: isFormData(formData) ? Number(formData.get('_version')) || undefined : undefined, nonce: randomUUID() }));
}

async function updateEntryForm(_prev: EntryFormState, formData: FormData): Promise<EntryFormState> {
  const admin = await requireSession('evidence:curate');
  if (!isFormData(formData)) return NOT_A_FORM;
  const target = TargetSchema.safeParse({ kind: formData.get('_kind'), id: formData.get('_id'), version: formData.get('_version') });
  if (!target.success) return { error: 'This form does not say which entry to save. Reload the page.', nonce: randomUUID() };
  const { kind, id, version } = target.data;
  const values = formValuesFromFormData(formData);
  const parsed = parseEntryForm(kind, values);
  if (!parsed.ok) {
    return { error: `Fix ${plural(parsed.issues.length, 'marked field')}; nothing was saved.`, fields: issuesByPath(parsed.issues), values, version, nonce: randomUUID() };
  }
  try {
    const saved = await updateEntry(kind, id, version, parsed.entry, { id: admin.id, email: admin.email }, clientIp(await headers()));
    revalidatePath(entryHref(kind, id));
    revalidatePath(listHref(kind));
    return { success: `Saved as version ${saved.version}.${saved.status === 'published' ? ' It is published: reports use this version now.' : ''}`, version: saved.version, nonce: randomUUID() };
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error;
    if (error.status === 409 && error.current) {
      const current = error.current;
      // Refresh the page's header (status, version) too; the form keeps the user's values from `values`.
      revalidatePath(entryHref(kind, id));
      return {
        error: `Someone else saved version ${current.version} while you were editing; your changes were not saved.`,
        values,
        version: current.version,
        conflict: {
          version: current.version,
          status: current.status,
          updatedBy: current.updatedBy,
          updatedAt: current.updatedAt,
          changes: diffEntries(parsed.entry as EntryData, current.entry),
        },
        nonce: randomUUID(),
      };
    }
    return { error: `${error.message} Nothing was saved.`, fields: issuesByPath(error.issues), values, version, nonce: randomUUID() };
  }
}

const STATUS_DONE = {
  publish: 'Published: reports use this entry from now on.',
  unpublish: 'Moved back to draft: reports no longer use this entry.',
  retract: 'Retracted: reports no longer use this entry. It stays here with its history.',
} as const;

export async function changeStatusAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => changeStatusForm(prev, formData), (message) => ({ error: message }));
}

async function changeStatusForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireSession('evidence:publish');
  if (!isFormData(formData)) return NOT_A_FORM;
  const target = StatusSchema.safeParse({ kind: formData.get('_kind'), id: formData.get('_id'), version: formData.get('_version'), action: formData.get('_action') });
  if (!target.success) return { error: 'This form does not say what to change. Reload the page.' };
  const { kind, id, version, action } = target.data;
  try {
    await changeStatus(kind, id, action, version, { id: admin.id, email: admin.email }, clientIp(await headers()));
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error;
    // No revalidation here: refreshing the page would move the edit form's version under values typed on the
    // older one, and its next save would overwrite the other change instead of showing it as a conflict.
    if (error.status === 409 && error.current) {
      return {
        error: `Someone else saved version ${error.current.version} of this ${KIND_NAMES[kind].one} in the meantime; nothing was changed. Reload the page to see their version, then try again.`,
      };
    }
    return { error: error.message };
  }
  revalidatePath(entryHref(kind, id));
  revalidatePath(listHref(kind));
  return { success: STATUS_DONE[action] };
}

export async function importEvidenceAction(prev: ImportFormState, formData: FormData): Promise<ImportFormState> {
  return unlessDatabaseDown(() => importEvidenceForm(prev, formData), (message) => ({ error: message, pasted: isFormData(formData) ? field(formData, 'json') : '', nonce: randomUUID() }));
}

async function importEvidenceForm(_prev: ImportFormState, formData: FormData): Promise<ImportFormState> {
  const admin = await requireSession('evidence:curate');
  if (!isFormData(formData)) return NOT_A_FORM;
  const pasted = field(formData, 'json');
  const input = await readImportInput(formData.get('file'), pasted);
  if (!input.ok) return { error: input.error, pasted, nonce: randomUUID() };
  const result = await importEvidence(input.data, { id: admin.id, email: admin.email }, clientIp(await headers()));
  if (!result.ok) {
    return {
      error: `The file has ${plural(result.issues.length, 'problem')}; nothing was imported. Fix ${result.issues.length === 1 ? 'it' : 'them all'} and import again.`,
      issues: withEntryIds(input.data, result.issues),
      pasted,
      nonce: randomUUID(),
    };
  }
  revalidatePath('/admin/evidence', 'layout');
  const { created, updated, unchanged } = result;
  return { success: `Imported: ${created} created, ${updated} updated, ${unchanged} unchanged.`, counts: { created, updated, unchanged }, nonce: randomUUID() };
}
