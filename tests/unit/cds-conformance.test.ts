/**
 * Conformance with the published CDS Hooks 2.0 text (issue 12, https://cds-hooks.hl7.org/2.0/). Every fixture in
 * tests/fixtures/cds-hooks/ is an example written for this project — our own ids, values, text and keys — in the
 * shape the spec's sections describe; each file's `$conformsTo` cites the sections it follows (a citation: nothing
 * in the fixtures is copied from the spec or from any other project).
 *
 * The card, suggestion, action, link, source and Coding tables of § CDS Service Response are also written out here,
 * row by row (SPEC_TABLES), and checked field by field against our example response and against every card this
 * service builds for our example requests — independently of the zod schemas in lib/domain/cds/cards.ts, which are
 * checked against the same examples.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ActionSchema, buildCards, CardSchema, CdsResponseSchema, CodingSchema, LinkSchema, OverrideReasonCodingSchema, SourceSchema, type Card } from '@/lib/domain/cds/cards';
import { CDS_JWT_ALGORITHMS, cdsJwtClaimsProblem, cdsJwtHeaderProblem } from '@/lib/domain/cds/clients';
import { FeedbackSchema, HookRequestSchema, prefetchBundle, unreadablePrefetch, vitaminKOrders } from '@/lib/domain/cds/request';
import { CDS_SERVICES, DEFAULT_GOALS, findService, isOrderHook, type CdsServiceId } from '@/lib/domain/cds/services';
import { VITAMIN_K_PRODUCT_CODES } from '@/lib/domain/cds/vitamin-k-products';
import { importFhirBundle } from '@/lib/domain/fhir/import-bundle';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { reassuranceIn } from '@/lib/domain/report/fail-safe';
import { cdsHooksFixture, fhirFixtureResources, searchset } from '../support/cds';
import { contentSnapshot } from '../support/content-snapshot';

type Json = Record<string, unknown>;
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

// ---------------------------------------------------------------------------------------------------------------
// The tables of CDS Hooks 2.0 § CDS Service Response (Card Attributes, Source, Suggestion, Action, Link) and § Data
// Types (Coding), row by row: field → optionality and type, as printed.
type Row = { field: string; optionality: 'REQUIRED' | 'OPTIONAL' | 'CONDITIONAL'; type: 'string' | 'boolean' | 'object' | 'array' | 'URL' };
const T = (field: string, optionality: Row['optionality'], type: Row['type']): Row => ({ field, optionality, type });
const SPEC_TABLES: Record<'card' | 'source' | 'suggestion' | 'action' | 'link' | 'coding', Row[]> = {
  card: [T('uuid', 'OPTIONAL', 'string'), T('summary', 'REQUIRED', 'string'), T('detail', 'OPTIONAL', 'string'), T('indicator', 'REQUIRED', 'string'), T('source', 'REQUIRED', 'object'), T('suggestions', 'OPTIONAL', 'array'), T('selectionBehavior', 'CONDITIONAL', 'string'), T('overrideReasons', 'OPTIONAL', 'array'), T('links', 'OPTIONAL', 'array')],
  source: [T('label', 'REQUIRED', 'string'), T('url', 'OPTIONAL', 'URL'), T('icon', 'OPTIONAL', 'URL'), T('topic', 'OPTIONAL', 'object')],
  suggestion: [T('label', 'REQUIRED', 'string'), T('uuid', 'OPTIONAL', 'string'), T('isRecommended', 'OPTIONAL', 'boolean'), T('actions', 'OPTIONAL', 'array')],
  action: [T('type', 'REQUIRED', 'string'), T('description', 'REQUIRED', 'string'), T('resource', 'CONDITIONAL', 'object'), T('resourceId', 'CONDITIONAL', 'string')],
  link: [T('label', 'REQUIRED', 'string'), T('url', 'REQUIRED', 'URL'), T('type', 'REQUIRED', 'string'), T('appContext', 'OPTIONAL', 'string')],
  coding: [T('code', 'REQUIRED', 'string'), T('system', 'REQUIRED', 'string'), T('display', 'CONDITIONAL', 'string')],
};
const ALLOWED: Record<string, readonly string[]> = { indicator: ['info', 'warning', 'critical'], selectionBehavior: ['at-most-one', 'any'], 'action.type': ['create', 'update', 'delete'], 'link.type': ['absolute', 'smart'] };

/** What in `value` breaks a table: a REQUIRED field missing, a field of the wrong type, an empty value (§ Use of JSON). */
function tableProblems(table: keyof typeof SPEC_TABLES, value: unknown, at: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
  const o = value as Json;
  const problems: string[] = [];
  for (const row of SPEC_TABLES[table]) {
    const v = o[row.field];
    const where = `${at}.${row.field}`;
    if (v === undefined) {
      if (row.optionality === 'REQUIRED') problems.push(`${where}: REQUIRED, missing`);
      continue;
    }
    if (v === null) problems.push(`${where}: null (§ Use of JSON)`);
    else if (row.type === 'array' ? !Array.isArray(v) : row.type === 'URL' ? typeof v !== 'string' || !/^https?:\/\/[^/]/.test(v) : row.type === 'object' ? typeof v !== 'object' || Array.isArray(v) : typeof v !== row.type) problems.push(`${where}: not ${row.type === 'URL' ? 'an absolute URL' : `a ${row.type}`} (${JSON.stringify(v).slice(0, 60)})`);
    else if ((typeof v === 'string' && v === '') || (Array.isArray(v) && v.length === 0) || (row.type === 'object' && Object.keys(v as Json).length === 0)) problems.push(`${where}: empty (§ Use of JSON)`);
    const allowed = ALLOWED[`${table}.${row.field}`] ?? (table === 'card' ? ALLOWED[row.field] : undefined);
    if (allowed && typeof v === 'string' && !allowed.includes(v)) problems.push(`${where}: "${v}" is not one of ${allowed.join(', ')}`);
  }
  return problems;
}

