/**
 * fast-check arbitraries of CDS Hooks 2.0 request bodies for the HTTP fuzz test: valid hook calls whose prefetch
 * holds generated FHIR resources (tests/support/fuzz-fhir.ts) and whose order-select draft orders do or do not
 * contain vitamin K, with what the cards must show decided here; calls broken in one place with the status they must
 * get (400, or 412 without the patient prefetch); and calls with garbage in the prefetch.
 */
import fc from 'fast-check';
import { expectationOf, garbageResource, patientResourceArb, resourcesArb, SYSTEMS, type Effect } from './fuzz-fhir';

type Json = Record<string, unknown>;
export type ServiceId = 'k2-order-select' | 'k2-order-sign' | 'k2-patient-view';
const HOOK: Record<ServiceId, string> = { 'k2-order-select': 'order-select', 'k2-order-sign': 'order-sign', 'k2-patient-view': 'patient-view' };
/** The services whose hook carries draft orders. */
export const ORDER_SERVICES: readonly ServiceId[] = ['k2-order-select', 'k2-order-sign'];

/** Draft order products, and whether each contains vitamin K (ARCHITECTURE.md: K2, menaquinone, MK-7, MK-4, K1). */
const ORDER_PRODUCTS: Array<[text: string, vitaminK: boolean]> = [
  ['Vitamin K2 (menaquinone-7) 200 mcg capsule', true],
  ['MK-7 90 mcg softgel', true],
  ['Menatetrenone (MK-4) 45 mg', true],
  ['phytonadione 10 MG/ML Injectable Solution', true],
  ['Vitamin K1 100 mcg', true],
  ['vitamin k 1 mg', true],
  ['Cholecalciferol 1000 UNT Oral Tablet', false],
  ['Calcium carbonate 500 mg', false],
  ['atorvastatin 20 MG Oral Tablet', false],
  ['Magnesium oxide 400 mg', false],
];

type Order = { resource: Json; ref: string; vitaminK: boolean; orderable: boolean };

const orderArb: fc.Arbitrary<Order> = fc
  .record({
    type: fc.constantFrom('MedicationRequest', 'MedicationRequest', 'NutritionOrder', 'ServiceRequest'),
    id: fc.option(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { freq: 8, nil: undefined }),
    product: fc.constantFrom(...ORDER_PRODUCTS),
    shape: fc.constantFrom('text', 'display', 'contained'),
  })
  .map(({ type, id, product: [text, vitaminK], shape }) => {
    const concept = shape === 'display' ? { coding: [{ system: SYSTEMS.rxnorm, code: '1234', display: text }] } : { text };
    const resource: Json =
      type === 'NutritionOrder'
        ? { resourceType: type, status: 'draft', intent: 'order', patient: { reference: 'Patient/p1' }, supplement: [shape === 'text' ? { productName: text } : { type: concept }] }
        : type === 'MedicationRequest'
          ? { resourceType: type, status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, ...(shape === 'contained' ? { contained: [{ resourceType: 'Medication', id: 'm1', code: concept }], medicationReference: { reference: '#m1' } } : { medicationCodeableConcept: concept }) }
          : { resourceType: type, status: 'draft', intent: 'order', code: concept, subject: { reference: 'Patient/p1' } };
    if (id !== undefined) resource.id = id;
    return { resource, ref: `${type}/${id ?? ''}`, vitaminK, orderable: type !== 'ServiceRequest' };
  });

export type CdsExpectation = { service: ServiceId; vka: boolean; vitaminKOrder: boolean; removableOrders: string[] };
export type ValidHookCase = { kind: 'valid'; label: string; service: ServiceId; body: Json; expected: CdsExpectation };
export type InvalidHookCase = { kind: 'invalid'; label: string; service: ServiceId; body?: unknown; raw?: string; status: 400 | 412 };
export type AnyHookCase = { kind: 'any'; label: string; service: ServiceId; body: Json };
export type HookCase = ValidHookCase | InvalidHookCase | AnyHookCase;

/** A garbage value as URL text: String() throws on an object without a prototype (a generated `{ "__proto__": … }`). */
const urlPart = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : 'x');

const searchset = (resources: Json[], outcome: boolean): Json => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total: resources.length,
  entry: [...resources.map((resource) => ({ fullUrl: `https://ehr.example.org/fhir/R4/${urlPart(resource.resourceType)}/${urlPart(resource.id)}`, resource, search: { mode: 'match' } })), ...(outcome ? [{ resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] }, search: { mode: 'outcome' } }] : [])],
});

