import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { log } from './log';

/** What a handler learns about its request while it runs, for the request's log line. */
type RequestNotes = { userId?: string; client?: string; error?: unknown };

const notes = new AsyncLocalStorage<RequestNotes>();

/** Record who made the current request (the user id, never the e-mail; a CDS client's issuer). */
export function noteCaller(caller: { userId?: string; client?: string }): void {
  const current = notes.getStore();
  if (current) Object.assign(current, caller);
}

/** Record the unexpected error behind a 5xx (its name and code only). */
export function noteError(error: unknown): void {
  const current = notes.getStore();
  if (current) current.error = error;
}

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> } | undefined;

/**
 * The route of a request as a template: each path segment that is the value of a dynamic parameter becomes `[name]`
 * (`/api/v1/reports/[id]/pdf`), so that what a caller puts in the path (an id, or anything typed there) stays out of
 * the log. Never the query string.
 */
export async function routeTemplate(request: Request, context: unknown): Promise<string> {
  const { pathname } = new URL(request.url);
  let params: Record<string, string | string[] | undefined> = {};
  try {
    params = (await (context as RouteContext)?.params) ?? {};
  } catch {
    params = {};
  }
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) byValue.set(v, `[${name}]`);
  }
  return pathname
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return '[malformed]';
      }
      return byValue.get(decoded) ?? byValue.get(segment) ?? segment;
    })
    .join('/');
}

/**
 * One log line per request of a route handler: method, route template, status, duration, the caller's id, and for a
 * 5xx the error's name and code. The handler must answer every error itself (withApi and the CDS wrapper do); a throw
 * that still escapes is logged as a 500 and rethrown to Next.
 */
export function withRequestLog<C>(
  handler: (request: Request, context: C) => Promise<Response>,
  options: { route?: (request: Request) => string } = {},
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const started = performance.now();
    const current: RequestNotes = {};
    let status = 500;
    try {
      const response = await notes.run(current, () => handler(request, context));
      status = response.status;
      return response;
    } catch (error) {
      current.error ??= error;
      throw error;
    } finally {
      const line = {
        method: request.method,
        route: options.route ? options.route(request) : await routeTemplate(request, context),
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(current.userId ? { userId: current.userId } : {}),
        ...(current.client ? { client: current.client } : {}),
        // The err serializer keeps the name and code only.
        ...(status >= 500 && current.error !== undefined ? { err: current.error } : {}),
      };
      if (status >= 500) log.error(line, 'request failed');
      else log.info(line, 'request');
    }
  };
}

/** Auth.js's own actions (fixed words, never user data); any other path under /api/auth is logged as the template. */
const AUTH_ACTION_PATH = /^\/api\/auth\/(csrf|session|providers|signin|signout|error|verify-request|webauthn-options|callback\/credentials|signin\/credentials)$/;

/** The route of an Auth.js request: its action's path when it is one of Auth.js's own, else the catch-all template. */
export function authRoute(request: Request): string {
  const { pathname } = new URL(request.url);
  return AUTH_ACTION_PATH.test(pathname) ? pathname : '/api/auth/[...nextauth]';
}