/** A card checked field by field against the Card, Source, Suggestion, Action, Link and Coding tables and their prose. */
function specProblems(card: unknown, at = 'card'): string[] {
  const problems = tableProblems('card', card, at);
  const c = card as Json;
  if (typeof c.summary === 'string' && c.summary.length >= 140) problems.push(`${at}.summary: ${c.summary.length} characters, not under 140`);
  if (c.source) {
    problems.push(...tableProblems('source', c.source, `${at}.source`));
    if ((c.source as Json).topic) problems.push(...tableProblems('coding', (c.source as Json).topic, `${at}.source.topic`));
  }
  const suggestions = Array.isArray(c.suggestions) ? (c.suggestions as unknown[]) : [];
  if (suggestions.length && c.selectionBehavior === undefined) problems.push(`${at}.selectionBehavior: CONDITIONAL — required with suggestions, missing`);
  suggestions.forEach((s, i) => {
    problems.push(...tableProblems('suggestion', s, `${at}.suggestions[${i}]`));
    ((s as Json).actions as unknown[] | undefined)?.forEach((a, j) => {
      const where = `${at}.suggestions[${i}].actions[${j}]`;
      problems.push(...tableProblems('action', a, where));
      const action = a as Json;
      if ((action.type === 'create' || action.type === 'update') && action.resource === undefined) problems.push(`${where}.resource: CONDITIONAL — required for ${String(action.type)}, missing`);
      if (action.type === 'delete' && action.resourceId === undefined) problems.push(`${where}.resourceId: SHOULD be given for delete, missing`);
    });
  });
  ((c.overrideReasons as unknown[] | undefined) ?? []).forEach((r, i) => {
    problems.push(...tableProblems('coding', r, `${at}.overrideReasons[${i}]`));
    if (typeof (r as Json).display !== 'string') problems.push(`${at}.overrideReasons[${i}].display: REQUIRED in override reasons, missing`);
  });
  ((c.links as unknown[] | undefined) ?? []).forEach((l, i) => {
    problems.push(...tableProblems('link', l, `${at}.links[${i}]`));
    if ((l as Json).appContext !== undefined && (l as Json).type !== 'smart') problems.push(`${at}.links[${i}].appContext: only for smart links`);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The route's steps, pure (lib/server/cds/routes.ts): prefetch → bundle → context → report → cards.
let n = 0;
const newId = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const BASE = 'https://k2-desk.test';

function answer(serviceId: CdsServiceId, body: Json): { cards: Card[]; status: number } {
  const parsed = HookRequestSchema.safeParse(body);
  if (!parsed.success) return { cards: [], status: 400 };
  const service = findService(serviceId)!;
  if (parsed.data.hook !== service.hook) return { cards: [], status: 400 };
  const prefetch = parsed.data.prefetch ?? {};
  const fhirAccess = parsed.data.fhirServer !== undefined && parsed.data.fhirAuthorization !== undefined;
  if ((prefetch.patient as Json | undefined)?.resourceType !== 'Patient' && !fhirAccess) return { cards: [], status: 412 };
  const unreadable = unreadablePrefetch(prefetch, service.prefetch);
  const imported = importFhirBundle(prefetchBundle(prefetch), '2026-11-22');
  if (!imported.ok) throw new Error('import failed');
  const context = parsePatientContext({ age: 40, sex: 'other', ...imported.result.context, goals: DEFAULT_GOALS[serviceId] });
  if (!context.ok) throw new Error(JSON.stringify(context.fields));
  const report = buildReport(context.context, contentSnapshot());
  const orders = isOrderHook(serviceId) ? vitaminKOrders(parsed.data.context, service.hook === 'order-sign' ? 'order-sign' : 'order-select') : [];
  const cards = buildCards({ service: serviceId, report, vitaminKOrders: orders, unreadable, reportUrl: `${BASE}/reports/new?draft=00000000-0000-4000-8000-000000000000`, appUrl: BASE, newId });
  return { cards: CdsResponseSchema.parse({ cards }).cards, status: 200 };
}

/** The prefetch an EHR sends for our templates, from a FHIR fixture (warfarin + CKD 4, or apixaban). */
function prefetchOf(file: string): Json {
  const all = fhirFixtureResources(file);
  const of = (type: string) => all.filter((r) => r.resourceType === type);
  return { patient: all.find((r) => r.resourceType === 'Patient')!, medications: searchset(of('MedicationRequest')), statements: searchset(of('MedicationStatement')), conditions: searchset(of('Condition')), vitaminD: searchset(of('Observation')) };
}

/** Our patient-view request with every field of § Calling a CDS Service › HTTP Request (fhirServer, fhirAuthorization…). */
const viewRequest = cdsHooksFixture<Json>('conform-request-patient-view.json');
/** That request as the envelope of another hook's context. */
function envelope(hook: string, context: Json, prefetch?: Json): Json {
  return { ...viewRequest, hook, context, ...(prefetch ? { prefetch } : {}) };
}
const orderSelectContext = cdsHooksFixture<{ context: Json }>('conform-hook-order-select.json').context;
const orderSignContext = cdsHooksFixture<{ context: Json }>('conform-hook-order-sign.json').context;
const patientViewContext = cdsHooksFixture<{ context: Json }>('conform-hook-patient-view.json').context;

/** A draft MedicationRequest for phytonadione identified by its RxNorm code only: no text, no display. */
const codeOnlyVitaminK = (id: string, rxcui = '198102'): Json => ({ resourceType: 'MedicationRequest', id, status: 'draft', intent: 'order', medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxcui }] }, subject: { reference: 'Patient/k2-pt-40417' } });
const withDraft = (context: Json, resource: Json, select = true): Json => {
  const bundle = context.draftOrders as { entry: Json[] };
  return { ...context, draftOrders: { ...bundle, entry: [...bundle.entry, { resource }] }, ...(select && Array.isArray(context.selections) ? { selections: [...(context.selections as string[]), `MedicationRequest/${String(resource.id)}`] } : {}) };
};

