import { randomUUID } from 'node:crypto';
import { importJWK } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CardSchema, CdsResponseSchema, type Card } from '@/lib/domain/cds/cards';
import { createCdsClient } from '../factories';
import { DEFAULT_GOALS } from '@/lib/domain/cds/services';
import { cdsHooksFixture, draftLinkOf, fixtureHookRequest as hookRequest, hmacJwt, makeCdsKey, postCds, signCdsJwt, unsignedJwt, type TestCdsKey } from '../support/cds';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
let es: TestCdsKey;
let rs: TestCdsKey;
let esIss: string;
let rsIss: string;

const ORDER_URL = (): string => `${baseUrl}/cds-services/k2-order-select`;
const VIEW_URL = (): string => `${baseUrl}/cds-services/k2-patient-view`;
const SIGN_URL = (): string => `${baseUrl}/cds-services/k2-order-sign`;

function validCards(body: Record<string, unknown>): Card[] {
  const parsed = CdsResponseSchema.safeParse(body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  for (const card of parsed.data!.cards) expect(CardSchema.safeParse(card).success).toBe(true);
  return parsed.data!.cards;
}

beforeAll(async () => {
  es = await makeCdsKey('ES384');
  rs = await makeCdsKey('RS384');
  esIss = (await createCdsClient(db, { name: 'ES384 EHR', jwks: { keys: [es.publicJwk] } })).iss;
  rsIss = (await createCdsClient(db, { name: 'RS384 EHR', jwks: { keys: [rs.publicJwk] } })).iss;
});

describe('CDS Hooks discovery', () => {
  it('lists the patient-view, order-select and order-sign services with prefetch templates, without auth', async () => {
    const res = await fetch(`${baseUrl}/cds-services`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: Array<{ id: string; hook: string; prefetch: Record<string, string> }> };
    expect(body.services.map((s) => `${s.id}:${s.hook}`)).toEqual(['k2-patient-view:patient-view', 'k2-order-select:order-select', 'k2-order-sign:order-sign']);
    for (const s of body.services) expect(Object.keys(s.prefetch)).toEqual(expect.arrayContaining(['patient', 'medications', 'statements', 'conditions']));
  });

  it('answers the CORS preflight of a browser-based client', async () => {
    const res = await fetch(ORDER_URL(), { method: 'OPTIONS', headers: { origin: 'https://ehr-sim.k2-desk.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

describe('CDS Hooks order-select', () => {
  it('warfarin with a K2 draft order: a critical card with override reasons, every card valid, the call logged', async () => {
    const request = hookRequest('warfarin-ckd-bundle.json', 'order-select');
    const res = await postCds(ORDER_URL(), request, await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }));
    expect(res.status).toBe(200);
    const cards = validCards(res.body);
    const critical = cards.filter((c) => c.indicator === 'critical');
    expect(critical).toHaveLength(1);
    expect(critical[0]!.overrideReasons?.length).toBeGreaterThan(0);
    // CDS Hooks 2.0 § Action: resourceId is a string, one delete action per order.
    expect(critical[0]!.suggestions?.[0]?.actions?.map((a) => a.resourceId)).toEqual(['MedicationRequest/draft-k2']);
    // Every card links to the same draft, by id only: the patient's context stays on the server.
    const { url, draftId } = draftLinkOf(res.body);
    expect(url).toBe(`${baseUrl}/reports/new?draft=${draftId}`);
    for (const card of cards) {
      expect(card.uuid).toMatch(/^[0-9a-f-]{36}$/);
      // … and to the service's source attributes (ONC HTI-1), a public page.
      // The report draft, the SMART launch (the e2e server has SMART_CLIENTS) and the source-attributes page.
      expect(card.links?.map((l) => [l.type, l.url])).toEqual([
        ['absolute', url],
        ['smart', `${baseUrl}/smart/launch`],
        ['absolute', `${baseUrl}/decision-support/k2-order-select`],
      ]);
      expect(card.source.url).toMatch(/^https?:\/\//);
    }
    const draft = await db.cdsDraft.findUniqueOrThrow({ where: { id: draftId } });
    expect(draft.iss).toBe(esIss);
    expect(draft.expiresAt.getTime() - draft.createdAt.getTime()).toBe(60 * 60_000);
    expect(draft.data).toMatchObject({ sex: 'female', ckdStage: 4, conditions: expect.arrayContaining(['ckd']), medications: expect.arrayContaining([expect.objectContaining({ name: 'warfarin (COUMADIN) 5 mg tablet' })]), goals: DEFAULT_GOALS['k2-order-select'] });
    for (const value of ['warfarin', 'COUMADIN', 'female', 'ckd', '62.4', 'cardiovascular']) expect(decodeURIComponent(url).toLowerCase()).not.toContain(value.toLowerCase());
    const call = await db.cdsCall.findFirst({ where: { hookInstance: request.hookInstance as string } });
    expect(call).toMatchObject({ serviceId: 'k2-order-select', iss: esIss, status: 200, cardsCount: cards.length });
  });

  it('apixaban with a K2 draft order (RS384 client): no critical card; no vitamin K order: no cards', async () => {
    const res = await postCds(ORDER_URL(), hookRequest('apixaban-k2-bundle.json', 'order-select'), await signCdsJwt({ iss: rsIss, aud: ORDER_URL(), key: rs }));
    expect(res.status).toBe(200);
    const cards = validCards(res.body);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.some((c) => c.indicator === 'critical')).toBe(false);
    expect(await db.cdsDraft.count({ where: { id: draftLinkOf(res.body).draftId, iss: rsIss } })).toBe(1);
    // No card, so no link and no draft kept.
    const draftsBefore = await db.cdsDraft.count({ where: { iss: esIss } });
    const none = await postCds(ORDER_URL(), hookRequest('warfarin-ckd-bundle.json', 'order-select', false), await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }));
    expect(none.status).toBe(200);
    expect(none.body.cards).toEqual([]);
    expect(await db.cdsDraft.count({ where: { iss: esIss } })).toBe(draftsBefore);
  });

  it('patient-view: valid cards, no critical card, a warning for the VKA', async () => {
    const res = await postCds(VIEW_URL(), hookRequest('warfarin-ckd-bundle.json', 'patient-view'), await signCdsJwt({ iss: esIss, aud: VIEW_URL(), key: es }));
    expect(res.status).toBe(200);
    const cards = validCards(res.body);
    expect(cards.some((c) => c.indicator === 'critical')).toBe(false);
    expect(cards.some((c) => c.indicator === 'warning')).toBe(true);
  });

  it('a missing patient prefetch gets 412; a request for the wrong hook gets 400', async () => {
    const request = hookRequest('warfarin-ckd-bundle.json', 'order-select');
    const { patient: _patient, ...rest } = request.prefetch as Record<string, unknown>;
    const missing = await postCds(ORDER_URL(), { ...request, prefetch: rest }, await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }));
    expect(missing.status).toBe(412);
    const noPrefetch = await postCds(ORDER_URL(), { ...request, prefetch: undefined }, await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }));
    expect(noPrefetch.status).toBe(412);
    const wrongHook = await postCds(ORDER_URL(), { ...request, hook: 'patient-view' }, await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }));
    expect(wrongHook.status).toBe(400);
  });
});

