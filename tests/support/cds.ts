/** CDS Hooks test helpers: a client key pair (generated per run, never committed), signed calls, hook requests. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export type TestCdsKey = { alg: 'ES384' | 'RS384'; kid: string; privateKey: CryptoKey; publicJwk: JWK };

export async function makeCdsKey(alg: 'ES384' | 'RS384'): Promise<TestCdsKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export type JwtOptions = {
  iss: string;
  /** A string or an array of strings (CDS Hooks 2.0 § Trusting CDS Clients). */
  aud: string | string[];
  key: TestCdsKey;
  jti?: string;
  iat?: number;
  exp?: number;
  /** Not in the spec's claims table: sent only when given. */
  sub?: string;
  /** Optional in the spec's table; `null` leaves it out. */
  tenant?: string | null;
  /** Optional header field (never fetched by the service). */
  jku?: string;
};

/** A JWT signed as the CDS Hooks 2.0 tables have it: header alg, kid, typ (jku optional); payload iss, aud, exp, iat, jti, tenant. */
export async function signCdsJwt(o: JwtOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(o.tenant === null ? {} : { tenant: o.tenant ?? 'test-tenant' })
    .setProtectedHeader({ alg: o.key.alg, kid: o.key.kid, typ: 'JWT', ...(o.jku ? { jku: o.jku } : {}) })
    .setIssuer(o.iss)
    .setAudience(o.aud)
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 300)
    .setJti(o.jti ?? randomUUID());
  if (o.sub !== undefined) jwt.setSubject(o.sub);
  return jwt.sign(o.key.privateKey);
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (alg none), as an attacker would send it. */
export function unsignedJwt(iss: string, aud: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss, sub: 'x', aud, iat: now, exp: now + 300, jti: randomUUID() })}.`;
}

export async function hmacJwt(iss: string, aud: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(iss).setSubject('x').setAudience(aud).setIssuedAt(now).setExpirationTime(now + 300).setJti(randomUUID()).sign(new TextEncoder().encode('a shared secret that must never be accepted 0123456789'));
}

export async function postCds(url: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { _text: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed };
}

type Resource = Record<string, unknown>;
/** A file of tests/fixtures/cds-hooks: our own example shaped as CDS Hooks 2.0 describes, its `$conformsTo` citing the sections. */
export function cdsHooksFixture<T = Record<string, unknown>>(file: string): T {
  return (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/cds-hooks', file), 'utf8')) as { example: T }).example;
}
export const fhirFixtureResources = (file: string): Resource[] => fixtureResources(file);
const fixtureResources = (file: string): Resource[] =>
  (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/fhir', file), 'utf8')) as { entry: Array<{ resource: Resource }> }).entry.map((e) => e.resource);
export const searchset = (list: Resource[]): Resource => ({ resourceType: 'Bundle', type: 'searchset', total: list.length, entry: list.map((resource) => ({ resource })) });

/** A hook request for a bundle of tests/fixtures/fhir, with the prefetch an EHR sends for our templates. */
export function fixtureHookRequest(file: string, hook: 'order-select' | 'order-sign' | 'patient-view', withOrder = true): Record<string, unknown> {
  const all = fixtureResources(file);
  const patient = all.find((r) => r.resourceType === 'Patient')!;
  const of = (type: string): Resource[] => all.filter((r) => r.resourceType === type);
  const draftOrders = { resourceType: 'Bundle', type: 'collection', entry: withOrder ? [{ resource: { resourceType: 'MedicationRequest', id: 'draft-k2', status: 'draft', intent: 'order', medicationCodeableConcept: { text: 'Vitamin K2 (menaquinone-7) 200 mcg capsule' }, subject: { reference: `Patient/${String(patient.id)}` } } }] : [] };
  return {
    hook,
    hookInstance: randomUUID(),
    fhirServer: 'https://ehr.example.org/fhir/R4',
    context: { userId: 'Practitioner/123', patientId: String(patient.id), ...(hook === 'order-select' ? { selections: ['MedicationRequest/draft-k2'], draftOrders } : hook === 'order-sign' ? { draftOrders } : {}) },
    prefetch: { patient, medications: searchset(of('MedicationRequest')), statements: searchset(of('MedicationStatement')), conditions: searchset(of('Condition')), vitaminD: searchset(of('Observation')) },
  };
}

/**
 * The one report link of a CDS answer's cards (every card carries the same): `${baseUrl}/reports/new?draft=<uuid>`.
 * The other link every card carries, to the service's source-attributes page (`/decision-support/{id}`), is left out.
 */
export function draftLinkOf(body: Record<string, unknown>): { url: string; draftId: string } {
  const urls = [...new Set(((body.cards ?? []) as Array<{ links?: Array<{ url: string }> }>).flatMap((c) => (c.links ?? []).map((l) => l.url)).filter((url) => !/\/decision-support\/[^/]+$/.test(url) && !/\/smart\/launch$/.test(url)))];
  if (urls.length !== 1) throw new Error(`expected one report link on the cards, got ${JSON.stringify(urls)}`);
  const draftId = /\/reports\/new\?draft=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(urls[0]!)?.[1];
  if (!draftId) throw new Error(`not a draft link: ${urls[0]}`);
  return { url: urls[0]!, draftId };
}