describe('CDS Hooks 2.0 § CDS Service Response: our examples against the spec\u2019s tables and the schemas', () => {
  it('our example response meets every table field by field, and the response schema', () => {
    const response = cdsHooksFixture<{ cards: unknown[] }>('conform-response.json');
    response.cards.forEach((card, i) => expect(specProblems(card, `cards[${i}]`)).toEqual([]));
    expect(CdsResponseSchema.safeParse(response).success).toBe(true);
  });

  it('our example response uses every field of the Card, Source, Suggestion, Action, Link and Coding tables', () => {
    const cards = cdsHooksFixture<{ cards: Json[] }>('conform-response.json').cards;
    const sources = cards.map((c) => c.source as Json);
    const suggestions = cards.flatMap((c) => (c.suggestions as Json[] | undefined) ?? []);
    const actions = suggestions.flatMap((s) => (s.actions as Json[] | undefined) ?? []);
    const links = cards.flatMap((c) => (c.links as Json[] | undefined) ?? []);
    const codings = [...sources.flatMap((s) => (s.topic ? [s.topic as Json] : [])), ...cards.flatMap((c) => (c.overrideReasons as Json[] | undefined) ?? [])];
    const used: Record<keyof typeof SPEC_TABLES, Json[]> = { card: cards, source: sources, suggestion: suggestions, action: actions, link: links, coding: codings };
    for (const [table, rows] of Object.entries(SPEC_TABLES) as Array<[keyof typeof SPEC_TABLES, Row[]]>) for (const row of rows) expect(used[table].some((o) => o[row.field] !== undefined), `${table}.${row.field}`).toBe(true);
    // Every value of the enumerated fields, too: indicator, action type, link type.
    expect(new Set(cards.map((c) => c.indicator))).toEqual(new Set(ALLOWED.indicator));
    expect(new Set(links.map((l) => l.type))).toEqual(new Set(ALLOWED['link.type']));
  });

  it('the Source, override reasons and the create, update and delete Action examples parse', () => {
    const source = cdsHooksFixture<{ source: Json }>('conform-source.json').source;
    expect(SourceSchema.safeParse(source).success).toBe(true);
    expect(tableProblems('source', source, 'source')).toEqual([]);
    expect(tableProblems('coding', source.topic, 'source.topic')).toEqual([]);
    for (const reason of cdsHooksFixture<{ overrideReasons: unknown[] }>('conform-override-reasons.json').overrideReasons) {
      expect(OverrideReasonCodingSchema.safeParse(reason).success).toBe(true);
      expect(tableProblems('coding', reason, 'overrideReason')).toEqual([]);
    }
    for (const file of ['conform-action-create.json', 'conform-action-update.json', 'conform-action-delete.json']) {
      const action = cdsHooksFixture(file);
      expect(ActionSchema.safeParse(action).success, file).toBe(true);
      expect(tableProblems('action', action, file)).toEqual([]);
    }
    expect(cdsHooksFixture<{ resourceId: unknown }>('conform-action-delete.json').resourceId).toBe('MedicationRequest/k2-draft-mk7-01');
  });

  it('a system action is an Action: with its description it passes; without it (as the spec\u2019s own System Action example is printed) the table is followed and it is refused', () => {
    const example = cdsHooksFixture<{ cards: unknown[]; systemActions: Json[] }>('conform-system-action.json');
    expect(tableProblems('action', example.systemActions[0], 'systemActions[0]')).toEqual([]);
    expect(CdsResponseSchema.safeParse(example).success).toBe(true);
    const { description: _description, ...withoutDescription } = example.systemActions[0]!;
    expect(tableProblems('action', withoutDescription, 'systemActions[0]')).toEqual(['systemActions[0].description: REQUIRED, missing']);
    expect(CdsResponseSchema.safeParse({ ...example, systemActions: [withoutDescription] }).success).toBe(false);
  });

  it('the schemas refuse what the tables and § Use of JSON do not allow', () => {
    const card = { summary: 'x', indicator: 'warning', source: { label: 'K2' } };
    const bad: Array<[string, unknown]> = [
      ['resourceId as an array (the old shape)', { ...card, selectionBehavior: 'at-most-one', suggestions: [{ label: 's', actions: [{ type: 'delete', description: 'd', resourceId: ['MedicationRequest/x'] }] }] }],
      ['create without a resource', { ...card, selectionBehavior: 'any', suggestions: [{ label: 's', actions: [{ type: 'create', description: 'd' }] }] }],
      ['an action without a description', { ...card, selectionBehavior: 'any', suggestions: [{ label: 's', actions: [{ type: 'delete', resourceId: 'MedicationRequest/x' }] }] }],
      ['suggestions without selectionBehavior', { ...card, suggestions: [{ label: 's' }] }],
      ['an override reason without display', { ...card, overrideReasons: [{ system: 'urn:x', code: 'c' }] }],
      ['appContext on an absolute link', { ...card, links: [{ label: 'l', url: 'https://x.org', type: 'absolute', appContext: 'a' }] }],
      ['a relative link', { ...card, links: [{ label: 'l', url: '/reports', type: 'absolute' }] }],
      ['an empty links array', { ...card, links: [] }],
      ['an empty detail', { ...card, detail: '' }],
      ['a summary of 140 characters', { ...card, summary: 'x'.repeat(140) }],
      ['indicator hard-stop (1.0 wording)', { ...card, indicator: 'hard-stop' }],
      ['no source label', { ...card, source: {} }],
      ['a topic that is not a Coding', { ...card, source: { label: 'K2', topic: { code: 'c' } } }],
    ];
    for (const [name, value] of bad) {
      expect(CardSchema.safeParse(value).success, name).toBe(false);
      // The hand-written table check finds each as well (the zod schemas and the tables agree).
      expect(specProblems(value), name).not.toEqual([]);
    }
    expect(CodingSchema.safeParse({ system: 'urn:k2-evidence-desk:cds-topic', code: 'vka-vitamin-k' }).success).toBe(true);
    expect(LinkSchema.safeParse({ label: 'K2 SMART app', url: 'https://k2-desk.test/smart/launch', type: 'smart', appContext: '{"view":"report"}' }).success).toBe(true);
  });
});