describe('CDS Hooks 2.0 as published: JWTs signed as the spec\u2019s table says, requests shaped as the spec and a browser-based client send them', () => {
  type Json = Record<string, unknown>;
  const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
  const codeOnlyVitaminK = { resourceType: 'MedicationRequest', id: 'vk-code-only', status: 'draft', intent: 'order', medicationCodeableConcept: { coding: [{ system: RXNORM, code: '198102' }] } };

  it('our patient-view request with every request field, JWT with no sub, aud as an array, tenant and a jku (never fetched): 200 with cards saying what could not be read', async () => {
    const request = { ...cdsHooksFixture<Json>('conform-request-patient-view.json'), hookInstance: randomUUID() };
    const claims = cdsHooksFixture<{ header: Json; payload: Json }>('conform-jwt-claims.json');
    const token = await signCdsJwt({ iss: esIss, aud: [VIEW_URL()], key: es, tenant: claims.payload.tenant as string, jku: claims.header.jku as string });
    const res = await postCds(VIEW_URL(), request, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const cards = validCards(res.body);
    expect(cards.some((c) => c.indicator === 'warning' && /medication list could not be read/i.test(c.summary))).toBe(true);
    expect(await db.cdsCall.findFirst({ where: { hookInstance: request.hookInstance } })).toMatchObject({ status: 200 });
  });

  // A browser-based client such as the reference sandbox (GitHub cds-hooks/sandbox) calls order-select with a JWT of
  // iss, aud, exp, iat and jti only (a jku in the header), fhirServer but no fhirAuthorization, selections naming one
  // draft in an untyped draftOrders Bundle, and a prefetch without the keys it could not fetch. Our own client example
  // (conform-client-order-select.json) has that shape; here it is sent for the warfarin fixture's patient.
  it('a browser-based client\u2019s order-select shape and JWT (iss, aud, exp, iat, jti only; jku header) with a warfarin prefetch: 200 and the critical card', async () => {
    const client = cdsHooksFixture<{ jwtHeader: Json; request: { context: { draftOrders: { entry: Array<{ resource: Json }> } } & Json } & Json }>('conform-client-order-select.json');
    const shape = client.request;
    const base = hookRequest('warfarin-ckd-bundle.json', 'order-select');
    const patientId = (base.context as Json).patientId as string;
    const draft = shape.context.draftOrders.entry[0]!.resource;
    const order = { ...draft, subject: { reference: `Patient/${patientId}` }, authoredOn: new Date().toISOString().slice(0, 10) };
    const request = { ...shape, hookInstance: randomUUID(), context: { ...shape.context, patientId, draftOrders: { ...shape.context.draftOrders, entry: [{ resource: order }] } }, prefetch: base.prefetch };
    const token = await signCdsJwt({ iss: rsIss, aud: ORDER_URL(), key: rs, tenant: null, jku: client.jwtHeader.jku as string });
    const res = await postCds(ORDER_URL(), request, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const critical = validCards(res.body).filter((c) => c.indicator === 'critical');
    expect(critical).toHaveLength(1);
    expect(critical[0]!.suggestions?.[0]?.actions).toEqual([expect.objectContaining({ type: 'delete', resourceId: `MedicationRequest/${String(draft.id)}` })]);
  });

  it('order-sign: a warfarin patient + a vitamin K draft identified only by its RxNorm code → a critical card', async () => {
    const base = hookRequest('warfarin-ckd-bundle.json', 'order-sign', false);
    const request = { ...base, context: { ...(base.context as Json), draftOrders: { resourceType: 'Bundle', entry: [{ resource: codeOnlyVitaminK }] } } };
    const res = await postCds(SIGN_URL(), request, await signCdsJwt({ iss: esIss, aud: SIGN_URL(), key: es }));
    expect(res.status).toBe(200);
    const cards = validCards(res.body);
    const critical = cards.filter((c) => c.indicator === 'critical');
    expect(critical).toHaveLength(1);
    expect(critical[0]!.detail).toContain('RxNorm 198102');
    expect(await db.cdsDraft.count({ where: { id: draftLinkOf(res.body).draftId } })).toBe(1);
  });

  it('order-sign: a warfarin patient + a draft order with an RxNorm code the service does not know and no name → a warning card, never silence', async () => {
    const base = hookRequest('warfarin-ckd-bundle.json', 'order-sign', false);
    const unknown = { ...codeOnlyVitaminK, id: 'unknown-code-only', medicationCodeableConcept: { coding: [{ system: RXNORM, code: '99999991' }] } };
    const request = { ...base, context: { ...(base.context as Json), draftOrders: { resourceType: 'Bundle', entry: [{ resource: unknown }] } } };
    const res = await postCds(SIGN_URL(), request, await signCdsJwt({ iss: esIss, aud: SIGN_URL(), key: es }));
    expect(res.status).toBe(200);
    const cards = validCards(res.body);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'warning' });
    expect(cards[0]!.summary).toMatch(/could not be identified/);
    expect(cards[0]!.detail).toContain('MedicationRequest/unknown-code-only (RxNorm 99999991; no name)');
  });

  it('an OperationOutcome medications prefetch → a warning card saying the medications could not be checked, never silence', async () => {
    const base = hookRequest('warfarin-ckd-bundle.json', 'order-sign');
    const failed = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] };
    const prefetch: Json = { ...(base.prefetch as Json), medications: failed, statements: null };
    const request = { ...base, prefetch };
    const res = await postCds(SIGN_URL(), request, await signCdsJwt({ iss: esIss, aud: SIGN_URL(), key: es }));
    expect(res.status).toBe(200);
    const cards = validCards(res.body);
    const warning = cards.find((c) => c.indicator === 'warning' && /medication list could not be read/i.test(c.summary));
    expect(warning?.detail).toMatch(/could not be checked/);
    // With fhirServer and fhirAuthorization but no patient prefetch: cards, not 412 (this client has no FHIR base URL
    // registered, so nothing is fetched: tests/e2e/cds-fhir-fetch.test.ts).
    const { patient: _patient, ...noPatient } = prefetch;
    const withFhir = { ...request, prefetch: noPatient, fhirAuthorization: { access_token: 'opaque', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'k2-desk' } };
    const res2 = await postCds(SIGN_URL(), withFhir, await signCdsJwt({ iss: esIss, aud: SIGN_URL(), key: es }));
    expect(res2.status).toBe(200);
    expect(validCards(res2.body).some((c) => /age and sex/.test(c.summary))).toBe(true);
  });

  it('feedback as our examples of § Feedback send it, with a JWT without sub', async () => {
    for (const file of ['conform-feedback-accepted.json', 'conform-feedback-overridden.json', 'conform-feedback-overridden-with-reason.json']) {
      const res = await postCds(`${SIGN_URL()}/feedback`, cdsHooksFixture(file), await signCdsJwt({ iss: esIss, aud: `${SIGN_URL()}/feedback`, key: es }));
      expect(res.status, file).toBe(200);
    }
  });
});

