/**
 * CDS Hooks calls without prefetch but with fhirServer + fhirAuthorization (CDS Hooks 2.0 § FHIR Resource Access),
 * through the running app (`next start`): the service fetches what it needs from a real FHIR server implementation
 * started here (Medplum's FHIR router on its in-memory repository, tests/support/fhir-server.ts) — only when the
 * fhirServer lies under a FHIR base URL registered for the calling client. An unregistered server, listening on
 * another loopback port, is never connected to (counted at the socket level). Slow, oversized and failing servers
 * give the "could not be checked" card, quickly. The token and the patient never reach the app's log.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CdsResponseSchema, type Card } from '@/lib/domain/cds/cards';
import { createCdsClient } from '../factories';
import { makeCdsKey, postCds, signCdsJwt, type TestCdsKey } from '../support/cds';
import { e2eDatabase } from '../support/db';
import { startFhirTestServer, startHostileServer, type FhirTestServer, type TestServer } from '../support/fhir-server';

const baseUrl = inject('baseUrl');
const logFile = inject('appLogFile');
const db = e2eDatabase();
const VIEW_URL = (): string => `${baseUrl}/cds-services/k2-patient-view`;
const TOKEN = `e2e-fhir-token-${randomUUID()}`;

let key: TestCdsKey;
let iss: string;
let fhir: FhirTestServer;
let stranger: TestServer;
let slow: TestServer;
let oversized: TestServer;
let failing: TestServer;
let redirecting: TestServer;
let redirectTarget: TestServer;

/** A patient-view call as an EHR sends it when it wants the service to fetch: no prefetch, fhirServer and a bearer token. */
const viewCall = (fhirServer: string, patientId: string): Record<string, unknown> => ({
  hook: 'patient-view',
  hookInstance: randomUUID(),
  fhirServer,
  fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/Patient.read patient/MedicationRequest.read patient/MedicationStatement.read patient/Condition.read patient/Observation.read', subject: 'k2-evidence-desk', patient: patientId },
  context: { userId: 'Practitioner/123', patientId },
});

async function call(fhirServer: string, patientId = fhir.patientId): Promise<{ cards: Card[]; ms: number }> {
  const started = Date.now();
  const res = await postCds(VIEW_URL(), viewCall(fhirServer, patientId), await signCdsJwt({ iss, aud: VIEW_URL(), key }));
  const ms = Date.now() - started;
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const parsed = CdsResponseSchema.safeParse(res.body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  return { cards: parsed.data!.cards, ms };
}
const couldNotCheck = (cards: Card[]): Card | undefined => cards.find((c) => c.indicator === 'warning' && /medication list could not be read/i.test(c.summary));
/** The safety finding of lib/domain/report/safety.ts for warfarin, read from the fetched MedicationRequest (RxNorm 855332). */
const vkaCard = (cards: Card[]): Card | undefined => cards.find((c) => c.indicator === 'warning' && /warfarin.*\(vitamin K antagonist\): vitamin K2 can lower the INR/i.test(c.summary));

beforeAll(async () => {
  key = await makeCdsKey('ES384');
  fhir = await startFhirTestServer({ token: TOKEN });
  [stranger, slow, oversized, failing, redirectTarget] = await Promise.all([startHostileServer('record'), startHostileServer('slow'), startHostileServer('oversized'), startHostileServer('error500'), startHostileServer('record')]);
  redirecting = await startHostileServer('redirect', { redirectTo: `${redirectTarget.baseUrl}/Patient/${fhir.patientId}` });
  // The redirect's target is registered too: only "redirects are never followed" keeps the service from it.
  iss = (await createCdsClient(db, { name: 'EHR with a FHIR server', jwks: { keys: [key.publicJwk] }, fhirServers: [fhir.baseUrl, slow.baseUrl, oversized.baseUrl, failing.baseUrl, redirecting.baseUrl, redirectTarget.baseUrl] })).iss;
});
afterAll(async () => {
  await Promise.all([fhir, stranger, slow, oversized, failing, redirecting, redirectTarget].filter(Boolean).map((s) => s.close()));
});

describe('CDS Hooks: missing prefetch fetched from the EHR\u2019s FHIR server', () => {
  it('(a) a registered fhirServer: the service queries it with the bearer token and answers with the VKA card', async () => {
    const before = fhir.requests.length;
    const { cards } = await call(fhir.baseUrl);
    const seen = fhir.requests.slice(before);
    expect(seen.map((r) => r.path.split('?')[0]).sort()).toEqual(['/fhir/R4/Condition', '/fhir/R4/MedicationRequest', '/fhir/R4/MedicationStatement', '/fhir/R4/Observation', `/fhir/R4/Patient/${fhir.patientId}`]);
    for (const r of seen) {
      expect(r.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.accept).toBe('application/fhir+json');
    }
    expect(couldNotCheck(cards), JSON.stringify(cards.map((c) => c.summary))).toBeUndefined();
    expect(cards.some((c) => /could not be read/i.test(c.summary)), JSON.stringify(cards.map((c) => c.summary))).toBe(false);
    expect(vkaCard(cards), JSON.stringify(cards.map((c) => c.summary))).toBeDefined();
  });

  it('(b) an unregistered fhirServer (another loopback port, listening) sees zero connections; the answer is the could-not-check card', async () => {
    const { cards } = await call(stranger.baseUrl);
    expect(stranger.connections()).toBe(0);
    expect(stranger.requests).toHaveLength(0);
    expect(couldNotCheck(cards)?.detail).toMatch(/could not be checked/);
    expect(vkaCard(cards)).toBeUndefined();
  });

  it('(c) a slow, an oversized and a failing (500 OperationOutcome) server: the could-not-check card, within the time limits', async () => {
    for (const server of [slow, oversized, failing]) {
      const { cards, ms } = await call(server.baseUrl);
      expect(server.requests.length, server.baseUrl).toBeGreaterThan(0);
      expect(couldNotCheck(cards), server.baseUrl).toBeDefined();
      // 5 s per request, 8 s for the call (the slow server would answer after 30 s).
      expect(ms, server.baseUrl).toBeLessThan(12_000);
    }
  });

  it('a redirect is never followed, not even to a registered server: the could-not-check card', async () => {
    const { cards } = await call(redirecting.baseUrl);
    expect(redirecting.requests.length).toBeGreaterThan(0);
    expect(redirectTarget.connections()).toBe(0);
    expect(couldNotCheck(cards)).toBeDefined();
  });

  it('the app log names the host and status of the fetches, never the token or the patient', async () => {
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('"event":"cds.fhir.fetch"');
    expect(log).toContain('"event":"cds.fhir.refused"');
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(fhir.patientId);
    expect(log).not.toContain('855332');
  });
});
