'use client';
import { useState, type ReactNode } from 'react';
import type { FormState } from '@/components/forms/form-state';
import type { ContextDraft, FhirImport } from '@/lib/domain/fhir/import-bundle';
import { ContextForm } from './context-form';

type Props = { action: (prev: FormState, form: FormData) => Promise<FormState>; initial?: ContextDraft };

/**
 * The New report page's client part: an optional FHIR bundle import (pasted or uploaded) above the context form.
 * An import pre-fills the form by remounting it with the imported draft; the clinician reviews what was mapped and
 * ignored, adds the goals, and builds the report as usual.
 */
export function ReportWorkspace({ action, initial }: Props): ReactNode {
  const [text, setText] = useState('');
  const [result, setResult] = useState<FhirImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  async function runImport(): Promise<void> {
    setError(null);
    let bundle: unknown;
    try {
      bundle = JSON.parse(text);
    } catch {
      setError('That is not JSON. Paste a FHIR R4 Bundle.');
      return;
    }
    setBusy(true);
    try {
      const res = await fetch('/api/v1/fhir/patient-context', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle) });
      const body = (await res.json()) as FhirImport & { error?: string; fields?: Record<string, string[]> };
      if (!res.ok) {
        const where = Object.entries(body.fields ?? {}).map(([path, messages]) => `${path}: ${messages.join(' ')}`);
        setError([body.error ?? 'The import failed.', ...where].join(' '));
        return;
      }
      setResult(body);
      setVersion((v) => v + 1);
    } catch {
      setError('The import failed: check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <details className="rounded-lg border border-slate-200 bg-white p-5" open={text !== '' || result !== null}>
        <summary className="cursor-pointer text-lg font-semibold">Import from a FHIR record (optional)</summary>
        <div className="mt-3 flex flex-col gap-3">
          <label htmlFor="fhir-bundle" className="font-medium">
            FHIR R4 Bundle (JSON)
          </label>
          <textarea id="fhir-bundle" value={text} onChange={(e) => setText(e.target.value)} rows={6} className="rounded border border-slate-300 px-3 py-2 font-mono text-xs" placeholder='{ "resourceType": "Bundle", "entry": [ … ] }' />
          <div className="flex flex-wrap items-center gap-3">
            <label className="text-sm">
              or upload a file:{' '}
              <input
                type="file"
                accept=".json,application/json,application/fhir+json"
                aria-label="Upload a FHIR bundle file"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void file.text().then(setText);
                }}
              />
            </label>
            <button type="button" onClick={() => void runImport()} disabled={busy || text.trim() === ''} aria-busy={busy} className="rounded bg-brand-700 px-4 py-2 text-white hover:bg-brand-800 disabled:opacity-60">
              {busy ? 'Importing…' : 'Import and fill the form'}
            </button>
          </div>
          {error ? (
            <p role="alert" className="text-sm text-red-700" data-testid="fhir-import-error">
              {error}
            </p>
          ) : null}
          {result ? (
            <div className="grid gap-4 md:grid-cols-2" data-testid="fhir-import-result">
              <div>
                <h3 className="font-semibold">Imported ({result.mapped.length})</h3>
                <ul className="list-disc pl-5 text-sm" data-testid="fhir-mapped">
                  {result.mapped.map((m, i) => (
                    <li key={i}>
                      <span className="font-mono text-xs">{m.resource}</span> → {m.as}
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <h3 className="font-semibold">Not imported ({result.ignored.length})</h3>
                <ul className="list-disc pl-5 text-sm" data-testid="fhir-ignored">
                  {result.ignored.map((m, i) => (
                    <li key={i}>
                      <span className="font-mono text-xs">{m.resource}</span>: {m.reason}
                    </li>
                  ))}
                </ul>
              </div>
              <ul className="text-sm text-amber-800 md:col-span-2" data-testid="fhir-notes">
                {result.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      </details>
      <ContextForm key={version} action={action} initial={result?.context ?? initial} />
    </div>
  );
}