/** hookInstance: a UUID as the spec has it, or any non-empty text an EHR might send. */
const hookInstanceArb = fc.oneof(
  { weight: 8, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('\u0000', '\u0001', '\n', '"')), minLength: 1, maxLength: 300 }) },
);

/** A valid call of a service: the patient prefetch, the other prefetch searchsets (or null when the EHR could not fetch them), and draft orders. */
export const validHookArb = (service: ServiceId): fc.Arbitrary<ValidHookCase> =>
  fc
    .record({
      patient: patientResourceArb,
      others: resourcesArb(12),
      nulls: fc.subarray(['medications', 'statements', 'conditions', 'vitaminD']),
      outcome: fc.boolean(),
      orders: fc.array(orderArb, { maxLength: 4 }),
      selections: fc.option(fc.subarray([0, 1, 2, 3]), { freq: 3, nil: undefined }),
      hookInstance: hookInstanceArb,
      extras: fc.record({ fhirServer: fc.constant('https://ehr.example.org/fhir/R4'), fhirAuthorization: fc.constant({ access_token: 'opaque', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'k2-desk' }), userId: fc.constant('Practitioner/123'), encounterId: fc.constant('Encounter/9') }, { requiredKeys: [] }),
    })
    .map(({ patient, others, nulls, outcome, orders, selections, hookInstance, extras }) => {
      const patientResource = { ...patient.resources[0]!, id: 'p1' };
      // The resources are dealt to the prefetch keys an EHR fills from our templates; referenced Medications come along
      // with both medication searches (_include), so a statement's medication is there whenever the statement is.
      const of = (...types: string[]) => others.flatMap((g) => g.resources).filter((r) => types.includes(String(r.resourceType)));
      const prefetch: Json = {
        patient: patientResource,
        medications: nulls.includes('medications') ? null : searchset(of('MedicationRequest', 'Medication'), outcome),
        statements: nulls.includes('statements') ? null : searchset(of('MedicationStatement', 'Medication'), false),
        conditions: nulls.includes('conditions') ? null : searchset(of('Condition', 'Patient'), false),
        vitaminD: nulls.includes('vitaminD') ? null : searchset(of('Observation', 'AllergyIntolerance', 'Encounter', 'Practitioner', 'Immunization', 'OperationOutcome'), outcome),
      };
      // Resources held back because their key was null are not in the record the service sees.
      const sent = new Set(Object.values(prefetch).flatMap((v) => (v && (v as Json).resourceType === 'Bundle' ? ((v as Json).entry as Json[]).map((e) => e.resource) : [v])));
      const effects: Effect[] = [patient.effect, ...others.filter((g) => sent.has(g.resources[0])).map((g) => g.effect)];
      const refs = orders.map((o) => o.ref);
      const chosen = selections?.filter((i) => i < orders.length).map((i) => refs[i]!) ?? [];
      const orderable = orders.filter((o) => o.orderable);
      const selected = orderable.filter((o) => chosen.includes(o.ref));
      // order-sign has no selections: every draft order is about to be signed.
      const considered = (service === 'k2-order-select' && selected.length ? selected : orderable).filter((o) => o.vitaminK);
      const { userId, encounterId, fhirAuthorization, ...rest } = extras;
      // CDS Hooks 2.0: fhirServer is REQUIRED when fhirAuthorization is given (a call with the token alone is invalid).
      const top = { ...rest, ...(fhirAuthorization && rest.fhirServer ? { fhirAuthorization } : {}) };
      const body: Json = {
        hook: HOOK[service],
        hookInstance,
        ...top,
        context: {
          patientId: 'p1',
          ...(userId ? { userId } : {}),
          ...(encounterId ? { encounterId } : {}),
          ...(ORDER_SERVICES.includes(service) ? { ...(selections && service === 'k2-order-select' ? { selections: chosen } : {}), draftOrders: { resourceType: 'Bundle', type: 'collection', entry: orders.map((o) => ({ resource: o.resource })) } } : {}),
        },
        prefetch,
      };
      const expected: CdsExpectation = { service, vka: expectationOf(effects).vka, vitaminKOrder: considered.length > 0, removableOrders: considered.map((o) => o.ref).filter((r) => !r.endsWith('/')) };
      return { kind: 'valid', label: `valid ${HOOK[service]}`, service, body, expected };
    });

