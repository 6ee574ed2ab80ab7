/**
 * fetchMissingPrefetch (lib/server/cds/fhir-fetch.ts) against a real FHIR server implementation started here —
 * Medplum's FHIR router on its in-memory repository behind node:http on 127.0.0.1 (tests/support/fhir-server.ts) —
 * and against hostile servers: the SSRF guard (an unregistered or look-alike fhirServer is never connected to,
 * counted at the socket level), the timeouts, the size cap, error statuses, redirects and content types.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findService } from '@/lib/domain/cds/services';
import { FHIR_FETCH_LIMITS, fetchMissingPrefetch, type MissingPrefetchInput } from '@/lib/server/cds/fhir-fetch';
import { db } from '@/lib/server/db';
import { createCdsClient } from '../factories';
import { startFhirTestServer, startHostileServer, type FhirTestServer, type TestServer } from '../support/fhir-server';

const TOKEN = `test-access-token-${randomUUID()}`;
const service = findService('k2-patient-view')!;
const ALL_KEYS = Object.keys(service.prefetch);
const JWKS = { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y', kid: 'k' }] };

let fhir: FhirTestServer;
let bystander: TestServer;
let iss: string;

const input = (over: Partial<MissingPrefetchInput> = {}): MissingPrefetchInput => ({
  service,
  iss,
  fhirServer: fhir.baseUrl,
  fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'k2' },
  context: { patientId: fhir.patientId, userId: 'Practitioner/123' },
  missing: ALL_KEYS,
  ...over,
});
const isFailure = (v: unknown): boolean => (v as { resourceType?: string }).resourceType === 'OperationOutcome';

beforeAll(async () => {
  fhir = await startFhirTestServer({ token: TOKEN });
  bystander = await startHostileServer('record');
  iss = (await createCdsClient(db, { jwks: JWKS, fhirServers: [fhir.baseUrl, `${bystander.origin}/fhir/R4`] })).iss;
});
afterAll(async () => {
  await fhir.close();
  await bystander.close();
});

describe('fetchMissingPrefetch from a registered FHIR server (Medplum)', () => {
  it('fetches every missing key in parallel with the bearer token and FHIR JSON, and reads the warfarin patient', async () => {
    const before = fhir.requests.length;
    const got = await fetchMissingPrefetch(input());
    expect(Object.keys(got).sort()).toEqual([...ALL_KEYS].sort());
    expect(got.patient).toMatchObject({ resourceType: 'Patient', id: fhir.patientId });
    const meds = got.medications as { resourceType: string; entry: Array<{ resource: Record<string, unknown> }> };
    expect(meds.resourceType).toBe('Bundle');
    expect(JSON.stringify(meds.entry.map((e) => e.resource))).toContain('855332');
    expect((got.conditions as { entry: unknown[] }).entry.length).toBeGreaterThan(0);
    expect((got.vitaminD as { entry: Array<{ resource: { resourceType: string } }> }).entry[0]?.resource.resourceType).toBe('Observation');
    const seen = fhir.requests.slice(before);
    expect(seen).toHaveLength(ALL_KEYS.length);
    for (const r of seen) {
      expect(r.method).toBe('GET');
      expect(r.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.accept).toBe('application/fhir+json');
    }
    expect(seen.map((r) => r.path)).toEqual(expect.arrayContaining([`/fhir/R4/Patient/${fhir.patientId}`, `/fhir/R4/MedicationRequest?patient=${fhir.patientId}&status=active`]));
  });

  it('a wrong token (401 from the server) fails every key, as an OperationOutcome', async () => {
    const got = await fetchMissingPrefetch(input({ fhirAuthorization: { ...input().fhirAuthorization, access_token: 'wrong' } }));
    for (const key of ALL_KEYS) expect(isFailure(got[key]), key).toBe(true);
  });

  it('a patientId that would leave the base (../, ?, /) is not fetched at all', async () => {
    for (const patientId of ['..', '../../admin', 'x?_format=xml', 'a/b', 'x#y', '%2e%2e']) {
      const before = fhir.connections();
      const got = await fetchMissingPrefetch(input({ context: { patientId } }));
      for (const key of ALL_KEYS) expect(isFailure(got[key]), `${patientId} ${key}`).toBe(true);
      expect(fhir.connections(), patientId).toBe(before);
    }
  });
});

describe('the SSRF guard: nothing but a registered base is ever contacted', () => {
  it('an unregistered fhirServer (another loopback port, listening) sees no connection at all', async () => {
    const stranger = await startHostileServer('record');
    try {
      const got = await fetchMissingPrefetch(input({ fhirServer: `${stranger.origin}/fhir/R4` }));
      for (const key of ALL_KEYS) expect(isFailure(got[key]), key).toBe(true);
      expect(stranger.connections()).toBe(0);
      expect(stranger.requests).toHaveLength(0);
    } finally {
      await stranger.close();
    }
  });

  it('look-alikes of a registered base (sibling path, dot segments, userinfo, query, other host spelling, https) are refused without connecting', async () => {
    const port = new URL(bystander.origin).port;
    const lookAlikes = [
      `${bystander.origin}/fhir/R4x`,
      `${bystander.origin}/fhir/R4-admin/`,
      `${bystander.origin}/fhir/R4/../../admin`,
      `${bystander.origin}/fhir/R4%2F..%2Fadmin`,
      `${bystander.origin}/fhir`,
      `http://user:pw@127.0.0.1:${port}/fhir/R4`,
      `http://@127.0.0.1:${port}/fhir/R4`,
      `${bystander.origin}/fhir/R4?x=1`,
      `${bystander.origin}/fhir/R4#x`,
      `http://localhost:${port}/fhir/R4`,
      `http://127.0.0.2:${port}/fhir/R4`,
      `https://127.0.0.1:${port}/fhir/R4`,
      `HTTP://127.0.0.1:${port}\\fhir\\R4`,
      'file:///etc/passwd',
      'not a url',
    ];
    for (const fhirServer of lookAlikes) {
      const got = await fetchMissingPrefetch(input({ fhirServer }));
      for (const key of ALL_KEYS) expect(isFailure(got[key]), `${fhirServer} ${key}`).toBe(true);
    }
    expect(bystander.connections()).toBe(0);
  });

  it('a path below a registered base is admitted (the base is a prefix, by whole segments; trailing slash ignored)', async () => {
    const before = bystander.requests.length;
    const got = await fetchMissingPrefetch(input({ fhirServer: `${bystander.origin}/fhir/R4/tenant-a/`, missing: ['conditions'] }));
    expect(got.conditions).toMatchObject({ resourceType: 'Bundle' });
    expect(bystander.requests.slice(before).map((r) => r.path)).toEqual([`/fhir/R4/tenant-a/Condition?patient=${fhir.patientId}&clinical-status=active`]);
  });

  it('a disabled client, or a client without FHIR base URLs, gets no fetch', async () => {
    const disabled = await createCdsClient(db, { jwks: JWKS, fhirServers: [fhir.baseUrl], enabled: false });
    const none = await createCdsClient(db, { jwks: JWKS });
    const before = fhir.connections();
    for (const client of [disabled.iss, none.iss, 'https://never-registered.test']) {
      const got = await fetchMissingPrefetch(input({ iss: client }));
      for (const key of ALL_KEYS) expect(isFailure(got[key]), `${client} ${key}`).toBe(true);
    }
    expect(fhir.connections()).toBe(before);
  });
});

describe('limits: every failure is an OperationOutcome, and fast', () => {
  const hostile = async (mode: Parameters<typeof startHostileServer>[0], limits = FHIR_FETCH_LIMITS, redirectTo?: string): Promise<{ got: Record<string, unknown>; ms: number; server: TestServer }> => {
    const server = await startHostileServer(mode, { redirectTo });
    try {
      const client = await createCdsClient(db, { jwks: JWKS, fhirServers: [`${server.origin}/fhir/R4`] });
      const started = Date.now();
      const got = await fetchMissingPrefetch(input({ iss: client.iss, fhirServer: `${server.origin}/fhir/R4` }), limits);
      return { got, ms: Date.now() - started, server };
    } finally {
      await server.close();
    }
  };

  it('a server slower than the per-request timeout', async () => {
    const { got, ms, server } = await hostile('slow', { ...FHIR_FETCH_LIMITS, requestTimeoutMs: 400 });
    for (const key of ALL_KEYS) expect(isFailure(got[key]), key).toBe(true);
    // In parallel: one after the other, the five keys would take at least 5 × 400 ms.
    expect(ms).toBeLessThan(2_000);
    expect(server.requests.length).toBeGreaterThan(0);
  });

  it('the overall budget bounds the call even when each request is within its own timeout', async () => {
    const { got, ms } = await hostile('slow', { ...FHIR_FETCH_LIMITS, requestTimeoutMs: 10_000, budgetMs: 500 });
    for (const key of ALL_KEYS) expect(isFailure(got[key]), key).toBe(true);
    expect(ms).toBeLessThan(2_000);
  });

  it('a response over the size cap (streamed, no Content-Length)', async () => {
    const { got } = await hostile('oversized', { ...FHIR_FETCH_LIMITS, maxBytes: 1024 * 1024 });
    for (const key of ALL_KEYS) expect(isFailure(got[key]), key).toBe(true);
  });

  it('500 with an OperationOutcome, HTML with 200', async () => {
    for (const mode of ['error500', 'html'] as const) {
      const { got } = await hostile(mode);
      for (const key of ALL_KEYS) expect(isFailure(got[key]), `${mode} ${key}`).toBe(true);
    }
  });

  it('a redirect is never followed, not even to a registered server', async () => {
    const before = fhir.connections();
    const { got } = await hostile('redirect', FHIR_FETCH_LIMITS, `${fhir.baseUrl}/Patient/${fhir.patientId}`);
    for (const key of ALL_KEYS) expect(isFailure(got[key]), key).toBe(true);
    expect(fhir.connections()).toBe(before);
  });
});
