import { checkDatabase } from '@/lib/server/health';
import { safeReturnPath, UNAVAILABLE_RETRY_S, unavailablePageHtml } from '@/lib/server/unavailable';

// Public by design, like /api/health (it reveals only that the database is down): where a page sends a signed-in
// user while the database is unreachable (see getPageSessionUser). 503 with Retry-After while it is down; once it
// answers again, straight back to the page.
export async function GET(request: Request): Promise<Response> {
  const next = safeReturnPath(new URL(request.url).searchParams.get('next'));
  if ((await checkDatabase()) === 'up') return new Response(null, { status: 303, headers: { Location: next, 'Cache-Control': 'no-store' } });
  return new Response(unavailablePageHtml(next), {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': String(UNAVAILABLE_RETRY_S) },
  });
}
