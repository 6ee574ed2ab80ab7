/**
 * Conformance with the published CDS Hooks 2.0 text (issue 12). Every fixture in tests/fixtures/cds-hooks/ is an
 * example copied from the specification — HL7/cds-hooks-hl7-site docs/2.0/index.md at commit 1111385a (the 2.0
 * Release published at https://cds-hooks.hl7.org/2.0/), and the hooks' STU1 pages next to it — or the request shapes
 * of the reference sandbox (cds-hooks/sandbox at 3b7e2554); each file's `$source` names its file and section.
 *
 * The card, suggestion, action, link, source and Coding tables of § CDS Service Response are also written out here,
 * row by row (SPEC_TABLES), and checked field by field against the spec's own example response and against every
 * card this service builds for the spec's example requests — independently of the zod schemas in
 * lib/domain/cds/cards.ts, which are checked against the same examples.
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
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
const BASE = 'https://cds.example.org';

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

const specRequest = cdsHooksFixture<Json>('spec-request-patient-view.json');
/** The spec's example request (§ Calling a CDS Service › Example) as the envelope of another hook's example context. */
function specEnvelope(hook: string, context: Json, prefetch?: Json): Json {
  return { ...specRequest, hook, context, ...(prefetch ? { prefetch } : {}) };
}
const orderSelectContext = cdsHooksFixture<{ context: Json }>('hook-order-select-r4.json').context;
const orderSignContext = cdsHooksFixture<{ context: Json }>('hook-order-sign-r4.json').context;
const patientViewContext = cdsHooksFixture<{ context: Json }>('hook-patient-view.json').context;

/** A draft MedicationRequest for phytonadione identified by its RxNorm code only: no text, no display. */
const codeOnlyVitaminK = (id: string, rxcui = '198102'): Json => ({ resourceType: 'MedicationRequest', id, status: 'draft', intent: 'order', medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxcui }] }, subject: { reference: 'Patient/1288992' } });
const withDraft = (context: Json, resource: Json, select = true): Json => {
  const bundle = context.draftOrders as { entry: Json[] };
  return { ...context, draftOrders: { ...bundle, entry: [...bundle.entry, { resource }] }, ...(select && Array.isArray(context.selections) ? { selections: [...(context.selections as string[]), `MedicationRequest/${String(resource.id)}`] } : {}) };
};

describe('CDS Hooks 2.0 § CDS Service Response: the spec\u2019s own examples against the tables and the schemas', () => {
  it('the example response (§ Example) meets every table field by field, and the response schema', () => {
    const response = cdsHooksFixture<{ cards: unknown[] }>('spec-response-example.json');
    response.cards.forEach((card, i) => expect(specProblems(card, `cards[${i}]`)).toEqual([]));
    expect(CdsResponseSchema.safeParse(response).success).toBe(true);
  });

  it('the Source, override reasons and the create, update and delete Action examples parse', () => {
    expect(SourceSchema.safeParse(cdsHooksFixture<{ source: unknown }>('spec-source.json').source).success).toBe(true);
    for (const reason of cdsHooksFixture<{ overrideReasons: unknown[] }>('spec-override-reasons.json').overrideReasons) expect(OverrideReasonCodingSchema.safeParse(reason).success).toBe(true);
    for (const file of ['spec-action-create.json', 'spec-action-update.json', 'spec-action-delete.json']) {
      const action = cdsHooksFixture(file);
      expect(ActionSchema.safeParse(action).success, file).toBe(true);
      expect(tableProblems('action', action, file)).toEqual([]);
    }
    expect(cdsHooksFixture<{ resourceId: unknown }>('spec-action-delete.json').resourceId).toBe('ServiceRequest/procedure-request-1');
  });

  it('the System Action example omits the description the Action table requires: the table is followed', () => {
    const example = cdsHooksFixture<{ cards: unknown[]; systemActions: unknown[] }>('spec-system-action.json');
    expect(tableProblems('action', example.systemActions[0], 'systemActions[0]')).toEqual(['systemActions[0].description: REQUIRED, missing']);
    expect(CdsResponseSchema.safeParse(example).success).toBe(false);
    expect(CdsResponseSchema.safeParse({ ...example, systemActions: [{ ...(example.systemActions[0] as Json), description: 'Record the score' }] }).success).toBe(true);
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
    expect(CodingSchema.safeParse({ system: 'http://example.org', code: '1' }).success).toBe(true);
    expect(LinkSchema.safeParse({ label: 'SMART', url: 'https://smart.example.com/launch', type: 'smart', appContext: '{"session":1}' }).success).toBe(true);
  });
});

