import 'server-only';
import type { HookRequest } from '@/lib/domain/cds/request';
import type { CdsService } from '@/lib/domain/cds/services';
import { fillPrefetchTemplate, isUnderBase, registeredBaseOf } from '@/lib/domain/cds/fhir-servers';
import { db } from '../db';
import { getEnv } from '../env';
import { log } from '../log';
import { readCapped } from '../read-capped';

export type MissingPrefetchInput = {
  service: CdsService;
  /** The calling client (the JWT's verified iss): only its registered FHIR base URLs may be contacted. */
  iss: string;
  /** The call's fhirServer and fhirAuthorization (both present: CDS Hooks 2.0 § FHIR Resource Access). */
  fhirServer: string;
  fhirAuthorization: NonNullable<HookRequest['fhirAuthorization']>;
  /** The hook context, for the prefetch tokens ({{context.patientId}}). */
  context: HookRequest['context'];
  /** The prefetch keys of the service's templates that the call did not carry. */
  missing: string[];
};

export type FhirFetchLimits = {
  /** Per request (each page of a search), ms. */
  requestTimeoutMs: number;
  /** For the whole call (all keys, fetched in parallel), ms. */
  budgetMs: number;
  /** Per response body, bytes, counted while it streams in. */
  maxBytes: number;
  /** Pages of one search followed through its `next` links (same base only); more means the key failed. */
  maxPages: number;
};

export const FHIR_FETCH_LIMITS: FhirFetchLimits = { requestTimeoutMs: 5_000, budgetMs: 8_000, maxBytes: 2 * 1024 * 1024, maxPages: 5 };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** Why a key could not be fetched: goes to the log (never the URL, the token or the data) and into the OperationOutcome. */
class FetchFailure extends Error {
  constructor(readonly reason: string, readonly status?: number) {
    super(reason);
  }
}

/** What stands in for a key that could not be fetched: an OperationOutcome, the spec's way of saying so (request.ts reads it as failed). */
function failed(reason: string): Json {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: `The service could not fetch this prefetch from the FHIR server (${reason}).` }] };
}

/** The FHIR base URLs registered for a client: CDS_HOOKS_CLIENTS first (as for its keys), then an enabled registered client. */
async function registeredFhirServers(iss: string): Promise<string[]> {
  const fromEnv = getEnv().CDS_HOOKS_CLIENTS.find((c) => c.iss === iss);
  if (fromEnv) return fromEnv.fhirServers;
  const row = await db.cdsClient.findUnique({ where: { iss }, select: { fhirServers: true, enabled: true } });
  return row?.enabled ? row.fhirServers : [];
}

/** http bases (loopback only, by fhir-servers.ts) are used outside production, or with CDS_FHIR_ALLOW_HTTP_LOOPBACK=1. */
function httpLoopbackAllowed(): boolean {
  return process.env.NODE_ENV !== 'production' || getEnv().CDS_FHIR_ALLOW_HTTP_LOOPBACK;
}

const hostOf = (raw: string): string => {
  try {
    return new URL(raw).host.slice(0, 200);
  } catch {
    return 'not-a-url';
  }
};

const FHIR_JSON = /^application\/(fhir\+)?json\s*(;|$)/i;

/** One GET under the base: bearer token, FHIR JSON, no redirect followed, time and size capped. */
async function getJson(url: URL, token: string, limits: FhirFetchLimits, budget: AbortSignal): Promise<Json> {
  const started = Date.now();
  let status: number | undefined;
  try {
    const response = await fetch(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
      // A redirect is never followed (it could lead to another host): a 3xx is a failed fetch.
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(limits.requestTimeoutMs), budget]),
      cache: 'no-store',
    });
    status = response.status;
    if (status >= 300 && status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw new FetchFailure('redirect not followed', status);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!FHIR_JSON.test(contentType)) {
      await response.body?.cancel().catch(() => undefined);
      throw new FetchFailure('not FHIR JSON', status);
    }
    const text = await readCapped(response, limits.maxBytes, () => new FetchFailure('response too large', response.status));
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      throw new FetchFailure('not JSON', status);
    }
    const resource = obj(body);
    if (!resource || typeof resource.resourceType !== 'string') throw new FetchFailure('not a FHIR resource', status);
    if (status >= 400) throw new FetchFailure(resource.resourceType === 'OperationOutcome' ? 'error status with an OperationOutcome' : 'error status', status);
    log.info({ event: 'cds.fhir.fetch', host: url.host, status, ms: Date.now() - started }, 'FHIR fetch');
    return resource;
  } catch (error) {
    const reason = error instanceof FetchFailure ? error.reason : error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? 'timed out' : 'connection failed';
    // Host, status and duration only: never the URL (it names the patient), the token or the body.
    log.warn({ event: 'cds.fhir.fetch.failed', host: url.host, status, ms: Date.now() - started, reason }, 'FHIR fetch failed');
    throw error instanceof FetchFailure ? error : new FetchFailure(reason, status);
  }
}

