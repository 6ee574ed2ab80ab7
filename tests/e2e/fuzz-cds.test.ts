/**
 * Fuzzing the CDS Hooks services on the production server (issue 7): generated hook calls to k2-order-select,
 * k2-order-sign and k2-patient-view, each with a fresh JWT of the client configured in CDS_HOOKS_CLIENTS. A valid call
 * must give 200 with cards that pass the card schema and say what the record implies (no vitamin K order: no cards on
 * the order hooks;
 * a vitamin K antagonist with a vitamin K order: a critical card with override reasons; never critical on
 * patient-view), a broken one 400 (or 412 without the patient prefetch), garbage any of those; never a 5xx. Every card
 * links to `/reports/new?draft=<uuid>`: a draft kept in the database with the service's default goals, and nothing of
 * the patient's context in the link itself.
 * Inputs come from a fixed, printed seed (K2_FUZZ_SEED to change it).
 */
import { importJWK } from 'jose';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CardSchema, CdsResponseSchema, type Card } from '@/lib/domain/cds/cards';
import { DEFAULT_GOALS } from '@/lib/domain/cds/services';
import { signCdsJwt, type TestCdsKey } from '../support/cds';
import { e2eDatabase } from '../support/db';
import { FailureLog, FUZZ_CONCURRENCY, fuzzRuns, fuzzSeed, inPool, postRaw, seconds, type HttpAnswer } from '../support/fuzz';
import { garbageHookArb, invalidHookArb, ORDER_SERVICES, validHookArb, type HookCase, type ServiceId, type ValidHookCase } from '../support/fuzz-cds';

const RUNS_PER_SERVICE = { valid: fuzzRuns(700), invalid: fuzzRuns(220), garbage: fuzzRuns(130) };
const SERVICES: ServiceId[] = ['k2-order-select', 'k2-order-sign', 'k2-patient-view'];

const baseUrl = inject('baseUrl');
const seed = fuzzSeed();
const db = e2eDatabase();
let key: TestCdsKey;
const { iss } = inject('envCdsClient');
let cases: HookCase[];

beforeAll(async () => {
  // Generated before the first request: a long synchronous generation between requests would let the server time out
  // a kept-alive connection that the client then reuses ("other side closed").
  cases = SERVICES.flatMap((service, s) => [
    ...fc.sample(validHookArb(service), { seed: seed + 10 * s, numRuns: RUNS_PER_SERVICE.valid }),
    ...fc.sample(invalidHookArb(service), { seed: seed + 10 * s + 1, numRuns: RUNS_PER_SERVICE.invalid }),
    ...fc.sample(garbageHookArb(service), { seed: seed + 10 * s + 2, numRuns: RUNS_PER_SERVICE.garbage }),
  ]);
  key = { alg: 'ES384', kid: 'env-1', privateKey: (await importJWK(inject('envCdsClient').privateJwk, 'ES384')) as TestCdsKey['privateKey'], publicJwk: {} };
});

