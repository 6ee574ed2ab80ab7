import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authConfig } from '@/lib/server/auth-config';
import { PAGE_PATH_HEADER } from '@/lib/server/unavailable';

// Next 16's proxy (formerly middleware). It is NOT the security boundary: every page, server action and route
// handler authorizes itself. This file (1) sets the per-request CSP nonce, (2) refreshes the session cookie's expiry
// on activity — that is what makes the 30-minute idle timeout an *idle* timeout — and (3) sends a signed-out
// browser navigation to the login page for convenience.
const { auth } = NextAuth(authConfig);

const PUBLIC_PAGES = ['/login'];

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

export default auth((request) => {
  const { pathname } = request.nextUrl;
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const isApi = pathname.startsWith('/api/') || pathname.startsWith('/cds-services');
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, isApi, https);

  const isNavigation = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
  if (!isApi && isNavigation && !request.auth && !PUBLIC_PAGES.includes(pathname)) {
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
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return response;
});

export const config = {
  matcher: ['/((?!api/auth/|_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
