/**
 * The "database unavailable" page for signed-in users, shared by proxy.ts (which tells each page its own path),
 * the page guard in session.ts (which redirects here during an outage) and app/unavailable/route.ts (which answers
 * 503). No database and no `server-only` here: proxy.ts imports the header name.
 */

/** The request header in which proxy.ts passes a page its own path and query, for the way back. */
export const PAGE_PATH_HEADER = 'x-k2-page-path';
export const UNAVAILABLE_PATH = '/unavailable';
/** Seconds: the Retry-After of the 503, and how often the page tries again by itself. */
export const UNAVAILABLE_RETRY_S = 5;

/** A same-site path to go back to; '/' for anything else (never an open redirect), and never /unavailable itself. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > 2_000 || !/^\/(?!\/)[\w\-./?=&%]*$/.test(value)) return '/';
  if (value === UNAVAILABLE_PATH || value.startsWith(`${UNAVAILABLE_PATH}?`) || value.startsWith(`${UNAVAILABLE_PATH}/`)) return '/';
  return value;
}

export function unavailablePath(back: string | null | undefined): string {
  return `${UNAVAILABLE_PATH}?next=${encodeURIComponent(safeReturnPath(back))}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A self-contained page (no scripts, so the CSP has nothing to allow; inline styles are allowed by it) that says what
 * happened, that the user is still signed in, and goes back to where they were every few seconds by itself.
 */
export function unavailablePageHtml(next: string): string {
  const back = escapeHtml(safeReturnPath(next));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="${UNAVAILABLE_RETRY_S};url=${back}">
<title>Database unavailable · K2 Evidence Desk</title>
<style>
body{margin:0;background:#f8fafc;color:#0f172a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:36rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:.5rem}
h1{margin:0 0 .5rem;font-size:1.5rem}
a{display:inline-block;margin-top:.5rem;padding:.5rem 1rem;border-radius:.25rem;background:#185a4a;color:#fff;text-decoration:none}
a:focus-visible{outline:3px solid #1f6f5c;outline-offset:2px}
</style>
</head>
<body>
<main role="alert">
<h1>The database is unavailable</h1>
<p>K2 Evidence Desk cannot reach its database right now. This usually lasts a few seconds, for example while the database restarts.</p>
<p>You are still signed in, and nothing you saved is lost. This page tries again by itself every ${UNAVAILABLE_RETRY_S} seconds.</p>
<a href="${back}">Try again now</a>
</main>
</body>
</html>
`;
}