/**
 * One prefetch key: the template filled, read (a resource of the template's type) or searched (a searchset, its
 * `next` pages followed while they stay under the base, unless the template sets _count — the latest value only).
 */
async function fetchKey(template: string, base: string, input: MissingPrefetchInput, limits: FhirFetchLimits, budget: AbortSignal): Promise<Json> {
  const relative = fillPrefetchTemplate(template, input.context as Json);
  if (relative === null) throw new FetchFailure('template tokens not available');
  const url = new URL(`${base}/${relative}`);
  if (!isUnderBase(url, base)) throw new FetchFailure('template leaves the base');
  const type = relative.split(/[/?]/)[0]!;
  const token = input.fhirAuthorization.access_token;
  const first = await getJson(url, token, limits, budget);
  if (!relative.includes('?')) {
    if (first.resourceType !== type) throw new FetchFailure('unexpected resource type');
    return first;
  }
  if (first.resourceType !== 'Bundle' || first.type !== 'searchset') throw new FetchFailure('not a searchset');
  if (/[?&]_count=/.test(relative)) return first;
  const entries: unknown[] = Array.isArray(first.entry) ? [...(first.entry as unknown[])] : [];
  let page = first;
  for (let pages = 1; ; pages++) {
    const next = (Array.isArray(page.link) ? page.link : []).map(obj).find((l) => l?.relation === 'next');
    if (!next || typeof next.url !== 'string') break;
    // Past the page limit the list is incomplete: a medication not seen is not ruled out.
    if (pages >= limits.maxPages) throw new FetchFailure('too many pages');
    let nextUrl: URL;
    try {
      nextUrl = new URL(next.url, `${base}/`);
    } catch {
      throw new FetchFailure('bad next link');
    }
    if (!isUnderBase(nextUrl, base)) throw new FetchFailure('next link leaves the base');
    page = await getJson(nextUrl, token, limits, budget);
    if (page.resourceType !== 'Bundle') throw new FetchFailure('not a searchset');
    if (Array.isArray(page.entry)) entries.push(...(page.entry as unknown[]));
  }
  return { ...first, entry: entries, link: undefined };
}

/**
 * Fetch the prefetch a call did not carry from the EHR's FHIR server (CDS Hooks 2.0 § FHIR Resource Access), by key.
 *
 * The SSRF guard: the call's `fhirServer` must lie under a FHIR base URL registered for the calling client (same
 * scheme, host and port; path at or below the base's; no user name; lib/domain/cds/fhir-servers.ts) — otherwise no
 * connection is made at all and every missing key fails. Each template's tokens are filled from the context (FHIR
 * ids only), and each request stays under the base, follows no redirect, and is capped in time (per request and for
 * the whole call) and size (counted while streaming); it must answer FHIR JSON of the expected type with a 2xx. The
 * keys are fetched in parallel. A key that fails comes back as an OperationOutcome, which the cards name as not
 * checked (never "no medications"). The log gets host, status, duration and reason — never the token, the URL or
 * the data.
 */
export async function fetchMissingPrefetch(input: MissingPrefetchInput, limits: FhirFetchLimits = FHIR_FETCH_LIMITS): Promise<Record<string, unknown>> {
  const failAll = (reason: string): Record<string, unknown> => Object.fromEntries(input.missing.map((key) => [key, failed(reason)]));
  const base = registeredBaseOf(input.fhirServer, await registeredFhirServers(input.iss));
  if (!base || (base.startsWith('http:') && !httpLoopbackAllowed())) {
    log.warn({ event: 'cds.fhir.refused', host: hostOf(input.fhirServer), reason: base ? 'http not allowed in production' : 'fhirServer not registered for this client' }, 'FHIR server not contacted');
    return failAll('fhirServer not registered');
  }
  if (!/^bearer$/i.test(input.fhirAuthorization.token_type) || /[\r\n]/.test(input.fhirAuthorization.access_token)) return failAll('no bearer token');
  // fhirServer is under the base: requests go to fhirServer itself (the EHR's own base, normalised).
  const server = registeredBaseOf(input.fhirServer, [input.fhirServer.trim()]) ?? base;
  const budget = AbortSignal.timeout(limits.budgetMs);
  const results = await Promise.all(
    input.missing.map(async (key): Promise<[string, unknown]> => {
      const template = input.service.prefetch[key];
      if (!template) return [key, failed('no template')];
      try {
        return [key, await fetchKey(template, server, input, limits, budget)];
      } catch (error) {
        return [key, failed(error instanceof FetchFailure ? error.reason : 'unexpected error')];
      }
    }),
  );
  return Object.fromEntries(results);
}
