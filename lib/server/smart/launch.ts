import 'server-only';
import { createHash } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { NextResponse } from 'next/server';
import * as oauth from 'oauth4webapi';
import { can } from '@/lib/domain/permissions';
import { LOINC_VITAMIN_D } from '@/lib/domain/fhir/codes';
import { importFhirBundle } from '@/lib/domain/fhir/import-bundle';
import { isUnderBase } from '@/lib/domain/fhir/base-url';
import { FhirBaseUrlSchema, FhirIdSchema, launchScope, smartConfigurationProblem, SmartConfigurationSchema, type SmartClientConfig, type SmartConfiguration } from '@/lib/domain/smart/clients';
import { writeAudit } from '../audit';
import { requestOrigin } from '../cds/auth';
import { saveDraft } from '../cds/drafts';
import { db } from '../db';
import { getEnv } from '../env';
import { errorFields, log } from '../log';
import { clientIp } from '../request-info';
import { getSessionUser } from '../session';
import { readCapped } from '../read-capped';

/**
 * SMART App Launch 2.x, EHR launch and standalone launch, as a public client with PKCE S256 (oauth4webapi for the
 * protocol steps). See README "SMART App Launch" and ARCHITECTURE.md "EHR interoperability".
 *
 * - `/smart/launch?iss&launch` (EHR) or `/smart/launch?iss` (standalone): only for an `iss` in SMART_CLIENTS; reads
 *   `<iss>/.well-known/smart-configuration` (that host only, no redirects, timeout, size cap) and redirects to its
 *   authorization endpoint. The state, the PKCE verifier, the iss and the two endpoints travel in an encrypted
 *   (AUTH_SECRET-derived key, A256GCM), HttpOnly, SameSite=Lax cookie on /smart/callback for 10 minutes.
 * - `/smart/callback?code&state`: checks the state (and the RFC 9207 `iss` when sent), exchanges the code with the
 *   verifier, reads `patient`, fetches that patient's record from the iss only (no other host, no redirects, timeouts,
 *   size caps), maps it with importFhirBundle as the FHIR import does and saves it as a CdsDraft. The access token
 *   lives in this request only and is never stored or logged.
 * - Who is signed in is this app's own session: without one the callback still saves the draft and sends the browser
 *   to /login with the draft as the way back (the draft is only readable by a signed-in user with report:create). A
 *   signed-in user without report:create is refused before the code is exchanged. The `fhirUser` of the id token is
 *   recorded in the audit row, never used as an identity.
 */

export const CALLBACK_PATH = '/smart/callback';
const COOKIE = 'k2_smart_launch';
const COOKIE_MINUTES = 10;
const FETCH_TIMEOUT_MS = 10_000;
const CONFIG_MAX_BYTES = 256 * 1024;
const FHIR_MAX_BYTES = 2 * 1024 * 1024;
const MAX_PAGES = 5;

type LaunchState = { state: string; verifier: string; iss: string; issuer: string; authorizationEndpoint: string; tokenEndpoint: string };

class LaunchError extends Error {
  constructor(
    readonly reason: string,
    readonly status: number,
    readonly userMessage: string,
  ) {
    super(reason);
    this.name = 'SmartLaunchError';
  }
}

function cookieKey(): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`k2-smart-launch:${getEnv().AUTH_SECRET}`).digest());
}

const PAGE_HEADERS = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'" };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, message: string): NextResponse {
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>EHR launch</title><h1>The EHR launch could not be completed</h1><p>${escapeHtml(message)}</p><p><a href="/reports/new">Enter the patient's details by hand</a></p></html>`;
  return new NextResponse(html, { status, headers: PAGE_HEADERS });
}

function fail(error: unknown, step: string): NextResponse {
  if (error instanceof LaunchError) {
    log.warn({ event: 'smart.launch.failed', step, reason: error.reason }, 'SMART launch failed');
    return page(error.status, error.userMessage);
  }
  // oauth4webapi's errors may carry the server's response in `cause`: only the name and code are logged.
  log.warn({ event: 'smart.launch.failed', step, error: errorFields(error) }, 'SMART launch failed');
  return page(502, 'The EHR did not answer as expected. Launch the app again from the EHR.');
}

