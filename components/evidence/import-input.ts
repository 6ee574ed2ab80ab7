/**
 * The import form's input: an uploaded .json file or pasted text, read into one JSON value; and the import's issues
 * with the id of the entry each one is about, so a person can find it in a long file. Pure apart from File.text().
 */
import type { ImportIssue } from './form-state';

/** Next.js refuses server-action bodies above 1 MB by default; the JSON API takes up to 5 MB. */
export const MAX_IMPORT_BYTES = 1_000_000;

export type ImportInput = { ok: true; data: unknown } | { ok: false; error: string };

export async function readImportInput(file: FormDataEntryValue | null, pasted: FormDataEntryValue | null): Promise<ImportInput> {
  const text = typeof pasted === 'string' ? pasted.trim() : '';
  const upload = file instanceof File && file.size > 0 ? file : null;
  if (upload && text) return { ok: false, error: 'You chose a file and also pasted text. Clear one of them, so that it is clear which to import.' };
  if (!upload && !text) return { ok: false, error: 'Choose a .json file or paste the JSON to import.' };
  if (upload && upload.size > MAX_IMPORT_BYTES) {
    return { ok: false, error: `The file is larger than 1 MB. Import it through the API (POST /api/v1/evidence/import) instead.` };
  }
  const source = upload ? await upload.text() : text;
  try {
    return { ok: true, data: JSON.parse(source) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? ` (${error.message})` : '';
    return { ok: false, error: `${upload ? `“${upload.name}”` : 'The pasted text'} is not valid JSON${detail}. Nothing was imported.` };
  }
}

/** "trials.3.entry.year" → the id of trials[3].entry in the input, when it has one. */
export function withEntryIds(input: unknown, issues: Array<{ path: string; message: string }>): ImportIssue[] {
  return issues.map((issue) => {
    const [list, index] = issue.path.split('.');
    const item = input && typeof input === 'object' && list ? (input as Record<string, unknown>)[list] : undefined;
    const entry = Array.isArray(item) && index !== undefined && /^\d+$/.test(index) ? (item[Number(index)] as { entry?: { id?: unknown } } | undefined)?.entry : undefined;
    return typeof entry?.id === 'string' ? { ...issue, entryId: entry.id } : { ...issue };
  });
}
