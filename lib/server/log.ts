/**
 * The server's one logger: pino, one JSON object per line on stdout, written synchronously (no worker-thread
 * transport: Next bundles the server, and a log line must not be lost when the process dies).
 *
 * What a line may carry: what happened, ids (user id, report id, route), statuses, durations, error *names* and codes.
 * What it must never carry: passwords, hashes, tokens, cookies, secrets, e-mail addresses, and anything about a
 * patient — the context (age, sex, medications, conditions, …), a FHIR bundle or prefetch, a request or response body,
 * an error message or stack (a database error's message can quote the values of the query). The serializers below
 * keep only error names and codes, and `redact` blanks the sensitive keys should one be passed by mistake.
 *
 * No `server-only` here: the database client (also used by the scripts and tests) logs through it.
 */
import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';

export const SERVICE_NAME = 'k2-evidence-desk';
export const CENSOR = '[redacted]';

/** Keys whose values are never written, at the top level of a log object and up to three levels inside it. */
export const REDACTED_KEYS = [
  // credentials and secrets
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'tokenHash',
  'accessToken',
  'refreshToken',
  'idToken',
  'jwt',
  'authorization',
  'cookie',
  'set-cookie',
  'secret',
  'AUTH_SECRET',
  'csrfToken',
  'privateJwk',
  // personal data of the users (not `name`: errors have one, and a user's name is never logged)
  'email',
  // the patient: the whole context and each of its fields, FHIR input, and the free-text reference
  'context',
  'patientContext',
  'patient',
  'patientRef',
  'prefetch',
  'bundle',
  'age',
  'sex',
  'pregnancy',
  'medications',
  'conditions',
  'supplements',
  'vitaminD',
  'diet',
  'coronaryCalciumScore',
  'ckdStage',
  // bodies, whatever they hold
  'body',
  'rawBody',
] as const;

function keyPath(prefix: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${prefix ? '.' : ''}${key}` : `${prefix}["${key}"]`;
}

/** fast-redact paths for REDACTED_KEYS at depth 0–3 (`password`, `*.password`, `*.*.password`, `*.*.*.password`). */
export const REDACT_PATHS: string[] = ['', '*', '*.*', '*.*.*'].flatMap((prefix) =>
  REDACTED_KEYS.filter((key) => prefix !== '' || /^[A-Za-z_$][\w$]*$/.test(key)).map((key) => keyPath(prefix, key)),
);
// A top-level key with a dash cannot be written as a fast-redact path on its own; wrap it instead.
const TOP_LEVEL_ODD_KEYS = REDACTED_KEYS.filter((key) => !/^[A-Za-z_$][\w$]*$/.test(key));

/** An error as the log may show it: its class name and, when it has one, a short code (Prisma's P2002, ECONNREFUSED). */
export function errorFields(error: unknown): { name: string; code?: string; digest?: string } {
  if (!(error instanceof Error)) return { name: typeof error === 'object' && error !== null ? 'NonErrorObject' : typeof error };
  const fields: { name: string; code?: string; digest?: string } = { name: error.name || 'Error' };
  const { code, digest } = error as { code?: unknown; digest?: unknown };
  if ((typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)) || typeof code === 'number') fields.code = String(code);
  if (typeof digest === 'string' && /^[\w-]{1,64}$/.test(digest)) fields.digest = digest;
  return fields;
}

/** A request as the log may show it: method and path, never the query string, headers or body. */
function requestFields(request: unknown): { method?: string; path?: string } {
  if (!request || typeof request !== 'object') return {};
  const { method, url } = request as { method?: unknown; url?: unknown };
  let path: string | undefined;
  if (typeof url === 'string') {
    try {
      path = new URL(url, 'http://x').pathname;
    } catch {
      path = undefined;
    }
  }
  return { ...(typeof method === 'string' ? { method } : {}), ...(path ? { path } : {}) };
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** LOG_LEVEL when it names a pino level, else info. */
export function logLevel(value = process.env.LOG_LEVEL): string {
  const level = value?.trim().toLowerCase();
  return level && LEVELS.includes(level) ? level : 'info';
}

/** A logger with the house settings; `destination` is for tests (the app writes to stdout). */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? logLevel(),
      base: { service: SERVICE_NAME, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // Top-level keys with a dash (set-cookie) are blanked here; fast-redact handles the others at every depth.
        log: (object) => (TOP_LEVEL_ODD_KEYS.some((key) => key in object) ? { ...object, ...Object.fromEntries(TOP_LEVEL_ODD_KEYS.filter((key) => key in object).map((key) => [key, CENSOR])) } : object),
      },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: { err: errorFields, error: errorFields, req: requestFields, request: requestFields, res: () => CENSOR, response: () => CENSOR },
      hooks: {
        // pino would take an Error's message as the line's msg, and its stack too: keep the name and code only.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error) {
            const msg = typeof rest[0] === 'string' ? rest[0] : 'error';
            return method.apply(this, [{ err: first }, msg, ...rest.slice(1)] as unknown as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const globalForLog = globalThis as unknown as { k2Log?: Logger };

/** The app's logger (one per process, also across Next's separately bundled server chunks). */
export const log: Logger = (globalForLog.k2Log ??= createLogger());

const ANSI = /\x1b\[[0-9;]*m/g;

/** The first line of a console text, unless it looks like a stack frame or names a file. */
function consoleText(value: unknown): string {
  if (typeof value !== 'string') return '';
  const line = value.replace(ANSI, '').trim().split('\n')[0]!.trim();
  if (/^at\s|\bnode:internal\b|\/[\w.@-]+\/[\w./@-]*\.(?:[cm]?js|tsx?)\b/.test(line)) return '';
  return line.slice(0, 200);
}

/**
 * Route console.* of the server process (Next's own error printing, Auth.js' logger, libraries) through the logger,
 * so that every line is JSON and nothing they print can carry a message or stack: an Error argument becomes its name,
 * code and digest; of the text, only the first line of a first string argument is kept, without colour codes, cut at
 * 200 characters, and not when it looks like a stack frame or a file path (Next prints `⨯` with the error; Auth.js
 * prints `[auth][error] CredentialsSignin: …` and then the stack on its own, which is dropped).
 */
export function routeConsoleToLog(logger: Logger = log): void {
  const methods = { error: 'error', warn: 'warn', log: 'info', info: 'info', debug: 'debug', trace: 'trace' } as const;
  for (const [method, level] of Object.entries(methods) as Array<[keyof typeof methods, (typeof methods)[keyof typeof methods]]>) {
    // eslint-disable-next-line no-console -- replacing console is the point here
    console[method] = (...args: unknown[]) => {
      const errors = args.filter((a): a is Error => a instanceof Error).map(errorFields);
      const text = consoleText(args[0]);
      logger[level]({ source: 'console', ...(errors.length ? { errors } : {}) }, text || (errors.length ? `${errors[0]!.name} (details withheld)` : 'console output withheld'));
    };
  }
}