function registeredClient(iss: string | null): SmartClientConfig {
  const parsed = FhirBaseUrlSchema.safeParse(iss ?? '');
  const client = parsed.success ? getEnv().SMART_CLIENTS.find((c) => c.iss === parsed.data) : undefined;
  if (!client) throw new LaunchError('iss not registered', 400, 'This EHR (its FHIR server) is not registered with K2 Evidence Desk. Ask an administrator to add it to SMART_CLIENTS.');
  return client;
}



/** GET a JSON document under the FHIR base: no redirects (they could lead to another host), a timeout, a size cap. */
async function getJson(url: URL, iss: string, maxBytes: number, accessToken?: string): Promise<unknown> {
  if (!isUnderBase(url, iss)) throw new LaunchError('url outside the registered FHIR base', 502, 'The EHR pointed to an address outside its registered FHIR server.');
  const headers: Record<string, string> = { Accept: accessToken ? 'application/fhir+json' : 'application/json' };
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  const response = await fetch(url, { headers, redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), cache: 'no-store' });
  if (!response.ok) {
    await response.body?.cancel();
    throw new LaunchError(`HTTP ${response.status} from ${url.pathname.slice(new URL(`${iss}/`).pathname.length).split('/')[0]?.split('?')[0] ?? 'FHIR'}`, 502, 'The patient\'s record could not be read from the EHR, so nothing was pre-filled. Enter the details by hand, or launch again.');
  }
  try {
    return JSON.parse(await readCapped(response, maxBytes, () => new LaunchError('response too large', 502, 'The EHR sent more data than K2 Evidence Desk accepts.'))) as unknown;
  } catch (error) {
    if (error instanceof LaunchError) throw error;
    throw new LaunchError('response is not JSON', 502, 'The EHR sent data K2 Evidence Desk cannot read.');
  }
}

async function smartConfiguration(iss: string): Promise<SmartConfiguration> {
  const parsed = SmartConfigurationSchema.safeParse(await getJson(new URL(`${iss}/.well-known/smart-configuration`), iss, CONFIG_MAX_BYTES));
  if (!parsed.success) throw new LaunchError('smart-configuration is not valid', 502, 'The EHR\'s SMART configuration could not be read.');
  const problem = smartConfigurationProblem(parsed.data, iss);
  if (problem) throw new LaunchError(`smart-configuration: ${problem}`, 502, 'The EHR\'s SMART configuration is not one K2 Evidence Desk can use safely.');
  return parsed.data;
}

const insecure = (iss: string): boolean => new URL(iss).protocol === 'http:';

/** GET /smart/launch: EHR launch (`launch` given) or standalone launch (`launch/patient`). */
export async function handleLaunch(request: Request): Promise<NextResponse> {
  try {
    const url = new URL(request.url);
    const client = registeredClient(url.searchParams.get('iss'));
    const launch = url.searchParams.get('launch');
    if (launch !== null && (launch.length === 0 || launch.length > 2000)) throw new LaunchError('launch parameter not valid', 400, 'The launch parameter from the EHR is not valid.');
    // A signed-in user who may not write reports is stopped here; a signed-out browser goes on and signs in after.
    const user = await getSessionUser();
    if (user && !can(user, 'report:create')) throw new LaunchError('no report:create', 403, 'Your account may not create reports, so it cannot open a patient from the EHR.');
    const config = await smartConfiguration(client.iss);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const authorize = new URL(config.authorization_endpoint);
    authorize.searchParams.set('response_type', 'code');
    authorize.searchParams.set('client_id', client.clientId);
    authorize.searchParams.set('redirect_uri', `${requestOrigin(request)}${CALLBACK_PATH}`);
    authorize.searchParams.set('scope', launchScope(client, launch === null ? 'standalone' : 'ehr'));
    if (launch !== null) authorize.searchParams.set('launch', launch);
    authorize.searchParams.set('state', state);
    authorize.searchParams.set('aud', client.iss);
    authorize.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    authorize.searchParams.set('code_challenge_method', 'S256');
    const saved: LaunchState = { state, verifier, iss: client.iss, issuer: config.issuer ?? client.iss, authorizationEndpoint: config.authorization_endpoint, tokenEndpoint: config.token_endpoint };
    const cookie = await new EncryptJWT({ ...saved }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt().setExpirationTime(`${COOKIE_MINUTES}m`).encrypt(cookieKey());
    const response = NextResponse.redirect(authorize, 302);
    response.headers.set('Cache-Control', 'no-store');
    response.cookies.set(COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: requestOrigin(request).startsWith('https:'), path: CALLBACK_PATH, maxAge: COOKIE_MINUTES * 60 });
    return response;
  } catch (error) {
    return fail(error, 'launch');
  }
}