describe('CDS Hooks 2.0 § Trusting CDS Clients: the JWT tables', () => {
  const spec = cdsHooksFixture<{ header: Json; payload: Json; jwks: JSONWebKeySet; token: string }>('spec-jwt.json');

  it('the spec\u2019s example token decodes to the printed header and payload, verifies with the printed key, and meets both tables (it has no sub)', async () => {
    expect(decodeProtectedHeader(spec.token)).toEqual(spec.header);
    expect(decodeJwt(spec.token)).toEqual(spec.payload);
    // The example expired in 2015: verified at a moment between its iat and exp.
    const { payload } = await jwtVerify(spec.token, createLocalJWKSet(spec.jwks), { algorithms: CDS_JWT_ALGORITHMS, audience: 'https://cds.example.org/cds-services/some-service', issuer: 'https://fhir-ehr.example.com/', currentDate: new Date(1_400_000_000_000) });
    expect(cdsJwtHeaderProblem(spec.header)).toBeNull();
    expect(cdsJwtClaimsProblem(payload)).toBeNull();
    expect(payload.sub).toBeUndefined();
  });

  it('aud is a string or an array of strings; tenant optional; sub accepted when present, never required', () => {
    const base = { ...spec.payload };
    expect(cdsJwtClaimsProblem({ ...base, aud: ['https://cds.example.org/cds-services/some-service'] })).toBeNull();
    const { tenant: _tenant, ...noTenant } = base;
    expect(cdsJwtClaimsProblem(noTenant)).toBeNull();
    expect(cdsJwtClaimsProblem({ ...base, sub: 'ehr-client' })).toBeNull();
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
    expect(cdsJwtHeaderProblem(cdsHooksFixture<{ jwtHeader: Json }>('sandbox-order-select.json').jwtHeader)).toBeNull();
    expect(cdsJwtHeaderProblem({ alg: 'RS384', kid: 'k', typ: 'JWT' })).toBeNull();
    for (const header of [{ alg: 'none', kid: 'k', typ: 'JWT' }, { alg: 'HS256', kid: 'k', typ: 'JWT' }, { alg: 'ES384', typ: 'JWT' }, { alg: 'ES384', kid: 'k' }, { alg: 'ES384', kid: 'k', typ: 'JOSE+JSON' }]) expect(cdsJwtHeaderProblem(header), JSON.stringify(header)).not.toBeNull();
  });

  it('the sandbox\u2019s payload has exactly iss, aud, exp, iat and jti: no sub, no tenant', () => {
    const claims = cdsHooksFixture<{ jwtPayload: Json }>('sandbox-order-select.json').jwtPayload;
    expect(Object.keys(claims)).toEqual(['iss', 'aud', 'exp', 'iat', 'jti']);
    expect(cdsJwtClaimsProblem({ iss: claims.iss, aud: 'https://cds.example.org/cds-services/k2-order-select', exp: 2, iat: 1, jti: 'a' })).toBeNull();
  });
});

describe('CDS Hooks 2.0 § Feedback', () => {
  it('the spec\u2019s three feedback examples are accepted', () => {
    for (const file of ['spec-feedback-accepted.json', 'spec-feedback-overridden.json', 'spec-feedback-overridden-with-reason.json']) expect(FeedbackSchema.safeParse(cdsHooksFixture(file)).success, file).toBe(true);
  });

  it('refuses what the Feedback, AcceptedSuggestion and OverrideReason tables do not allow', () => {
    const item = { card: '4e0a3a1e-3283-4575-ab82-028d55fe2719', outcome: 'overridden', outcomeTimestamp: '2021-12-11T10:05:31Z' };
    const bad: Array<[string, unknown]> = [
      ['outcome ignored', { ...item, outcome: 'ignored' }],
      ['accepted without acceptedSuggestions', { ...item, outcome: 'accepted' }],
      ['an accepted suggestion without id', { ...item, outcome: 'accepted', acceptedSuggestions: [{}] }],
      ['no card', { outcome: 'overridden', outcomeTimestamp: item.outcomeTimestamp }],
      ['no outcomeTimestamp', { card: item.card, outcome: 'overridden' }],
      ['a timestamp not in UTC', { ...item, outcomeTimestamp: '2021-12-11T12:05:31+02:00' }],
      ['a timestamp that is not a date-time', { ...item, outcomeTimestamp: 'yesterday' }],
      ['an empty overrideReason', { ...item, overrideReason: {} }],
      ['a reason that is not a Coding', { ...item, overrideReason: { reason: { code: 'c' } } }],
    ];
    for (const [name, value] of bad) expect(FeedbackSchema.safeParse({ feedback: [value] }).success, name).toBe(false);
    expect(FeedbackSchema.safeParse({ feedback: [] }).success).toBe(false);
    expect(FeedbackSchema.safeParse({ feedback: [{ ...item, overrideReason: { userComment: 'INR in 5 days' } }] }).success).toBe(true);
  });
});