describe('CDS Hooks: text PostgreSQL cannot store (found by the fuzz test: these were 500s)', () => {
  it('answers a call whose hookInstance holds a NUL, and logs the hookInstance without it', async () => {
    const hookInstance = `${randomUUID()}\u0000`;
    const res = await postCds(ORDER_URL(), { ...hookRequest('warfarin-ckd-bundle.json', 'order-select'), hookInstance }, await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }));
    expect(res.status).toBe(200);
    validCards(res.body);
    expect(await db.cdsCall.findFirst({ where: { hookInstance: hookInstance.replace('\u0000', '') } })).toMatchObject({ status: 200 });
  });

  it('refuses feedback with a NUL or half a surrogate pair in its text with 400', async () => {
    const url = `${ORDER_URL()}/feedback`;
    const item = { card: randomUUID(), outcome: 'overridden', outcomeTimestamp: new Date().toISOString() };
    for (const overrideReason of [{ userComment: 'INR \u0000' }, { reason: { system: 'urn:x', code: 'c\ud800' } }]) {
      const res = await postCds(url, { feedback: [{ ...item, overrideReason }] }, await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }));
      expect(res.status, JSON.stringify(overrideReason)).toBe(400);
    }
    expect(await db.cdsFeedback.count({ where: { cardUuid: item.card } })).toBe(0);
  });
});

