/**
 * SMART App Launch 2.x end to end in Chromium (issue 12, item 5): a real OAuth 2 / OpenID Connect authorization
 * server (oidc-provider, a public client with PKCE, the SMART `launch` and `launch/patient` scopes, the `patient`
 * token-response parameter) and a small FHIR server on 127.0.0.1 that serves `.well-known/smart-configuration` and
 * one patient on warfarin, checking the bearer token against the authorization server's own token store. The FHIR
 * server listens on the port registered in SMART_CLIENTS (tests/setup/e2e-global.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import Provider from 'oidc-provider';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/embedded-db';
import { ageOn } from '../../lib/domain/fhir/import-bundle';
import { createClinician } from '../factories';
import { openBrowser, signInWithBrowser, type Browser } from '../support/browser';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const smart = inject('smartFhir');
const logFile = inject('appLogFile');
const db = e2eDatabase();
const browsers: Browser[] = [];
const servers: Server[] = [];

const PATIENT_ID = 'smart-warfarin-1';
const BIRTH_DATE = '1951-04-20';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

let provider: Provider;
let asIssuer: string;
/** What the authorization server and the FHIR server saw, for the assertions. */
const authorizationRequests: Array<Record<string, unknown>> = [];
const issuedTokens: string[] = [];
const fhirRequests: Array<{ path: string; authorized: boolean }> = [];
/** A resource type whose search the FHIR server fails (500 OperationOutcome), for the fail-safe test. */
let failingType: string | null = null;

const searchset = (resources: object[]): object => ({ resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })) });
const RECORD = {
  Patient: { resourceType: 'Patient', id: PATIENT_ID, gender: 'female', birthDate: BIRTH_DATE },
  MedicationRequest: [
    { resourceType: 'MedicationRequest', id: 'mr-warfarin', status: 'active', intent: 'order', subject: { reference: `Patient/${PATIENT_ID}` }, medicationCodeableConcept: { text: 'warfarin 5 mg tablet', coding: [{ system: RXNORM, code: '855332', display: 'warfarin sodium 5 MG Oral Tablet' }] } },
  ],
  MedicationStatement: [],
  Condition: [],
  Observation: [
    { resourceType: 'Observation', id: 'obs-25ohd', status: 'final', subject: { reference: `Patient/${PATIENT_ID}` }, effectiveDateTime: '2026-10-01', code: { coding: [{ system: 'http://loinc.org', code: '62292-8' }] }, valueQuantity: { value: 18, unit: 'ng/mL', system: 'http://unitsofmeasure.org', code: 'ng/mL' } },
  ],
} as const;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': status === 200 ? 'application/fhir+json' : 'application/json' });
  res.end(JSON.stringify(body));
}

/** The FHIR server: smart-configuration in the open, everything else only with an access token the AS issued. */
async function fhirHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', smart.iss);
  if (url.pathname === '/fhir/.well-known/smart-configuration') {
    return send(res, 200, {
      issuer: asIssuer,
      authorization_endpoint: `${asIssuer}/auth`,
      token_endpoint: `${asIssuer}/token`,
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'fhirUser', 'launch', 'launch/patient', 'patient/*.rs'],
      response_types_supported: ['code'],
      capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-standalone-patient', 'sso-openid-connect', 'permission-v2'],
    });
  }
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  const token = bearer ? await provider.AccessToken.find(bearer) : undefined;
  const scopes = new Set((token?.scope ?? '').split(' '));
  const type = url.pathname.replace(/^\/fhir\//, '').split('/')[0] ?? '';
  const authorized = Boolean(token) && scopes.has(`patient/${type}.rs`);
  fhirRequests.push({ path: url.pathname + url.search, authorized });
  if (!authorized) return send(res, 401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
  if (type === failingType) return send(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] });
  if (url.pathname === `/fhir/Patient/${PATIENT_ID}`) return send(res, 200, RECORD.Patient);
  if (type in RECORD && type !== 'Patient' && url.searchParams.get('patient') === PATIENT_ID) return send(res, 200, searchset([...RECORD[type as Exclude<keyof typeof RECORD, 'Patient'>]]));
  return send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
}