describe('CDS Hooks 2.0 § Trusting CDS Clients: the JWT tables', () => {
  const claims = cdsHooksFixture<{ header: Json; payload: Json }>('conform-jwt-claims.json');

  it('a JWT with exactly the spec\u2019s claims table (iss, aud string or array, exp, iat, jti, optional tenant, no sub), signed in the test with our own key, is accepted', async () => {
    // Our own ES384 key pair, generated for this run: no published key or token is used.
    const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
    const kid = claims.header.kid as string;
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' }] };
    expect(Object.keys(claims.payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'tenant']);
    const iat = claims.payload.iat as number;
    const at = new Date((iat + 60) * 1000);
    for (const aud of [claims.payload.aud as string, [claims.payload.aud as string, 'https://k2-desk.test/cds-services/k2-order-sign']]) {
      for (const payload of [{ ...claims.payload, aud }, (({ tenant: _t, ...p }) => ({ ...p, aud }))(claims.payload)]) {
        const token = await new SignJWT(payload).setProtectedHeader(claims.header as { alg: string }).sign(privateKey);
        expect(decodeProtectedHeader(token)).toEqual(claims.header);
        expect(decodeJwt(token)).toEqual(payload);
        const verified = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: CDS_JWT_ALGORITHMS, audience: claims.payload.aud as string, issuer: claims.payload.iss as string, currentDate: at });
        expect(cdsJwtHeaderProblem(verified.protectedHeader as Json)).toBeNull();
        expect(cdsJwtClaimsProblem(verified.payload)).toBeNull();
        expect(verified.payload.sub).toBeUndefined();
      }
    }
    // The same claims signed with another key are not.
    const stranger = await generateKeyPair('ES384');
    const forged = await new SignJWT(claims.payload).setProtectedHeader(claims.header as { alg: string }).sign(stranger.privateKey);
    await expect(jwtVerify(forged, createLocalJWKSet(jwks), { algorithms: CDS_JWT_ALGORITHMS, currentDate: at })).rejects.toThrow();
  });

  it('aud is a string or an array of strings; tenant optional; sub accepted when present, never required', () => {
    const base = { ...claims.payload };
    expect(cdsJwtClaimsProblem({ ...base, aud: ['https://k2-desk.test/cds-services/k2-patient-view'] })).toBeNull();
    const { tenant: _tenant, ...noTenant } = base;
    expect(cdsJwtClaimsProblem(noTenant)).toBeNull();
    expect(cdsJwtClaimsProblem({ ...base, sub: 'k2-ehr-sim' })).toBeNull();
    for (const key of ['iss', 'aud', 'exp', 'iat', 'jti']) {
      const { [key]: _gone, ...rest } = base;
      expect(cdsJwtClaimsProblem(rest), key).not.toBeNull();
    }
    expect(cdsJwtClaimsProblem({ ...base, aud: [] })).not.toBeNull();
    expect(cdsJwtClaimsProblem({ ...base, aud: [5] })).not.toBeNull();
    expect(cdsJwtClaimsProblem({ ...base, tenant: 5 })).not.toBeNull();
    expect(cdsJwtClaimsProblem({ ...base, sub: 5 })).not.toBeNull();
  });

  it('the header: alg asymmetric, kid and typ JWT required, jku optional (and never fetched)', () => {
    expect(cdsJwtHeaderProblem(cdsHooksFixture<{ jwtHeader: Json }>('conform-client-order-select.json').jwtHeader)).toBeNull();
    expect(cdsJwtHeaderProblem({ alg: 'RS384', kid: 'k', typ: 'JWT' })).toBeNull();
    for (const header of [{ alg: 'none', kid: 'k', typ: 'JWT' }, { alg: 'HS256', kid: 'k', typ: 'JWT' }, { alg: 'ES384', typ: 'JWT' }, { alg: 'ES384', kid: 'k' }, { alg: 'ES384', kid: 'k', typ: 'JOSE+JSON' }]) expect(cdsJwtHeaderProblem(header), JSON.stringify(header)).not.toBeNull();
  });

  // A browser-based client such as the reference sandbox (GitHub cds-hooks/sandbox) signs a minimal JWT: header alg,
  // typ, kid and a jku; payload iss, aud, exp, iat and jti only — no sub, no tenant. Our own client example has that shape.
  it('a browser-based client\u2019s payload of exactly iss, aud, exp, iat and jti (no sub, no tenant) meets the table', () => {
    const minimal = cdsHooksFixture<{ jwtPayload: Json }>('conform-client-order-select.json').jwtPayload;
    expect(Object.keys(minimal)).toEqual(['iss', 'aud', 'exp', 'iat', 'jti']);
    expect(cdsJwtClaimsProblem(minimal)).toBeNull();
    expect(cdsJwtClaimsProblem({ ...minimal, aud: [minimal.aud] })).toBeNull();
  });
});