describe('CDS Hooks JWT authentication', () => {
  it('answers 401 without detail to a missing JWT, alg none, HS256, wrong aud, unknown iss, expired, a disabled client, and a replayed jti', async () => {
    const request = hookRequest('warfarin-ckd-bundle.json', 'order-select');
    const now = Math.floor(Date.now() / 1000);
    const stranger = await makeCdsKey('ES384');
    const disabledKey = await makeCdsKey('ES384');
    const disabledIss = (await createCdsClient(db, { jwks: { keys: [disabledKey.publicJwk] }, enabled: false })).iss;
    const cases: Array<[string, string | undefined]> = [
      ['missing JWT', undefined],
      ['alg none', unsignedJwt(esIss, ORDER_URL())],
      ['HS256', await hmacJwt(esIss, ORDER_URL())],
      ['wrong aud', await signCdsJwt({ iss: esIss, aud: `${baseUrl}/cds-services/k2-patient-view`, key: es })],
      ['aud of another host', await signCdsJwt({ iss: esIss, aud: 'https://evil.example/cds-services/k2-order-select', key: es })],
      ['unknown iss', await signCdsJwt({ iss: 'https://unknown-ehr.test', aud: ORDER_URL(), key: stranger })],
      ['known iss, wrong key', await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: stranger })],
      ['expired', await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es, iat: now - 900, exp: now - 300 })],
      ['issued in the future', await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es, iat: now + 600, exp: now + 900 })],
      ['disabled client', await signCdsJwt({ iss: disabledIss, aud: ORDER_URL(), key: disabledKey })],
    ];
    for (const [name, token] of cases) {
      const res = await postCds(ORDER_URL(), request, token);
      expect(res.status, name).toBe(401);
      expect(res.body, name).toEqual({ error: 'Unauthorized' });
    }
    const token = await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es, jti: randomUUID() });
    expect((await postCds(ORDER_URL(), request, token)).status).toBe(200);
    expect((await postCds(ORDER_URL(), request, token)).status, 'replayed jti').toBe(401);
    // The replay guard is in PostgreSQL, so it holds across app instances.
    expect(await db.cdsJti.count({ where: { iss: esIss } })).toBeGreaterThan(0);
  });
});

