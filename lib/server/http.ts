import 'server-only';
import { headers } from 'next/headers';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { can, type Action } from '@/lib/domain/permissions';
import { fieldErrors, type FieldErrors } from '@/lib/domain/schemas/accounts';
import { AccountError } from './accounts';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './db';
import { EvidenceError } from './evidence/service';
import { log } from './log';
import { ReportInputError } from './reports/service';
import { noteCaller, noteError, withRequestLog } from './request-log';
import { getRequestUser, type SessionUser } from './session';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function json(body: unknown, status = 200, extra: Record<string, string> = {}): NextResponse {
  return NextResponse.json(body, { status, headers: { ...NO_STORE, ...extra } });
}

export function problem(status: number, message: string, fields?: FieldErrors, headers: Record<string, string> = {}): NextResponse {
  return json({ error: message, ...(fields ? { fields } : {}) }, status, headers);
}

/** An answer that ends a handler early (thrown by the helpers below, turned into JSON by withApi). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: FieldErrors,
    /** Extra response headers, e.g. Retry-After on a 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The caller of an API route, with the permission the route needs: 401 without credentials, 403 without the right. */
export async function requireApiUser(action?: Action): Promise<SessionUser> {
  const user = await getRequestUser();
  if (!user) {
    // A bearer token that does not sign anyone in is worth a security line (never the token); a request without
    // credentials is only the request line's 401.
    if ((await headers()).has('authorization')) log.warn({ event: 'auth.api-token.refused' }, 'API request with an invalid, revoked or disabled bearer token');
    throw new ApiError(401, 'Sign in or send a valid API token (Authorization: Bearer …).');
  }
  noteCaller({ userId: user.id });
  if (action && !can(user, action)) {
    log.warn({ event: 'authz.forbidden', userId: user.id, role: user.role, action }, 'forbidden: the role does not allow this action');
    throw new ApiError(403, 'Your role does not allow this.');
  }
  return user;
}

/** Read a JSON object body (400 for anything else). */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    const text = await request.text();
    if (text.length > 5_000_000) throw new ApiError(413, 'The request body is too large (5 MB at most).');
    body = text.length ? JSON.parse(text) : undefined;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, 'The request body is not valid JSON.', { _form: ['The request body is not valid JSON.'] });
  }
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'Send a JSON object.', { _form: ['Send a JSON object.'] });
  }
  return body as Record<string, unknown>;
}

/** Read a JSON body and validate it: 400 with field errors on anything else, never a 500. */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const body = await readJsonObject(request);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(400, 'Some fields are not valid.', fieldErrors(parsed.error));
  return parsed.data;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wrap a route handler: ApiError and AccountError → their status and field errors; database outage → 503; anything
 * else → a generic 500 with no detail (the error's name and code go to the log, never its message or stack). Each
 * request gets one log line (lib/server/request-log.ts).
 */
export function withApi<C>(handler: Handler<C>): Handler<C> {
  return withRequestLog(async (request: Request, context: C) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof ApiError) return problem(error.status, error.message, error.fields, error.headers);
      if (error instanceof EvidenceError) {
        const fields: FieldErrors = {};
        for (const issue of error.issues) (fields[issue.path] ??= []).push(issue.message);
        return json({ error: error.message, ...(error.issues.length ? { fields } : {}), ...(error.current ? { current: error.current } : {}) }, error.status);
      }
      if (error instanceof ReportInputError) return problem(400, error.message, error.fields);
      if (error instanceof AccountError) return problem(error.status, error.message, error.field ? { [error.field]: [error.message] } : undefined);
      noteError(error);
      if (isDatabaseUnavailable(error)) {
        return json({ error: DATABASE_UNAVAILABLE_MESSAGE }, 503, { 'Retry-After': '5' });
      }
      return problem(500, 'Something went wrong on our side.');
    }
  });
}
