'use client';
import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import { importEvidenceAction } from '@/app/(admin)/admin/evidence/actions';
import { SubmitButton } from '@/components/ui/submit-button';
import { pathLabel } from './descriptors';
import { EMPTY_IMPORT_FORM_STATE } from './form-state';
import { MAX_IMPORT_BYTES } from './import-input';

/** Import a "k2-evidence/1" file: upload or paste; every problem is listed by path, and nothing is imported then. */
export function ImportForm(): ReactNode {
  const [state, action] = useActionState(importEvidenceAction, EMPTY_IMPORT_FORM_STATE);
  const result = useRef<HTMLDivElement>(null);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state.nonce) result.current?.focus();
  }, [state.nonce]);

  return (
    <form
      key={state.nonce ?? 'initial'}
      action={action}
      aria-label="Import evidence"
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        const chosen = file.current?.files?.[0];
        if (chosen && chosen.size > MAX_IMPORT_BYTES) {
          event.preventDefault();
          window.alert('This file is larger than 1 MB. Import it through the API instead: POST /api/v1/evidence/import.');
          return;
        }
        const question =
          'Import this file? Every entry in it is checked first; if any is invalid, nothing changes. Otherwise new entries are created and changed ones get a new version, with the status the file gives them: published entries are used by reports at once.';
        if (!window.confirm(question)) event.preventDefault();
      }}
    >
      <div ref={result} tabIndex={-1} className="outline-none empty:hidden">
        {state.success ? (
          <div role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900" data-testid="form-success">
            <p className="font-medium">{state.success}</p>
          </div>
        ) : null}
        {state.error ? (
          <div role="alert" className="flex flex-col gap-2 rounded border border-red-300 bg-red-50 px-3 py-2 text-red-900" data-testid="form-error">
            <p className="font-medium">{state.error}</p>
            {state.issues?.length ? (
              <table className="w-full bg-white text-left text-sm text-slate-900" data-testid="import-issues">
                <caption className="sr-only">Problems in the file</caption>
                <thead>
                  <tr className="border-b">
                    <th scope="col" className="p-2">
                      Where
                    </th>
                    <th scope="col" className="p-2">
                      Entry
                    </th>
                    <th scope="col" className="p-2">
                      Problem
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {state.issues.map((issue, i) => (
                    <tr key={`${issue.path}-${i}`} className="border-b align-top last:border-0" data-path={issue.path}>
                      <td className="p-2">
                        <code className="break-all">{issue.path}</code>
                        <span className="block text-xs text-slate-600">{pathLabel(issue.path)}</span>
                      </td>
                      <td className="p-2">{issue.entryId ? <code>{issue.entryId}</code> : <span className="text-slate-500">—</span>}</td>
                      <td className="p-2">{issue.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="import-file" className="font-medium">
          JSON file
        </label>
        <p id="import-file-hint" className="text-sm text-slate-600">
          A “k2-evidence/1” file, as the export gives (up to 1 MB here).{state.error ? ' Choose the file again after fixing it.' : ''}
        </p>
        <input ref={file} id="import-file" name="file" type="file" accept=".json,application/json" aria-describedby="import-file-hint" className="rounded border border-slate-300 bg-white px-3 py-2" />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="import-json" className="font-medium">
          Or paste the JSON
        </label>
        <textarea id="import-json" name="json" rows={8} defaultValue={state.pasted ?? ''} spellCheck={false} className="rounded border border-slate-300 bg-white px-3 py-2 font-mono text-sm" />
      </div>
      <div>
        <SubmitButton pendingText="Checking and importing…">Import</SubmitButton>
      </div>
    </form>
  );
}