describe('CDS Hooks client from CDS_HOOKS_CLIENTS', () => {
  it('accepts a JWT from the issuer configured in the environment', async () => {
    const { iss, privateJwk } = inject('envCdsClient');
    const key = { alg: 'ES384' as const, kid: 'env-1', privateKey: (await importJWK(privateJwk, 'ES384')) as TestCdsKey['privateKey'], publicJwk: {} };
    const res = await postCds(VIEW_URL(), hookRequest('apixaban-k2-bundle.json', 'patient-view'), await signCdsJwt({ iss, aud: VIEW_URL(), key }));
    expect(res.status).toBe(200);
    validCards(res.body);
    expect(await db.cdsClient.count({ where: { iss } })).toBe(0);
  });
});

describe('CDS Hooks feedback', () => {
  it('stores an overridden outcome with its reason and an accepted one, audited; refuses bad input and bad tokens', async () => {
    const url = `${ORDER_URL()}/feedback`;
    const card = randomUUID();
    const feedback = {
      feedback: [
        { card, outcome: 'overridden', overrideReason: { reason: { system: 'urn:k2-evidence-desk:cds-override-reason', code: 'inr-monitoring-planned', display: 'Steady dose agreed with INR monitoring' }, userComment: 'INR check in 5 days' }, outcomeTimestamp: new Date().toISOString() },
        { card: randomUUID(), outcome: 'accepted', acceptedSuggestions: [{ id: randomUUID() }], outcomeTimestamp: new Date().toISOString() },
      ],
    };
    expect((await postCds(url, feedback)).status).toBe(401);
    expect((await postCds(url, { feedback: [{ card, outcome: 'ignored' }] }, await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }))).status).toBe(400);
    const res = await postCds(url, feedback, await signCdsJwt({ iss: esIss, aud: ORDER_URL(), key: es }));
    expect(res.status).toBe(200);
    const row = await db.cdsFeedback.findFirstOrThrow({ where: { cardUuid: card } });
    expect(row).toMatchObject({ outcome: 'overridden', iss: esIss, serviceId: 'k2-order-select', userComment: 'INR check in 5 days' });
    expect(row.overrideReason).toMatchObject({ code: 'inr-monitoring-planned' });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: row.id } });
    expect(audit).toMatchObject({ action: 'cds.feedback.overridden', actor: `cds:${esIss}` });
  });
});
