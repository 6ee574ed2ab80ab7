// Pure request checks for proxy.ts (no database, no 'server-only': the proxy imports this file).
import { isCsrfOriginAllowed } from 'next/dist/server/app-render/csrf-protection';

/**
 * Hosts (`host[:port]`, Next's wildcard syntax) allowed to call server actions besides the request's own host.
 * next.config.js gives Next the same list (`experimental.serverActions.allowedOrigins`);
 * tests/unit/proxy-guards.test.ts keeps the two equal.
 */
export const SERVER_ACTION_ALLOWED_ORIGINS: readonly string[] = [];

/** A path segment with a percent-escape that does not decode (`%E0%A4%A`): Next would fail on it with a bare 500. */
export function hasMalformedEscape(pathname: string): boolean {
  for (const segment of pathname.split('/')) {
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

/** A POST that Next handles as a server action: the fetch form (`Next-Action` header) or a form posted without JavaScript. */
export function isServerActionRequest(method: string, headers: Headers): boolean {
  if (method !== 'POST') return false;
  return headers.has('next-action') || (headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Next's own rule for server actions, applied earlier: an `Origin` that is present must have the host of the request
 * (the first `x-forwarded-host`, else `Host`) or be allowed by the list above. No `Origin` is let through, as Next
 * does (browsers always send one on a cross-site POST; a hand-made request carries only credentials its sender has).
 */
export function isForeignOrigin(headers: Headers, allowedOrigins: readonly string[] = SERVER_ACTION_ALLOWED_ORIGINS): boolean {
  const origin = headers.get('origin');
  if (origin === null) return false;
  let originHost: string;
  if (origin === 'null') originHost = 'null';
  else {
    try {
      originHost = new URL(origin).host;
    } catch {
      return true;
    }
  }
  const forwardedHost = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const host = forwardedHost || headers.get('host');
  if (host && originHost === host) return false;
  return !isCsrfOriginAllowed(originHost, [...allowedOrigins]);
}

/**
 * The largest server-action body (Next's `serverActions.bodySizeLimit`, left at its default of 1 MB). The evidence
 * import form, the largest action, refuses files over 1,000,000 bytes before it sends them (components/evidence).
 */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

export type RejectedBody = { status: 400 | 413; message: string };

const TOO_LARGE: RejectedBody = { status: 413, message: 'This form sent more than 1 MB. Nothing was saved. Send less (a large evidence file goes through POST /api/v1/evidence/import).' };
const MALFORMED: RejectedBody = { status: 400, message: 'This form could not be read. Nothing was saved. Reload the page and try again.' };

/**
 * The `$`-strings of React's reply encoding that decode to a value without another part of the body: an escaped
 * dollar (`$$…`), `$undefined`, a FormData of prefixed fields (`$K<id>`), a date, a bigint and the special numbers.
 * Every other kind — a reference to another chunk (`$<id>`), a promise `$@`, Map `$Q`, Set `$W`, Blob `$B`, iterators,
 * typed arrays, temporary and server references — is never sent by the app's forms (their arguments are a plain form
 * state and a FormData), and a malformed one makes React's decoder throw or wait on a part that does not exist,
 * which Next answers with a 500 (a reference to a chunk that is present did too, in a probe).
 */
const SELF_CONTAINED_REFERENCE = /^\$(\$.*|undefined|K[0-9a-f]+|D.*|n-?\d+|-0|Infinity|-Infinity|NaN)$/s;
const MAX_REPLY_DEPTH = 64;

/** Whether every string of a decoded JSON value is plain or a self-contained reference (nested at most 64 deep). */
function replyValueDecodes(value: unknown, depth = 0): boolean {
  if (depth > MAX_REPLY_DEPTH) return false;
  if (typeof value === 'string') return !value.startsWith('$') || SELF_CONTAINED_REFERENCE.test(value);
  if (Array.isArray(value)) return value.every((item) => replyValueDecodes(item, depth + 1));
  if (value !== null && typeof value === 'object') return Object.values(value).every((item) => replyValueDecodes(item, depth + 1));
  return true;
}

/** The fetch form's root chunk: the action's arguments, as an array (Next applies the action to them). */
function argumentsDecode(root: unknown): boolean {
  return Array.isArray(root) && replyValueDecodes(root);
}

const isJsonText = (value: FormDataEntryValue | null): boolean => {
  if (typeof value !== 'string') return false;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether React can decode a multipart action body (React's reply encoding, react-server-dom's decodeReply and
 * decodeAction): the fields named by a number are JSON chunks and the fetch form's root chunk "0" must be there; a
 * form posted without JavaScript names its action by `$ACTION_REF_<n>` with JSON chunks `$ACTION_<n>:<id>`, root `:0`.
 */
function replyFieldsDecode(form: FormData, fetchForm: boolean): boolean {
  if (fetchForm && !form.has('0')) return false;
  for (const [name, value] of form.entries()) {
    if ((/^\d+$/.test(name) || /^\$ACTION_\d+:\d+$/.test(name)) && !isJsonText(value)) return false;
    if (fetchForm && /^\d+$/.test(name) && !(name === '0' ? argumentsDecode(JSON.parse(value as string)) : replyValueDecodes(JSON.parse(value as string)))) return false;
    const ref = /^\$ACTION_REF_(\d+)$/.exec(name);
    if (ref && !form.has(`$ACTION_${ref[1]}:0`)) return false;
  }
  return true;
}

/** The body's bytes, or null once more than `limit` arrived (a body without Content-Length is read only that far). */
async function readCapped(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: cancelling one branch of a cloned (teed) body settles only when the other branch is cancelled too.
      reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * Issue 15, item 2: a server-action body that Next would fail on with a bare 500 — over the size limit, or not
 * decodable (a fetch-form action's arguments are JSON text; a form is multipart) — is refused here first, with 413 or
 * 400 and a sentence, and never reaches the action. A well-formed body returns null and goes on unchanged (the body
 * is read from a clone). What the action then makes of well-formed arguments is its own validation.
 */
export async function rejectServerActionBody(request: Request, limit: number = SERVER_ACTION_BODY_LIMIT): Promise<RejectedBody | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(/^\d+$/.test(declared) && Number(declared) <= limit)) return TOO_LARGE;
  if (!request.body) return null;
  const bytes = await readCapped(request.clone().body!, limit);
  if (bytes === null) return TOO_LARGE;
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type')! } }).formData();
    } catch {
      return MALFORMED;
    }
    return replyFieldsDecode(form, request.headers.has('next-action')) ? null : MALFORMED;
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return null;
  // The fetch form: Next decodes the arguments as JSON (React's reply encoding) whatever the declared type.
  if (!request.headers.has('next-action')) return null;
  let root: unknown;
  try {
    root = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return MALFORMED;
  }
  // A text body is the root chunk alone: it can refer to no other chunk.
  return argumentsDecode(root) ? null : MALFORMED;
}