describe('CDS Hooks 2.0 § Feedback', () => {
  it('our three feedback examples (accepted, overridden, overridden with a reason) are accepted', () => {
    for (const file of ['conform-feedback-accepted.json', 'conform-feedback-overridden.json', 'conform-feedback-overridden-with-reason.json']) expect(FeedbackSchema.safeParse(cdsHooksFixture(file)).success, file).toBe(true);
  });

  it('refuses what the Feedback, AcceptedSuggestion and OverrideReason tables do not allow', () => {
    const item = { card: 'c9594053-17dd-481f-8ac1-0b26bc242c75', outcome: 'overridden', outcomeTimestamp: '2026-11-20T16:45:00Z' };
    const bad: Array<[string, unknown]> = [
      ['outcome ignored', { ...item, outcome: 'ignored' }],
      ['accepted without acceptedSuggestions', { ...item, outcome: 'accepted' }],
      ['an accepted suggestion without id', { ...item, outcome: 'accepted', acceptedSuggestions: [{}] }],
      ['no card', { outcome: 'overridden', outcomeTimestamp: item.outcomeTimestamp }],
      ['no outcomeTimestamp', { card: item.card, outcome: 'overridden' }],
      ['a timestamp not in UTC', { ...item, outcomeTimestamp: '2026-11-20T18:45:00+02:00' }],
      ['a timestamp that is not a date-time', { ...item, outcomeTimestamp: 'yesterday' }],
      ['an empty overrideReason', { ...item, overrideReason: {} }],
      ['a reason that is not a Coding', { ...item, overrideReason: { reason: { code: 'c' } } }],
    ];
    for (const [name, value] of bad) expect(FeedbackSchema.safeParse({ feedback: [value] }).success, name).toBe(false);
    expect(FeedbackSchema.safeParse({ feedback: [] }).success).toBe(false);
    expect(FeedbackSchema.safeParse({ feedback: [{ ...item, overrideReason: { userComment: 'INR in 5 days' } }] }).success).toBe(true);
  });
});

