import 'server-only';
import { randomUUID } from 'node:crypto';
import { NextResponse } from 'next/server';
import { buildCards, CdsResponseSchema } from '@/lib/domain/cds/cards';
import { FeedbackSchema, hasPatientPrefetch, HookRequestSchema, prefetchBundle, unidentifiedOrders, unreadablePrefetch, vitaminKOrders } from '@/lib/domain/cds/request';
import { CDS_SERVICES, DEFAULT_GOALS, findService, isOrderHook, type CdsService } from '@/lib/domain/cds/services';
import { discoveryService } from '@/lib/domain/cds/source-attributes';
import { importFhirBundle } from '@/lib/domain/fhir/import-bundle';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { writeAudit } from '../audit';
import { db, isDatabaseUnavailable } from '../db';
import { getEnv } from '../env';
import { transaction } from '../transaction';
import type { Prisma } from '../generated/prisma/client';
import { clientIp } from '../request-info';
import { noteCaller, noteError, withRequestLog } from '../request-log';
import { getEvidenceSnapshot } from '../reports/snapshot';
import { CdsAuthError, requestOrigin, verifyCdsJwt } from './auth';
import { saveDraft } from './drafts';
import { fetchMissingPrefetch } from './fhir-fetch';

type Params = { params: Promise<{ id: string }> };
// CORS for browser-based CDS clients (the CDS Hooks sandbox, SMART apps): the calls carry a bearer JWT, never
// cookies, so any origin may send them.
const HEADERS = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'authorization, content-type', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS' };
const answer = (body: unknown, status = 200): NextResponse => NextResponse.json(body, { status, headers: HEADERS });

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > 5_000_000) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Errors of a CDS route: 401 without detail for auth, 503 for a database outage, 500 otherwise (never a message or
 * stack; the log gets the error's name and code). One log line per request (lib/server/request-log.ts).
 */
export function cdsErrors(handler: (request: Request, ctx: Params) => Promise<Response>): (request: Request, ctx: Params) => Promise<Response> {
  return withRequestLog(async (request: Request, ctx: Params) => {
    try {
      return await handler(request, ctx);
    } catch (error) {
      if (error instanceof CdsAuthError) return answer({ error: 'Unauthorized' }, 401);
      noteError(error);
      if (isDatabaseUnavailable(error)) return NextResponse.json({ error: 'The database is unavailable.' }, { status: 503, headers: { ...HEADERS, 'Retry-After': '5' } });
      return answer({ error: 'Something went wrong on our side.' }, 500);
    }
  });
}

/** OPTIONS: the CORS preflight of a browser-based client. */
export function preflightRoute(): () => Promise<Response> {
  return async () => new NextResponse(null, { status: 204, headers: { ...HEADERS, 'Access-Control-Max-Age': '600' } });
}

/**
 * GET /cds-services: discovery, public as the spec has it. Each service links to its source-attributes page (ONC HTI-1,
 * 45 CFR 170.315(b)(11)(iv)) in its description and in an `extension` (CDS Hooks 2.0 § Extensions).
 */
export function discoveryRoute(): (request: Request, ctx: unknown) => Promise<Response> {
  return withRequestLog(async (request: Request) => {
    const origin = requestOrigin(request);
    return answer({ services: CDS_SERVICES.map((service) => discoveryService(service, origin)) });
  });
}

/**
 * Log a call. The hookInstance is the EHR's correlation id (a UUID by the spec, but any text is accepted so that a
 * sloppy client still gets its safety cards): the log keeps what PostgreSQL can store of it — no NUL characters (a
 * NUL made the insert fail, and the call a 500; found by the fuzz test).
 */
async function logCall(service: CdsService, iss: string, hookInstance: string | null, cardsCount: number, status: number): Promise<void> {
  const loggable = hookInstance?.replaceAll('\u0000', '').slice(0, 200);
  await db.cdsCall.create({ data: { serviceId: service.id, iss, hookInstance: loggable || null, cardsCount, status } });
}

/** POST /cds-services/{id}: authenticate, read context and prefetch, build the report, answer with cards. */
export function hookRoute(): (request: Request, ctx: Params) => Promise<Response> {
  return cdsErrors(async (request, { params }) => {
    const service = findService((await params).id);
    if (!service) return answer({ error: 'No such CDS service.' }, 404);
    const origin = requestOrigin(request);
    const { iss } = await verifyCdsJwt(request, [`${origin}/cds-services/${service.id}`]);
    noteCaller({ client: iss });
    const parsed = HookRequestSchema.safeParse(await readBody(request));
    if (!parsed.success || parsed.data.hook !== service.hook) {
      await logCall(service, iss, null, 0, 400);
      return answer({ error: parsed.success ? `This service answers the ${service.hook} hook.` : 'Not a CDS Hooks request.', ...(parsed.success ? {} : { fields: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '_form', [i.message]])) }) }, 400);
    }
    const hook = parsed.data;
    // A prefetch key the call does not carry is fetched from the EHR's FHIR server when it gives access — only from a
    // FHIR base URL registered for this client (fhir-fetch.ts); whatever stays missing or failed is named on a card,
    // never read as "none".
    let prefetch: Record<string, unknown> = hook.prefetch ?? {};
    const fhirAccess = hook.fhirServer !== undefined && hook.fhirAuthorization !== undefined;
    const missing = Object.keys(service.prefetch).filter((key) => prefetch[key] === undefined);
    if (fhirAccess && missing.length) prefetch = { ...prefetch, ...(await fetchMissingPrefetch({ service, iss, fhirServer: hook.fhirServer!, fhirAuthorization: hook.fhirAuthorization!, context: hook.context, missing })) };
    // Without the patient and without a FHIR server to ask, the service cannot run (CDS Hooks 2.0: 412).
    if (!hasPatientPrefetch(prefetch) && !fhirAccess) {
      await logCall(service, iss, hook.hookInstance, 0, 412);
      return answer({ error: 'The "patient" prefetch is required (or fhirServer and fhirAuthorization).' }, 412);
    }
    const unreadable = unreadablePrefetch(prefetch, service.prefetch);
    const imported = importFhirBundle(prefetchBundle(prefetch), new Date().toISOString().slice(0, 10));
    if (!imported.ok) {
      await logCall(service, iss, hook.hookInstance, 0, 400);
      return answer({ error: 'The prefetch could not be read.' }, 400);
    }
    const draft = { ...imported.result.context, goals: DEFAULT_GOALS[service.id] };
    // Without age or sex in the record a neutral adult is assumed for the rules that need them; the link asks the
    // clinician for the real values (its draft leaves them empty).
    let context = parsePatientContext({ age: 40, sex: 'other', ...draft });
    if (!context.ok) context = parsePatientContext({ age: 40, sex: 'other', goals: draft.goals, medications: draft.medications, conditions: draft.conditions, ckdStage: draft.ckdStage });
    if (!context.ok) {
      // What was read does not make a context (never seen; the fuzz test looks for it): answer from none of it, and
      // say so — the medications and conditions could not be checked — rather than with no cards.
      context = parsePatientContext({ age: 40, sex: 'other', goals: draft.goals });
      for (const key of ['medications', 'conditions'] as const) if (!unreadable.some((u) => u.key === key)) unreadable.push({ key, topic: key, reason: 'failed' });
    }
    if (!context.ok) throw new Error('The neutral context does not parse.');
    const report = buildReport(context.context, await getEvidenceSnapshot());
    // The link carries only the id of a draft kept on the server, never the context itself (lib/server/cds/drafts.ts).
    const draftId = randomUUID();
    const reportUrl = `${origin}/reports/new?draft=${draftId}`;
    const orderHook = isOrderHook(service.id) ? (service.hook === 'order-sign' ? 'order-sign' : 'order-select') : undefined;
    const cards = buildCards({
      service: service.id,
      report,
      vitaminKOrders: orderHook ? vitaminKOrders(hook.context, orderHook) : [],
      unidentifiedOrders: orderHook ? unidentifiedOrders(hook.context, orderHook) : [],
      unreadable,
      reportUrl,
      appUrl: origin,
      ...(getEnv().SMART_CLIENTS.length > 0 ? { smartLaunchUrl: `${origin}/smart/launch` } : {}),
      newId: randomUUID,
    });
    const body = CdsResponseSchema.parse({ cards });
    // A row only when a returned card carries the link (an order hook without a vitamin K order answers no cards). A
    // database outage here is the 503 of cdsErrors, like the call log below.
    if (cards.some((card) => card.links?.some((link) => link.url === reportUrl))) await saveDraft(draft, iss, draftId);
    await logCall(service, iss, hook.hookInstance, cards.length, 200);
    return answer(body);
  });
}