function listen(server: Server, port: number): Promise<void> {
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

beforeAll(async () => {
  const asPort = await findFreePort();
  asIssuer = `http://127.0.0.1:${asPort}`;
  provider = new Provider(asIssuer, {
    clients: [{ client_id: smart.clientId, token_endpoint_auth_method: 'none', redirect_uris: [`${baseUrl}/smart/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
    // SMART's scopes and the EHR-launch parameters (launch, aud) of the authorization request.
    scopes: ['openid', 'fhirUser', 'launch', 'launch/patient', 'patient/Patient.rs', 'patient/MedicationRequest.rs', 'patient/MedicationStatement.rs', 'patient/Condition.rs', 'patient/Observation.rs'],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
    extraParams: ['launch', 'aud'],
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => Promise.resolve({ accountId: sub, claims: () => ({ sub, fhirUser: 'Practitioner/dr-smart' }) }),
    cookies: { keys: ['smart-e2e-cookie-key-0123456789'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  // The SMART launch context in the token response (SMART 2.x § Response: `patient`), and what was asked for.
  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth') authorizationRequests.push(Object.fromEntries(new URLSearchParams(ctx.querystring)));
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.path === '/token' && ctx.status === 200 && body && typeof body.access_token === 'string') {
      issuedTokens.push(body.access_token);
      const scopes = String(body.scope ?? '').split(' ');
      if (scopes.includes('launch') || scopes.includes('launch/patient')) body.patient = PATIENT_ID;
    }
  });
  await listen(createServer(provider.callback()), asPort);
  await listen(
    createServer((req, res) => {
      fhirHandler(req, res).catch(() => send(res, 500, {}));
    }),
    smart.port,
  );
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Log in and consent at oidc-provider's interaction pages, until the app has the browser back. */
async function passAuthorizationServer(page: Page): Promise<void> {
  for (let step = 0; step < 6; step += 1) {
    await page.waitForLoadState('load');
    if (!page.url().startsWith(asIssuer)) return;
    const login = page.locator('input[name="login"]');
    const consent = page.getByRole('button', { name: 'Continue' });
    await login.or(consent).first().waitFor();
    if (await login.isVisible()) {
      await login.fill('dr-smart');
      await page.locator('input[name="password"]').fill('any');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await login.waitFor({ state: 'detached' });
    } else {
      await consent.click();
      await consent.waitFor({ state: 'detached' });
    }
  }
}

async function expectPrefilled(page: Page): Promise<string> {
  await page.waitForURL(/\/reports\/new\?draft=[0-9a-f-]{36}$/);
  await page.getByText('Pre-filled from the EHR.').waitFor();
  const form = page.getByRole('form', { name: 'Patient context' });
  expect(await form.getByLabel('Age (years)').inputValue()).toBe(String(ageOn(BIRTH_DATE, new Date().toISOString().slice(0, 10))));
  expect(await form.getByLabel('Sex').inputValue()).toBe('female');
  expect(await form.getByLabel('Medication 1', { exact: true }).inputValue()).toBe('warfarin 5 mg tablet');
  expect(await form.getByLabel('25(OH)D level (optional)').inputValue()).toBe('18');
  return new URL(page.url()).searchParams.get('draft')!;
}

describe('SMART App Launch 2.x', () => {
  it('EHR launch: a signed-in clinician lands on the New report form pre-filled for the patient', async () => {
    const user = await createClinician(db);
    const b = await openBrowser(baseUrl);
    browsers.push(b);
    await signInWithBrowser(b.page, user.email, user.password);
    await b.page.waitForURL((u) => !u.pathname.startsWith('/login'));

    await b.page.goto(`/smart/launch?iss=${encodeURIComponent(smart.iss)}&launch=xyz`);
    await passAuthorizationServer(b.page);
    const draftId = await expectPrefilled(b.page);

    // The authorization request as SMART 2.x § EHR launch has it.
    const request = authorizationRequests.at(-1)!;
    expect(request).toMatchObject({ response_type: 'code', client_id: smart.clientId, redirect_uri: `${baseUrl}/smart/callback`, launch: 'xyz', aud: smart.iss, code_challenge_method: 'S256' });
    expect(String(request.scope).split(' ')).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'launch', 'patient/Patient.rs', 'patient/MedicationRequest.rs', 'patient/MedicationStatement.rs', 'patient/Condition.rs', 'patient/Observation.rs']));
    expect(String(request.state)).toMatch(/^[\w-]{20,}$/);
    expect(String(request.code_challenge)).toMatch(/^[\w-]{43}$/);
    // Every FHIR request carried a valid token; all five parts of the record were read.
    expect(fhirRequests.length).toBeGreaterThanOrEqual(5);
    expect(fhirRequests.every((r) => r.authorized)).toBe(true);
    for (const type of ['Patient/', 'MedicationRequest?', 'MedicationStatement?', 'Condition?', 'Observation?']) expect(fhirRequests.some((r) => r.path.includes(type))).toBe(true);
    // The draft is a CdsDraft of that iss; the fhirUser recorded in the audit row, under the app's own account.
    const draft = await db.cdsDraft.findUniqueOrThrow({ where: { id: draftId } });
    expect(draft.iss).toBe(smart.iss);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'smart.launch', entityId: draftId } });
    expect(audit.actorId).toBe(user.id);
    expect(audit.details).toMatchObject({ iss: smart.iss, fhirUser: 'Practitioner/dr-smart' });
  });

  it('a record read in part pre-fills nothing: a failed MedicationRequest search fails the launch, no draft is kept', async () => {
    const { page } = browsers[0]!;
    const draftsBefore = await db.cdsDraft.count({ where: { iss: smart.iss } });
    failingType = 'MedicationRequest';
    try {
      const answer = page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/smart/callback`));
      await page.goto(`/smart/launch?iss=${encodeURIComponent(smart.iss)}&launch=xyz-2`);
      await passAuthorizationServer(page);
      expect((await answer).status()).toBe(502);
      await page.getByRole('heading', { name: 'The EHR launch could not be completed' }).waitFor();
      expect(await page.getByText('nothing was pre-filled').isVisible()).toBe(true);
    } finally {
      failingType = null;
    }
    expect(await db.cdsDraft.count({ where: { iss: smart.iss } })).toBe(draftsBefore);
  });

  it('standalone launch from a signed-out browser: sign in at the app afterwards, the draft survives', async () => {
    const user = await createClinician(db);
    const b = await openBrowser(baseUrl);
    browsers.push(b);
    await b.page.goto(`/smart/launch?iss=${encodeURIComponent(smart.iss)}`);
    await passAuthorizationServer(b.page);
    await b.page.waitForURL(/\/login\?next=/);
    expect(new URL(b.page.url()).searchParams.get('next')).toMatch(/^\/reports\/new\?draft=[0-9a-f-]{36}$/);
    expect(String(authorizationRequests.at(-1)!.scope).split(' ')).toEqual(expect.arrayContaining(['launch/patient']));
    expect(authorizationRequests.at(-1)!.launch).toBeUndefined();
    await b.page.getByLabel('E-mail').fill(user.email);
    await b.page.getByLabel('Password').fill(user.password);
    await b.page.getByRole('button', { name: 'Sign in' }).click();
    await expectPrefilled(b.page);
  });

  it('refuses an unregistered iss without contacting it, and a callback that this browser did not start', async () => {
    const before = fhirRequests.length;
    const unregistered = await fetch(`${baseUrl}/smart/launch?iss=${encodeURIComponent('http://127.0.0.1:9/fhir')}&launch=x`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(unregistered.status).toBe(400);
    expect(await unregistered.text()).toContain('not registered');
    const noCookie = await fetch(`${baseUrl}/smart/callback?code=abc&state=def`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(noCookie.status).toBe(400);
    expect(fhirRequests.length).toBe(before);
  });

  it('never writes an access token to the log', async () => {
    expect(issuedTokens.length).toBeGreaterThanOrEqual(2);
    const text = await readFile(logFile, 'utf8');
    for (const token of issuedTokens) expect(text.includes(token)).toBe(false);
    expect(text).not.toContain(BIRTH_DATE);
  });
});