describe('our example requests, shaped as the spec\u2019s sections, give cards that meet every table', () => {
  it('our request with every field of § Calling a CDS Service parses, and answers 200 with cards (its prefetch key is not ours: the record could not be read)', () => {
    expect(HookRequestSchema.safeParse(viewRequest).success).toBe(true);
    const { status, cards } = answer('k2-patient-view', viewRequest);
    expect(status).toBe(200);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(specProblems(card)).toEqual([]);
    expect(cards.some((c) => c.indicator === 'warning' && /medication list could not be read/i.test(c.summary))).toBe(true);
  });

  it('patient-view, order-select and order-sign: our hook contexts in that envelope, with our prefetch, every card field by field', () => {
    const prefetch = prefetchOf('warfarin-ckd-bundle.json');
    const calls: Array<[CdsServiceId, Json]> = [
      ['k2-patient-view', envelope('patient-view', patientViewContext, prefetch)],
      ['k2-order-select', envelope('order-select', withDraft(orderSelectContext, codeOnlyVitaminK('vk-1')), prefetch)],
      ['k2-order-sign', envelope('order-sign', withDraft(orderSignContext, codeOnlyVitaminK('vk-2', '1670192')), prefetch)],
    ];
    for (const [service, body] of calls) {
      const { status, cards } = answer(service, body);
      expect(status, service).toBe(200);
      expect(cards.length, service).toBeGreaterThan(1);
      cards.forEach((card, i) => expect(specProblems(card, `${service} cards[${i}]`)).toEqual([]));
      expect(cards.at(-1)!.indicator).toBe('info');
    }
  });

  it('our example orders (amlodipine or metformin, a sodium-restricted diet with a protein shake) contain no vitamin K: no cards on order-select and order-sign', () => {
    const prefetch = prefetchOf('warfarin-ckd-bundle.json');
    expect(answer('k2-order-select', envelope('order-select', orderSelectContext, prefetch))).toEqual({ status: 200, cards: [] });
    expect(answer('k2-order-sign', envelope('order-sign', orderSignContext, prefetch))).toEqual({ status: 200, cards: [] });
  });
});