/** POST /cds-services/{id}/feedback: store each outcome with its override reason, audited in the same transaction. */
export function feedbackRoute(): (request: Request, ctx: Params) => Promise<Response> {
  return cdsErrors(async (request, { params }) => {
    const service = findService((await params).id);
    if (!service) return answer({ error: 'No such CDS service.' }, 404);
    const url = `${requestOrigin(request)}/cds-services/${service.id}`;
    const { iss } = await verifyCdsJwt(request, [url, `${url}/feedback`]);
    noteCaller({ client: iss });
    const parsed = FeedbackSchema.safeParse(await readBody(request));
    if (!parsed.success) return answer({ error: 'Not a CDS Hooks feedback request.', fields: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '_form', [i.message]])) }, 400);
    const ip = clientIp(request.headers);
    await transaction(async (tx) => {
      for (const item of parsed.data.feedback) {
        const reason = item.overrideReason?.reason;
        const row = await tx.cdsFeedback.create({
          data: {
            serviceId: service.id,
            iss,
            cardUuid: item.card,
            outcome: item.outcome,
            outcomeTimestamp: new Date(item.outcomeTimestamp),
            overrideReason: reason ? ({ system: reason.system, code: reason.code, ...(reason.display ? { display: reason.display } : {}) } as Prisma.InputJsonValue) : undefined,
            userComment: item.overrideReason?.userComment ?? null,
            acceptedSuggestions: (item.acceptedSuggestions ?? []).map((s) => ({ id: s.id })) as Prisma.InputJsonValue,
          },
          select: { id: true },
        });
        await writeAudit(tx, { actor: { id: null, email: `cds:${iss}`.slice(0, 300) }, action: `cds.feedback.${item.outcome}`, entity: 'CdsFeedback', entityId: row.id, ip, details: { serviceId: service.id, card: item.card, ...(reason ? { reason: reason.code } : {}) } });
      }
    });
    return answer({}, 200);
  });
}