describe('the spec\u2019s example requests give cards that meet every table', () => {
  it('the example request of § Calling a CDS Service parses, and answers 200 with cards (its prefetch key is not ours: the record could not be read)', () => {
    expect(HookRequestSchema.safeParse(specRequest).success).toBe(true);
    const { status, cards } = answer('k2-patient-view', specRequest);
    expect(status).toBe(200);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(specProblems(card)).toEqual([]);
    expect(cards.some((c) => c.indicator === 'warning' && /medication list could not be read/i.test(c.summary))).toBe(true);
  });

  it('patient-view, order-select and order-sign: the hooks\u2019 example contexts in the spec\u2019s envelope, with our prefetch, every card field by field', () => {
    const prefetch = prefetchOf('warfarin-ckd-bundle.json');
    const calls: Array<[CdsServiceId, Json]> = [
      ['k2-patient-view', specEnvelope('patient-view', patientViewContext, prefetch)],
      ['k2-order-select', specEnvelope('order-select', withDraft(orderSelectContext, codeOnlyVitaminK('vk-1')), prefetch)],
      ['k2-order-sign', specEnvelope('order-sign', withDraft(orderSignContext, codeOnlyVitaminK('vk-2', '1670192')), prefetch)],
    ];
    for (const [service, body] of calls) {
      const { status, cards } = answer(service, body);
      expect(status, service).toBe(200);
      expect(cards.length, service).toBeGreaterThan(1);
      cards.forEach((card, i) => expect(specProblems(card, `${service} cards[${i}]`)).toEqual([]));
      expect(cards.at(-1)!.indicator).toBe('info');
    }
  });

  it('the hooks\u2019 example orders (amoxicillin, a pureed diet) contain no vitamin K: no cards on order-select and order-sign', () => {
    const prefetch = prefetchOf('warfarin-ckd-bundle.json');
    expect(answer('k2-order-select', specEnvelope('order-select', orderSelectContext, prefetch))).toEqual({ status: 200, cards: [] });
    expect(answer('k2-order-sign', specEnvelope('order-sign', orderSignContext, prefetch))).toEqual({ status: 200, cards: [] });
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
      const { cards } = answer(service, specEnvelope(hook, context, prefetch));
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

  it('the sandbox\u2019s order-select shape (coding with display and code), a NutritionOrder by name, and order-sign reading every draft (no selections)', () => {
    const shape = cdsHooksFixture<{ request: { context: { draftOrders: { entry: Array<{ resource: Json }> } } } }>('sandbox-order-select.json').request;
    const resource = { ...shape.context.draftOrders.entry[0]!.resource, medicationCodeableConcept: { text: 'Phytonadione 5 MG Oral Tablet', coding: [{ display: 'Phytonadione 5 MG Oral Tablet', system: RXNORM, code: '198102' }] } };
    const found = vitaminKOrders({ selections: ['MedicationRequest/request-123'], draftOrders: { resourceType: 'Bundle', entry: [{ resource }] } });
    expect(found).toEqual([expect.objectContaining({ ref: 'MedicationRequest/request-123', matchedBy: ['text', 'code'], codes: ['198102'] })]);
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
      ['k2-patient-view', specEnvelope('patient-view', patientViewContext, prefetch)],
      ['k2-order-select', specEnvelope('order-select', withDraft(orderSelectContext, codeOnlyVitaminK('vk')), prefetch)],
      ['k2-order-sign', specEnvelope('order-sign', withDraft(orderSignContext, codeOnlyVitaminK('vk')), prefetch)],
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
    const noServer = { hook: 'patient-view', hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea', context: patientViewContext, prefetch: rest };
    expect(couldNotRead(answer('k2-patient-view', noServer).cards)).toBeDefined();
    const { patient: _p, ...noPatient } = rest;
    const withServer = specEnvelope('patient-view', patientViewContext, noPatient);
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
    // Our discovery answer has the spec's discovery fields (§ Discovery: hook, description, id required).
    const specDiscovery = cdsHooksFixture<{ services: Json[] }>('spec-discovery.json');
    for (const s of [...CDS_SERVICES, ...specDiscovery.services]) for (const field of ['hook', 'description', 'id']) expect(typeof (s as Json)[field]).toBe('string');
  });
});