describe('vitamin K draft orders by RxNorm code (issue 12, acceptance)', () => {
  it('a warfarin patient + a vitamin K draft identified only by its RxNorm code → one critical card, one delete action per order', () => {
    const prefetch = prefetchOf('warfarin-ckd-bundle.json');
    for (const [service, hook, base] of [
      ['k2-order-sign', 'order-sign', orderSignContext],
      ['k2-order-select', 'order-select', orderSelectContext],
    ] as const) {
      const context = withDraft(withDraft(base, codeOnlyVitaminK('vk-a')), codeOnlyVitaminK('vk-b', '727625'));
      const { cards } = answer(service, envelope(hook, context, prefetch));
      const critical = cards.filter((c) => c.indicator === 'critical');
      expect(critical, service).toHaveLength(1);
      expect(critical[0]!.detail).toContain('RxNorm 198102');
      expect(critical[0]!.suggestions).toHaveLength(1);
      expect(critical[0]!.suggestions![0]!.actions).toEqual([
        expect.objectContaining({ type: 'delete', resourceId: 'MedicationRequest/vk-a' }),
        expect.objectContaining({ type: 'delete', resourceId: 'MedicationRequest/vk-b' }),
      ]);
      expect(critical[0]!.overrideReasons?.every((r) => r.display)).toBe(true);
    }
  });

  // The order-select context a browser-based client such as the reference sandbox (GitHub cds-hooks/sandbox) sends:
  // selections naming one draft, draftOrders a Bundle without type whose MedicationRequest has no intent and a
  // medicationCodeableConcept with text and one coding of display, system and code. Our own request has that shape.
  it('a browser-based client\u2019s order-select shape (coding with display and code), a NutritionOrder by name, and order-sign reading every draft (no selections)', () => {
    const shape = cdsHooksFixture<{ request: { context: Json } }>('conform-client-order-select.json').request;
    expect(HookRequestSchema.safeParse(shape).success).toBe(true);
    const found = vitaminKOrders(shape.context);
    expect(found).toEqual([expect.objectContaining({ ref: 'MedicationRequest/k2-draft-phyto-01', matchedBy: ['text', 'code'], codes: ['198102'] })]);
    const nutrition = { resourceType: 'NutritionOrder', id: 'n1', status: 'draft', supplement: [{ productName: 'Vitamin K2 (menaquinone-7) 100 mcg' }] };
    const draftOrders = { resourceType: 'Bundle', entry: [{ resource: nutrition }, { resource: codeOnlyVitaminK('m1') }, { resource: { resourceType: 'MedicationRequest', id: 'm2', medicationCodeableConcept: { text: 'atorvastatin' } } }] };
    expect(vitaminKOrders({ draftOrders, selections: ['MedicationRequest/m2'] }, 'order-select')).toEqual([]);
    expect(vitaminKOrders({ draftOrders, selections: ['MedicationRequest/m2'] }, 'order-sign').map((o) => o.ref)).toEqual(['NutritionOrder/n1', 'MedicationRequest/m1']);
    // A code of another system is not RxNorm.
    expect(vitaminKOrders({ draftOrders: { entry: [{ resource: { resourceType: 'MedicationRequest', id: 'x', medicationCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '198102' }] } } }] } })).toEqual([]);
  });

  it('the value set: RxCUIs with names and sources, unique', () => {
    expect(VITAMIN_K_PRODUCT_CODES.length).toBeGreaterThan(0);
    expect(new Set(VITAMIN_K_PRODUCT_CODES.map((p) => p.rxcui)).size).toBe(VITAMIN_K_PRODUCT_CODES.length);
    for (const p of VITAMIN_K_PRODUCT_CODES) {
      expect(p.rxcui).toMatch(/^\d{4,8}$/);
      expect(p.name.length).toBeGreaterThan(5);
      expect(p.source.length).toBeGreaterThan(20);
    }
  });
});