type HookMutation = (body: Json) => { body?: unknown; raw?: string; status: 400 | 412 };
const hookMutation = (label: string, arb: fc.Arbitrary<HookMutation>) => arb.map((mutate) => ({ label, mutate }));
const withContext = (body: Json, change: Json): Json => ({ ...body, context: { ...(body.context as Json), ...change } });

/** A valid call broken in one place, with the status it must get. */
export const invalidHookArb = (service: ServiceId): fc.Arbitrary<InvalidHookCase> =>
  fc
    .tuple(
      validHookArb(service),
      fc.oneof(
        hookMutation(
          'no patient prefetch',
          fc.constantFrom('absent', 'empty', 'null', 'missing', 'a searchset', 'another resource').map((how): HookMutation => (body) => {
            const prefetch = body.prefetch as Json;
            const { patient, ...rest } = prefetch;
            const changed = {
              absent: undefined,
              empty: {},
              null: { ...rest, patient: null },
              missing: rest,
              'a searchset': { ...rest, patient: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: patient }] } },
              'another resource': { ...rest, patient: { resourceType: 'Practitioner', id: 'p1' } },
            }[how];
            // 412 only without FHIR access: with fhirServer + fhirAuthorization the service answers cards saying what it could not read.
            const { fhirAuthorization: _fhirAuthorization, ...withoutAccess } = body;
            return { body: { ...withoutAccess, prefetch: changed }, status: 412 };
          }),
        ),
        hookMutation('another hook', fc.constantFrom('patient-view', 'order-select', 'order-sign', 'medication-prescribe').filter((h) => h !== HOOK[service]).map((hook): HookMutation => (body) => ({ body: { ...body, hook }, status: 400 }))),
        hookMutation('hook not a string', fc.constantFrom<unknown>(undefined, '', 5, null, ['order-select']).map((hook): HookMutation => (body) => ({ body: { ...body, hook }, status: 400 }))),
        hookMutation('no hookInstance', fc.constantFrom<unknown>(undefined, '', 5, null, {}).map((hookInstance): HookMutation => (body) => ({ body: { ...body, hookInstance }, status: 400 }))),
        hookMutation('no context', fc.constantFrom<unknown>(undefined, null, 'p1', [], 5).map((context): HookMutation => (body) => ({ body: { ...body, context }, status: 400 }))),
        hookMutation('no patientId', fc.constantFrom<unknown>(undefined, '', 5, null, ['p1']).map((patientId): HookMutation => (body) => ({ body: withContext(body, { patientId }), status: 400 }))),
        hookMutation('context field of the wrong type', fc.constantFrom('userId', 'encounterId').map((key): HookMutation => (body) => ({ body: withContext(body, { [key]: 5 }), status: 400 }))),
        hookMutation('prefetch not an object', fc.constantFrom<unknown>([], 'patient', 5, null, true).map((prefetch): HookMutation => (body) => ({ body: { ...body, prefetch }, status: 400 }))),
        hookMutation('fhirServer not a string', fc.constantFrom<unknown>(5, {}, true).map((fhirServer): HookMutation => (body) => ({ body: { ...body, fhirServer }, status: 400 }))),
        hookMutation('not a JSON object', fc.constantFrom('', '[]', 'null', '"order-select"', '{"hook":', 'hook=order-select').map((raw): HookMutation => () => ({ raw, status: 400 }))),
      ),
    )
    .map(([base, m]) => ({ kind: 'invalid', label: m.label, service, ...m.mutate(base.body) }));

/** A valid call with garbage resources in its prefetch searchsets (the patient prefetch is a Patient with garbage fields). */
export const garbageHookArb = (service: ServiceId): fc.Arbitrary<AnyHookCase> =>
  fc.tuple(validHookArb(service), fc.array(garbageResource, { maxLength: 8 }), garbageResource).map(([base, junk, patient]) => ({
    kind: 'any',
    label: `garbage prefetch ${HOOK[service]}`,
    service,
    body: { ...base.body, prefetch: { ...(base.body.prefetch as Json), patient: { ...patient, resourceType: 'Patient' }, conditions: searchset(junk, false), extra: junk[0] ?? null } },
  }));