const DRAFT_LINK = /^(.+)\/reports\/new\?draft=([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;
/** Draft ids seen in links, to compare with the drafts the service saved. */
const draftIds = new Set<string>();

/** The text values of a stored draft (medication names, conditions, sex, goals…), but those a UUID could hold. */
function textValues(value: unknown): string[] {
  if (typeof value === 'string') return /^[0-9a-f-]*$/i.test(value) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(textValues);
  if (value && typeof value === 'object') return Object.values(value).flatMap(textValues);
  return [];
}

/** The cards of a 200 answer, or what is wrong with them (their link included: its draft must be in the database). */
async function cardsOf(answer: HttpAnswer, service: ServiceId): Promise<{ cards: Card[]; problems: string[] }> {
  const parsed = CdsResponseSchema.safeParse(answer.json);
  if (!parsed.success) return { cards: [], problems: [`not a CDS Hooks response: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`] };
  const problems: string[] = [];
  const links = new Set<string>();
  parsed.data.cards.forEach((card, i) => {
    if (!CardSchema.safeParse(card).success) problems.push(`card ${i} does not pass the card schema`);
    const link = card.links?.[0]?.url ?? '';
    const match = DRAFT_LINK.exec(link);
    if (!match || match[1] !== baseUrl) problems.push(`card ${i} links to ${link}`);
    else links.add(link);
  });
  if (links.size > 1) problems.push(`the cards link to ${links.size} different drafts`);
  for (const link of links) {
    const id = DRAFT_LINK.exec(link)![2]!;
    draftIds.add(id);
    const draft = await db.cdsDraft.findUnique({ where: { id } });
    if (!draft) {
      problems.push(`no draft ${id} in the database`);
      continue;
    }
    const goals = (draft.data as { goals?: unknown }).goals;
    if (JSON.stringify(goals) !== JSON.stringify(DEFAULT_GOALS[service])) problems.push(`draft goals ${JSON.stringify(goals)}`);
    if (draft.iss !== iss) problems.push(`draft of ${draft.iss}`);
    // The link is the fixed path and the id only (DRAFT_LINK), so no text of the context (medication names, conditions,
    // sex, goals) is in it; checked for every text long enough not to be part of the path by chance.
    const leaked = textValues(draft.data).filter((v) => v.length >= 8 && (link.includes(v) || link.includes(encodeURIComponent(v))));
    if (leaked.length) problems.push(`the link carries context values: ${JSON.stringify(leaked)}`);
  }
  return { cards: parsed.data.cards, problems };
}

/** What the cards of a valid call must say. */
function expectationProblems(c: ValidHookCase, cards: Card[]): string[] {
  const e = c.expected;
  const critical = cards.filter((card) => card.indicator === 'critical');
  if (ORDER_SERVICES.includes(e.service) && !e.vitaminKOrder) return cards.length ? [`${cards.length} card(s) without a vitamin K draft order`] : [];
  const problems: string[] = [];
  if (cards.length === 0 || cards.at(-1)!.indicator !== 'info') problems.push('no closing info card');
  if (e.service === 'k2-patient-view') {
    if (critical.length) problems.push('a critical card on patient-view');
    if (e.vka && !cards.some((card) => card.indicator === 'warning')) problems.push('a vitamin K antagonist without a warning card');
    return problems;
  }
  if (e.vka !== critical.length > 0) problems.push(e.vka ? 'a vitamin K antagonist and a vitamin K order without a critical card' : `${critical.length} critical card(s) without a vitamin K antagonist`);
  for (const card of critical) {
    if (!card.overrideReasons?.length) problems.push('a critical card without override reasons');
    // CDS Hooks 2.0 § Action: resourceId is one relative reference, one delete action per order.
    const removed = (card.suggestions?.[0]?.actions ?? []).map((a) => a.resourceId);
    if (JSON.stringify(removed) !== JSON.stringify(e.removableOrders)) problems.push(`the critical card removes ${JSON.stringify(removed)}, expected ${JSON.stringify(e.removableOrders)}`);
  }
  return problems;
}

async function problemsOf(c: HookCase, answer: HttpAnswer): Promise<string[]> {
  if (answer.status >= 500) return [`status ${answer.status}`];
  if (c.kind === 'invalid') return answer.status === c.status ? [] : [`status ${answer.status}, expected ${c.status}`];
  if (c.kind === 'any' && (answer.status === 400 || answer.status === 412)) return [];
  if (answer.status !== 200) return [`status ${answer.status}, expected 200`];
  const { cards, problems } = await cardsOf(answer, c.service);
  if (problems.length === 0 && c.kind === 'valid') problems.push(...expectationProblems(c, cards));
  return problems;
}

describe(`fuzzing the CDS Hooks services (seed ${seed})`, () => {
  const total = SERVICES.length * Object.values(RUNS_PER_SERVICE).reduce((a, b) => a + b);
  it(`${total} generated hook calls to order-select, order-sign and patient-view, each with a fresh JWT: valid cards, 400 or 412; never 5xx`, { timeout: 600_000 }, async () => {
    const log = new FailureLog('cds', seed);
    const statuses = new Map<string, number>();
    let cardsSeen = 0;
    const started = performance.now();
    const callsBefore = await db.cdsCall.count({ where: { iss } });
    const draftsFrom = new Date();
    await inPool(cases, FUZZ_CONCURRENCY, async (c, index) => {
      const url = `${baseUrl}/cds-services/${c.service}`;
      const body = c.kind === 'invalid' && c.raw !== undefined ? c.raw : JSON.stringify(c.body);
      // A fresh token per call: a jti is accepted once.
      const answer = await postRaw(url, body, { authorization: `Bearer ${await signCdsJwt({ iss, aud: url, key })}` });
      const statusKey = `${c.service} ${c.kind} → ${answer.status}`;
      statuses.set(statusKey, (statuses.get(statusKey) ?? 0) + 1);
      if (answer.status === 200) cardsSeen += ((answer.json as { cards?: unknown[] })?.cards ?? []).length;
      const problems = await problemsOf(c, answer);
      if (problems.length) log.add({ index, label: answer.status >= 500 ? '5xx' : answer.status === 0 ? 'no answer' : c.label, problems, status: answer.status, response: answer.text.slice(0, 2000), input: body });
    });
    console.log(`[fuzz] CDS Hooks, seed ${seed}: ${cases.length} calls in ${seconds(started)} (${FUZZ_CONCURRENCY} in flight), ${cardsSeen} cards — ${[...statuses].sort().map(([k, n]) => `${k} ×${n}`).join(', ')}; ${log.failures.length} failing`);
    expect(log.failures.length, log.summary()).toBe(0);
    for (const service of SERVICES) {
      expect(statuses.get(`${service} valid → 200`)).toBe(RUNS_PER_SERVICE.valid);
      expect((statuses.get(`${service} invalid → 400`) ?? 0) + (statuses.get(`${service} invalid → 412`) ?? 0)).toBe(RUNS_PER_SERVICE.invalid);
    }
    // Every authenticated call was logged (a call refused before its body was read is logged too).
    expect(await db.cdsCall.count({ where: { iss } })).toBe(callsBefore + cases.length);
    // A draft for each answer with cards, and none for an answer without (order-select without a vitamin K order).
    expect(draftIds.size).toBeGreaterThan(0);
    expect(await db.cdsDraft.count({ where: { iss, createdAt: { gte: draftsFrom } } })).toBe(draftIds.size);
  });
});