describe('missing or failed data is never "no medications" (issue 12, acceptance)', () => {
  const warfarin = prefetchOf('warfarin-ckd-bundle.json');
  const failed = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout', diagnostics: 'The medication search timed out' }] };
  const couldNotRead = (cards: Card[]): Card | undefined => cards.find((c) => c.indicator === 'warning' && /medication list could not be read/i.test(c.summary));

  it('an OperationOutcome medications prefetch → a warning card saying the medications could not be checked, on every hook, and nothing reassures', () => {
    const prefetch = { ...warfarin, medications: failed, statements: null };
    for (const [service, body] of [
      ['k2-patient-view', envelope('patient-view', patientViewContext, prefetch)],
      ['k2-order-select', envelope('order-select', withDraft(orderSelectContext, codeOnlyVitaminK('vk')), prefetch)],
      ['k2-order-sign', envelope('order-sign', withDraft(orderSignContext, codeOnlyVitaminK('vk')), prefetch)],
    ] as const) {
      const { status, cards } = answer(service, body);
      expect(status).toBe(200);
      const card = couldNotRead(cards);
      expect(card, service).toBeDefined();
      expect(card!.detail).toMatch(/could not be checked/);
      expect(card!.detail).toMatch(/prefetch "medications"/);
      // The warfarin was in the medications that failed: nothing else may say all is well.
      for (const c of cards) expect(reassuranceIn(`${c.summary} ${c.detail ?? ''}`), `${service}: ${c.summary}`).toBeUndefined();
      expect(cards.at(-1)!.summary).toMatch(/could not be read/);
      cards.forEach((c, i) => expect(specProblems(c, `cards[${i}]`)).toEqual([]));
    }
  });

  it('a medications prefetch that is missing (no fhirServer), or missing with fhirServer + fhirAuthorization (not fetched yet) → the same card, not 412', () => {
    const { medications: _m, ...rest } = warfarin;
    const noServer = { hook: 'patient-view', hookInstance: 'a18717b6-fc48-45a8-befa-17cc4aa29eeb', context: patientViewContext, prefetch: rest };
    expect(couldNotRead(answer('k2-patient-view', noServer).cards)).toBeDefined();
    const { patient: _p, ...noPatient } = rest;
    const withServer = envelope('patient-view', patientViewContext, noPatient);
    const answered = answer('k2-patient-view', withServer);
    expect(answered.status).toBe(200);
    expect(couldNotRead(answered.cards)).toBeDefined();
    expect(answered.cards.some((c) => /age and sex/.test(c.summary))).toBe(true);
    // Without the patient and without FHIR access the service cannot run.
    expect(answer('k2-patient-view', { ...noServer, prefetch: noPatient }).status).toBe(412);
  });

  it('null (no data) is not a failure; an informational OperationOutcome in a searchset is not; an error one, a non-resource, or an absent key is', () => {
    const templates = findService('k2-patient-view')!.prefetch;
    expect(unreadablePrefetch({ ...warfarin, medications: null, statements: null, conditions: null, vitaminD: null }, templates)).toEqual([]);
    const info = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] }, search: { mode: 'outcome' } }] };
    expect(unreadablePrefetch({ ...warfarin, medications: info }, templates)).toEqual([]);
    const partial = { ...info, entry: [{ resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] } }] };
    const { vitaminD: _v, ...noVitaminD } = warfarin;
    expect(unreadablePrefetch({ ...noVitaminD, medications: partial, statements: 'oops', conditions: { resourceType: 'OperationOutcome' } }, templates)).toEqual([
      { key: 'medications', topic: 'medications', reason: 'failed' },
      { key: 'statements', topic: 'medications', reason: 'failed' },
      { key: 'conditions', topic: 'conditions', reason: 'failed' },
      { key: 'vitaminD', topic: 'vitaminD', reason: 'missing' },
    ]);
  });

  it('discovery lists the three services, each with the patient and medication templates', () => {
    expect(CDS_SERVICES.map((s) => s.hook)).toEqual(['patient-view', 'order-select', 'order-sign']);
    for (const s of CDS_SERVICES) expect(Object.keys(s.prefetch)).toEqual(expect.arrayContaining(['patient', 'medications', 'statements']));
    // Our discovery answer and our discovery example have the spec's discovery fields (§ Discovery: hook, description,
    // id required; title, prefetch, usageRequirements optional).
    const discovery = cdsHooksFixture<{ services: Json[] }>('conform-discovery.json');
    for (const s of [...CDS_SERVICES, ...discovery.services]) for (const field of ['hook', 'description', 'id']) expect(typeof (s as Json)[field]).toBe('string');
    for (const field of ['title', 'prefetch', 'usageRequirements']) expect(discovery.services.some((s) => s[field] !== undefined), field).toBe(true);
    for (const s of discovery.services) for (const template of Object.values((s.prefetch as Record<string, unknown> | undefined) ?? {})) expect(template).toMatch(/\{\{context\.patientId\}\}/);
  });
});
