import NextAuth, { type NextAuthRequest } from 'next-auth';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/server/auth-config';
import { hasMalformedEscape, isForeignOrigin, isServerActionRequest, rejectServerActionBody } from '@/lib/server/proxy-guards';
import { PAGE_PATH_HEADER } from '@/lib/server/unavailable';

// Next 16's proxy (formerly middleware). It is NOT the security boundary: every page, server action and route
// handler authorizes itself. This file (1) sets the per-request CSP nonce, (2) refreshes the session cookie's expiry
// on activity — that is what makes the 30-minute idle timeout an *idle* timeout — (3) sends a signed-out browser
// navigation to the login page for convenience, and (4) answers two kinds of bad request cleanly that Next would
// answer with a bare 500: a path with malformed percent-encoding (400), and a server action from a foreign Origin
// (403; Next's own check behind it stays in place).
const { auth } = NextAuth(authConfig);

const PUBLIC_PAGES = ['/login'];
/** Public page trees: the CDS services' source attributes (ONC HTI-1), linked from discovery and every card. */
const PUBLIC_PREFIXES = ['/decision-support/'];
const isPublicPage = (pathname: string): boolean => PUBLIC_PAGES.includes(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));

function contentSecurityPolicy(nonce: string, isApi: boolean, https: boolean): string {
  if (isApi) return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
  const dev = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes are used by React for some components; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

function isApiPath(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname.startsWith('/cds-services') || isSmartPath(pathname);
}

/** SMART App Launch routes (lib/server/smart/launch.ts) authorize themselves: the callback must run without a
 *  session too, to keep the draft and send the browser to /login with it as the way back. */
function isSmartPath(pathname: string): boolean {
  return pathname === '/smart/launch' || pathname === '/smart/callback';
}

const HSTS = 'max-age=63072000; includeSubDomains';

/** Served over HTTPS: directly, or behind a TLS-terminating proxy that says so (X-Forwarded-Proto, see docs/DEPLOY.md). */
function isHttps(request: NextRequest): boolean {
  return request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

/** Auth.js's session cookie, plain or `__Secure-` (over HTTPS), whole or in chunks (`.0`, `.1`, … when large). */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name));
}

function handle(request: NextRequest, signedIn: boolean): NextResponse {
  const { pathname } = request.nextUrl;
  const https = isHttps(request);
  const isApi = isApiPath(pathname);
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, isApi, https);

  const isNavigation = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
  if (!isApi && isNavigation && !signedIn && !isPublicPage(pathname)) {
    const login = new URL('/login', request.nextUrl.origin);
    if (pathname !== '/') login.searchParams.set('next', pathname + request.nextUrl.search);
    return NextResponse.redirect(login);
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  // The page's own address, for the way back from /unavailable during a database outage (getPageSessionUser).
  // Always overwritten here, so a client cannot choose it; /unavailable accepts same-site paths only anyway.
  const pagePath = new URL(request.nextUrl);
  pagePath.searchParams.delete('_rsc');
  requestHeaders.set(PAGE_PATH_HEADER, pagePath.pathname + pagePath.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  if (https) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}

const withSession = auth((request: NextAuthRequest, _event: NextFetchEvent) => handle(request, Boolean(request.auth)));

const BAD_REQUEST_PAGE =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Bad request</title><h1>Bad request</h1><p>This address is not valid. <a href="/">Go to the start page</a>.</p></html>';

/** A refused form body: a short page for a browser's own form post, plain text for the React client's fetch. */
function refusedBody(request: NextRequest, status: number, message: string): NextResponse {
  const headers = { 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'" };
  if (!request.headers.has('next-action') && (request.headers.get('accept') ?? '').includes('text/html')) {
    const title = status === 413 ? 'Too much sent' : 'Bad request';
    const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${message}</p><p><a href="/">Go to the start page</a>.</p></html>`;
    return new NextResponse(page, { status, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
  }
  return new NextResponse(message, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const { pathname } = request.nextUrl;
  const isApi = isApiPath(pathname);
  if (hasMalformedEscape(pathname)) {
    const headers = { 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'" };
    return isApi
      ? NextResponse.json({ error: 'The address is not valid.' }, { status: 400, headers })
      : new NextResponse(BAD_REQUEST_PAGE, { status: 400, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
  }
  if (!isApi && isServerActionRequest(request.method, request.headers) && isForeignOrigin(request.headers)) {
    return new NextResponse('Forbidden: this form was sent from another site.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  if (!isApi && isServerActionRequest(request.method, request.headers)) {
    const rejected = await rejectServerActionBody(request);
    if (rejected) return refusedBody(request, rejected.status, rejected.message);
  }
  // Auth.js's own endpoints get only the checks above: the session refresh must not touch sign-in and sign-out.
  if (pathname.startsWith('/api/auth/')) {
    const response = NextResponse.next();
    if (isHttps(request)) response.headers.set('Strict-Transport-Security', HSTS);
    return response;
  }
  // Without a session cookie there is no session to refresh: Auth.js is not run at all, so bearer-token API calls,
  // CDS Hooks calls and signed-out pages get no Auth.js cookies (it would otherwise set csrf and callback-url cookies
  // on every such answer) and skip its work.
  if (!hasSessionCookie(request)) return handle(request, false);
  return withSession(request, event);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