async function readLaunchState(request: Request): Promise<LaunchState> {
  const raw = /(?:^|;\s*)k2_smart_launch=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  if (!raw) throw new LaunchError('no launch cookie', 400, 'This sign-in from the EHR has expired or was not started here. Launch the app again from the EHR.');
  try {
    const { payload } = await jwtDecrypt(raw, cookieKey(), { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    const s = payload as Partial<LaunchState>;
    if (![s.state, s.verifier, s.iss, s.issuer, s.authorizationEndpoint, s.tokenEndpoint].every((v) => typeof v === 'string' && v)) throw new Error('incomplete');
    return s as LaunchState;
  } catch {
    throw new LaunchError('launch cookie not valid', 400, 'This sign-in from the EHR has expired. Launch the app again from the EHR.');
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A search's resources of `type`, following `next` links (under the base only) for at most MAX_PAGES pages. */
async function search(iss: string, type: string, params: Record<string, string>, accessToken: string): Promise<Json[]> {
  let url: URL | undefined = new URL(`${iss}/${type}`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const found: Json[] = [];
  for (let pageNo = 0; url && pageNo < MAX_PAGES; pageNo += 1) {
    const bundle = await getJson(url, iss, FHIR_MAX_BYTES, accessToken);
    if (!isObject(bundle) || bundle.resourceType !== 'Bundle') throw new LaunchError(`${type} search is not a Bundle`, 502, 'The patient\'s record could not be read from the EHR, so nothing was pre-filled.');
    for (const entry of Array.isArray(bundle.entry) ? bundle.entry : []) {
      const resource = isObject(entry) ? entry.resource : undefined;
      if (isObject(resource) && resource.resourceType === type) found.push(resource);
    }
    const next = (Array.isArray(bundle.link) ? bundle.link : []).find((l): l is Json => isObject(l) && l.relation === 'next' && typeof l.url === 'string');
    url = next ? new URL(next.url as string) : undefined;
  }
  return found;
}

/**
 * The patient's record as one collection Bundle: Patient, MedicationRequest and MedicationStatement (active or on
 * hold — a paused anticoagulant is still the patient's, as the FHIR import reads it), Condition, and 25(OH)D
 * Observations. Every request must succeed: a record read in part could pre-fill "no medications" for a patient on
 * warfarin, so a failed request fails the launch (the clinician then enters the details by hand).
 */
async function fetchRecord(iss: string, patientId: string, accessToken: string): Promise<Json> {
  const patient = await getJson(new URL(`${iss}/Patient/${patientId}`), iss, FHIR_MAX_BYTES, accessToken);
  if (!isObject(patient) || patient.resourceType !== 'Patient') throw new LaunchError('Patient read is not a Patient', 502, 'The patient could not be read from the EHR.');
  const vitaminD = LOINC_VITAMIN_D.map((code) => `http://loinc.org|${code}`).join(',');
  const [requests, statements, conditions, observations] = await Promise.all([
    search(iss, 'MedicationRequest', { patient: patientId, status: 'active,on-hold', _count: '100' }, accessToken),
    search(iss, 'MedicationStatement', { patient: patientId, status: 'active,on-hold,intended', _count: '100' }, accessToken),
    search(iss, 'Condition', { patient: patientId, _count: '100' }, accessToken),
    search(iss, 'Observation', { patient: patientId, code: vitaminD, _sort: '-date', _count: '20' }, accessToken),
  ]);
  return { resourceType: 'Bundle', type: 'collection', entry: [patient, ...requests, ...statements, ...conditions, ...observations].map((resource) => ({ resource })) };
}

/** GET /smart/callback: the authorization response. */
export async function handleCallback(request: Request): Promise<NextResponse> {
  const response = await callback(request);
  response.cookies.set(COOKIE, '', { httpOnly: true, sameSite: 'lax', path: CALLBACK_PATH, maxAge: 0 });
  return response;
}

async function callback(request: Request): Promise<NextResponse> {
  let step = 'state';
  try {
    const saved = await readLaunchState(request);
    const client = registeredClient(saved.iss);
    const user = await getSessionUser();
    if (user && !can(user, 'report:create')) throw new LaunchError('no report:create', 403, 'Your account may not create reports, so it cannot open a patient from the EHR.');
    const as: oauth.AuthorizationServer = { issuer: saved.issuer, authorization_endpoint: saved.authorizationEndpoint, token_endpoint: saved.tokenEndpoint };
    const oauthClient: oauth.Client = { client_id: client.clientId };
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(as, oauthClient, new URL(request.url), saved.state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) throw new LaunchError(`authorization refused (${error.error.slice(0, 40)})`, 400, 'The EHR did not authorize K2 Evidence Desk for this patient.');
      throw new LaunchError('authorization response not valid (state or issuer)', 400, 'This answer from the EHR does not belong to the launch started here. Launch the app again from the EHR.');
    }
    step = 'token';
    const options = { [oauth.allowInsecureRequests]: insecure(saved.iss), signal: () => AbortSignal.timeout(FETCH_TIMEOUT_MS) };
    const tokenResponse = await oauth.authorizationCodeGrantRequest(as, oauthClient, oauth.None(), params, `${requestOrigin(request)}${CALLBACK_PATH}`, saved.verifier, options);
    const tokens = await oauth.processAuthorizationCodeResponse(as, oauthClient, tokenResponse);
    const patientId = FhirIdSchema.safeParse(tokens.patient);
    if (!patientId.success) throw new LaunchError('no patient in the token response', 502, 'The EHR did not say which patient to open. Launch the app again from the patient\'s chart.');
    step = 'fhir';
    const bundle = await fetchRecord(saved.iss, patientId.data, tokens.access_token);
    const imported = importFhirBundle(bundle, new Date().toISOString().slice(0, 10));
    if (!imported.ok) throw new LaunchError('record did not import', 502, 'The patient\'s record could not be read from the EHR.');
    step = 'draft';
    const draftId = await saveDraft(imported.result.context, saved.iss);
    const fhirUser = oauth.getValidatedIdTokenClaims(tokens)?.fhirUser;
    // Recorded, never trusted as an identity: who is signed in is this app's session (or nobody yet).
    await writeAudit(db, {
      actor: user ? { id: user.id, email: user.email } : { id: null, email: 'smart-launch' },
      action: 'smart.launch',
      entity: 'CdsDraft',
      entityId: draftId,
      ip: clientIp(request.headers),
      details: { iss: saved.iss, ...(typeof fhirUser === 'string' ? { fhirUser: fhirUser.slice(0, 300) } : {}) },
    });
    const draftPath = `/reports/new?draft=${draftId}`;
    const target = user ? draftPath : `/login?next=${encodeURIComponent(draftPath)}`;
    const redirect = NextResponse.redirect(new URL(target, requestOrigin(request)), 303);
    redirect.headers.set('Cache-Control', 'no-store');
    return redirect;
  } catch (error) {
    return fail(error, step);
  }
}
