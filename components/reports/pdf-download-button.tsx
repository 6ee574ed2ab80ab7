'use client';
import { useState, type ReactNode } from 'react';

type Props = { reportId: string; variant: 'clinician' | 'handout'; children: ReactNode; primary?: boolean };

/** The name the server suggests in Content-Disposition, else a fallback. */
function fileNameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

/**
 * Fetches the report's PDF as a blob and hands it to the browser as a download, showing "Preparing PDF…" while the
 * server renders it and a message when it fails (a busy server answers 503: try again in a few seconds).
 */
export function PdfDownloadButton({ reportId, variant, children, primary = false }: Props): ReactNode {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const paper = typeof navigator !== 'undefined' && /^en-(US|CA)\b/.test(navigator.language) ? 'letter' : 'a4';

  async function download(): Promise<void> {
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`/api/v1/reports/${reportId}/pdf?variant=${variant}&paper=${paper}`, { credentials: 'same-origin' });
      if (!response.ok) {
        setError(response.status === 503 ? 'The server is busy preparing other PDFs. Try again in a few seconds.' : `The PDF could not be prepared (error ${response.status}).`);
        return;
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileNameOf(response, `k2-${variant}.pdf`);
      document.body.append(link);
      link.click();
      link.remove();
      // Give the browser a moment to start the download before the URL is revoked.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setError('The PDF could not be downloaded. Check the connection and try again.');
    } finally {
      setPending(false);
    }
  }

  const style = primary ? 'bg-brand-700 text-white hover:bg-brand-800' : 'border border-slate-300 bg-white hover:bg-slate-100';
  return (
    <span className="no-print inline-flex flex-col gap-1">
      <button type="button" onClick={download} disabled={pending} aria-busy={pending} className={`rounded px-4 py-2 font-medium disabled:opacity-60 ${style}`} data-testid={`pdf-${variant}`}>
        {pending ? 'Preparing PDF…' : children}
      </button>
      {error ? (
        <span role="alert" className="text-sm text-red-800">
          {error}
        </span>
      ) : null}
    </span>
  );
}
