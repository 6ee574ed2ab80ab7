'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { readReportBody } from '@/lib/report-body-store';

/** The same object on every render: React then never rewrites the body it found in the page's HTML. */
const KEEP_SERVER_HTML = { __html: '' };

/**
 * A saved report's body, rendered once and served from a cache (issue 14; lib/server/reports/body-cache.ts).
 *
 * - On a page load (a document request) the body reaches the browser once, in the HTML: the server component passes
 *   only `cacheKey`, this component reads the body from the process's store while the server renders the page's HTML,
 *   and in the browser it keeps that HTML as it is (React does not hydrate inside dangerouslySetInnerHTML). Without
 *   this, every byte of the body would be sent twice: in the HTML and again in the page's React payload.
 * - On a navigation inside the app (no HTML render on the server) the server component passes `html` itself.
 * - If the body is missing (the browser went back to a page it had loaded as a document, so it holds only the key), the
 *   page is asked of the server again, which then sends `html`.
 */
export function CachedReportBody({ cacheKey, html }: { cacheKey: string; html?: string }): React.ReactNode {
  const router = useRouter();
  const ref = useRef<HTMLDivElement>(null);
  const asked = useRef(false);
  const serverHtml = html ?? readReportBody(cacheKey);
  useEffect(() => {
    if (html === undefined && ref.current && ref.current.childElementCount === 0 && !asked.current) {
      asked.current = true;
      router.refresh();
    }
  }, [html, router]);
  if (html !== undefined) return <div ref={ref} data-testid="report-body" dangerouslySetInnerHTML={{ __html: html }} />;
  if (serverHtml !== undefined) return <div ref={ref} data-testid="report-body" dangerouslySetInnerHTML={{ __html: serverHtml }} suppressHydrationWarning />;
  return (
    <div ref={ref} data-testid="report-body" dangerouslySetInnerHTML={KEEP_SERVER_HTML} suppressHydrationWarning />
  );
}
