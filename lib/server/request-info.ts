import 'server-only';

/** Best-effort client address for the audit log (first hop of X-Forwarded-For, else X-Real-IP). */
export function clientIp(headers: Headers | null | undefined): string | null {
  if (!headers) return null;
  const forwarded = headers.get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  const ip = first || headers.get('x-real-ip')?.trim() || null;
  return ip && ip.length <= 64 ? ip : null;
}

/**
 * Whether the browser is loading this page as a document (its HTML will be rendered), rather than the app's router
 * fetching its React payload or a server action answering. Next.js hides its own router headers from pages (and from
 * the proxy), so this reads what the browser itself says: Sec-Fetch-Dest is "document" (or "iframe"/"frame" inside an
 * EHR) on a page load and "empty" on a fetch. A client that sends no Sec-Fetch-Dest (a script, an old browser) counts
 * as a page load when it asks for HTML and is not a server action. A wrong "no" only costs size (the report page then
 * also sends its body in the payload); a wrong "yes" costs a second request (the page asks the server again).
 */
export function isDocumentRequest(headers: Headers): boolean {
  if (headers.has('next-action')) return false;
  const dest = headers.get('sec-fetch-dest');
  if (dest !== null) return dest === 'document' || dest === 'iframe' || dest === 'frame';
  return (headers.get('accept') ?? '').includes('text/html');
}
