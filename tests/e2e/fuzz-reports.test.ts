/**
 * Fuzzing POST /api/v1/reports on the production server (issue 7): thousands of generated PatientContexts, valid by
 * construction or broken in exactly one place. A valid one must give 201 and a report whose every citation resolves
 * in its references, each a published trial or source with that entry's identifiers, and the SPEC safety codes it
 * implies; an invalid one must give 400 naming the broken field, and save nothing; nothing may give a 5xx.
 * Inputs come from a fixed, printed seed (K2_FUZZ_SEED to change it).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '@/lib/domain/report/types';
import { createClinician } from '../factories';
import { e2eDatabase } from '../support/db';
import { FailureLog, FUZZ_CONCURRENCY, fuzzRuns, fuzzSeed, inPool, postRaw, seconds, type HttpAnswer } from '../support/fuzz';
import { INVALID_CONTEXT_KINDS, invalidContextArb, validContextArb, type InvalidCase, type ValidCase } from '../support/fuzz-patient-context';
import { api, signInHttp } from '../support/http';
import { citationProblems } from '../support/report-citations';

// 10,000 contexts; more invalid than valid ones because a valid one costs a report build and a save (≈ 4× the time).
const VALID_RUNS = fuzzRuns(2_500);
const INVALID_RUNS = fuzzRuns(7_500);

const baseUrl = inject('baseUrl');
const seed = fuzzSeed();
const db = e2eDatabase();
/** Valid contexts are sent by one clinician, invalid ones by another: whatever the second one has saved is a leak. */
let validAuthor: { id: string; bearer: string };
let invalidAuthor: { id: string; bearer: string };
/** The published trials and sources (what a report may cite), with their citation identifiers. */
const published = new Map<string, { doi?: string; pmid?: string; url?: string }>();

/** SPEC safety table: code → severity, with the product's own codes; medication-not-screened is raised to warning by the fail-safe rule (ARCHITECTURE.md). */
const SPEC_SEVERITY: Record<string, string> = {
  'vka-interaction': 'critical',
  'doac-no-interaction': 'info',
  'antiplatelet-no-interaction': 'info',
  'pregnancy-lactation': 'warning',
  pediatric: 'warning',
  'antibiotics-long-term': 'warning',
  'fat-malabsorption': 'warning',
  'vitamin-d-above-ul': 'warning',
  'mk4-pharmacologic-dose': 'warning',
  'kidney-disease': 'warning',
  'vitamin-d-deficiency': 'warning',
  'vitamin-k-low-status': 'info',
  'medication-not-screened': 'warning',
  'heparin-no-interaction': 'info',
};
const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** A clinician with a personal API token (signed in once to make it): a script's way in, and the cheapest per request. */
async function clinicianWithToken(): Promise<{ id: string; bearer: string }> {
  const user = await createClinician(db);
  const session = await signInHttp(baseUrl, user.email, user.password);
  if (!session) throw new Error('could not sign in the fuzzing clinician');
  const created = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session, body: { name: 'fuzz' } });
  expect(created.status).toBe(201);
  return { id: user.id, bearer: created.body.token as string };
}

// Inputs are generated before the first request: a long synchronous generation between requests would let the
// server time out a kept-alive connection that the client then reuses ("other side closed").
let validCases: ValidCase[];
let invalidCases: InvalidCase[];

beforeAll(async () => {
  validCases = fc.sample(validContextArb, { seed, numRuns: VALID_RUNS });
  invalidCases = fc.sample(invalidContextArb, { seed: seed + 1, numRuns: INVALID_RUNS });
  validAuthor = await clinicianWithToken();
  invalidAuthor = await clinicianWithToken();
  for (const kind of ['trial', 'source'] as const) {
    const list = await api(baseUrl, `/api/v1/${kind}s?limit=500`, { bearer: validAuthor.bearer });
    expect(list.status).toBe(200);
    const items = list.body.items as Array<{ id: string; entry: { citation: { doi?: string; pmid?: string; url?: string } } }>;
    expect(items.length).toBe(list.body.total);
    for (const item of items) published.set(`${kind}:${item.id}`, item.entry.citation);
  }
});

const send = (body: string, author: { bearer: string }): Promise<HttpAnswer> => postRaw(`${baseUrl}/api/v1/reports`, body, { authorization: `Bearer ${author.bearer}` });

/** What is wrong with the answer to a valid context (empty: nothing). */
function validProblems(c: ValidCase, answer: HttpAnswer): string[] {
  if (answer.status !== 201) return [`status ${answer.status}, expected 201`];
  const report = answer.json as Report;
  if (!report || typeof report !== 'object' || typeof report.id !== 'string') return ['the answer is not a report'];
  const problems: string[] = [];
  if (answer.location !== `/api/v1/reports/${report.id}`) problems.push(`Location ${answer.location}`);
  if (report.context.age !== c.body.age || report.context.sex !== c.body.sex) problems.push('the report’s context is not the one sent');
  const goals = report.goals.map((g) => g.goal);
  if (JSON.stringify(goals) !== JSON.stringify(c.expected.goals)) problems.push(`goals ${JSON.stringify(goals)}, expected ${JSON.stringify(c.expected.goals)}`);

  const codes = new Set(report.safety.map((s) => s.code));
  for (const code of c.expected.safetyCodes) if (!codes.has(code)) problems.push(`no ${code} safety finding`);
  for (const s of report.safety) if (SPEC_SEVERITY[s.code] && SPEC_SEVERITY[s.code] !== s.severity) problems.push(`${s.code} has severity ${s.severity}, SPEC says ${SPEC_SEVERITY[s.code]}`);
  const ranks = report.safety.map((s) => SEVERITY_RANK[s.severity] ?? 9);
  if (ranks.some((r, i) => i > 0 && r < ranks[i - 1]!)) problems.push(`safety findings not ordered critical → warning → info: ${report.safety.map((s) => s.severity).join(', ')}`);
  if (c.expected.vitaminDNgPerMl !== null) {
    const got = report.context.normalized.vitaminDNgPerMl;
    if (got === null || Math.abs(got - c.expected.vitaminDNgPerMl) > 0.051) problems.push(`25(OH)D normalised to ${got} ng/mL, expected ${c.expected.vitaminDNgPerMl.toFixed(2)}`);
  }

  problems.push(...citationProblems(report));
  for (const ref of report.references) {
    const entry = published.get(ref.id);
    if (!entry) {
      problems.push(`reference ${ref.id} is not a published trial or source`);
      continue;
    }
    if (typeof ref.label !== 'string' || ref.label.trim() === '') problems.push(`reference ${ref.id} has no label`);
    if (!['verified', 'from-source-document-only', 'unverified'].includes(ref.verification)) problems.push(`reference ${ref.id} verification ${ref.verification}`);
    for (const key of ['doi', 'pmid', 'url'] as const) if (ref[key] !== entry[key]) problems.push(`reference ${ref.id} ${key} ${ref[key]}, the entry has ${entry[key]}`);
  }
  if (!(report.handout.readingGrade <= 8)) problems.push(`handout reading grade ${report.handout.readingGrade} (SPEC: never above 8)`);
  if (!report.summary.headline) problems.push('no headline');
  return problems;
}

/** What is wrong with the answer to an invalid context (empty: nothing). */
function invalidProblems(c: InvalidCase, answer: HttpAnswer): string[] {
  if (answer.status !== 400) return [`status ${answer.status}, expected 400`];
  const body = answer.json as { error?: unknown; fields?: Record<string, unknown> } | undefined;
  if (typeof body?.error !== 'string' || !body.fields || typeof body.fields !== 'object') return ['a 400 without { error, fields }'];
  const problems: string[] = [];
  for (const [path, messages] of Object.entries(body.fields)) {
    if (!Array.isArray(messages) || messages.length === 0 || messages.some((m) => typeof m !== 'string' || m === '')) problems.push(`fields.${path} is not a list of messages`);
  }
  if (!Object.hasOwn(body.fields, c.path)) problems.push(`fields has no "${c.path}" (it has ${Object.keys(body.fields).join(', ') || 'nothing'})`);
  return problems;
}

describe(`fuzzing POST /api/v1/reports (seed ${seed})`, () => {
  it(`${VALID_RUNS} valid generated PatientContexts: 201, every citation resolves to a published source, SPEC safety codes raised`, { timeout: 600_000 }, async () => {
    const cases = validCases;
    const log = new FailureLog('reports-valid', seed);
    const started = performance.now();
    let created = 0;
    await inPool(cases, FUZZ_CONCURRENCY, async (c, index) => {
      const answer = await send(JSON.stringify(c.body), validAuthor);
      if (answer.status === 201) created++;
      const problems = answer.status >= 500 ? [`status ${answer.status}`] : validProblems(c, answer);
      if (problems.length) log.add({ index, label: answer.status >= 500 ? '5xx' : answer.status === 0 ? 'no answer' : c.label, problems, status: answer.status, response: answer.text.slice(0, 2000), input: c.body });
    });
    const expectedCodes = new Map<string, number>();
    for (const code of cases.flatMap((c) => c.expected.safetyCodes)) expectedCodes.set(code, (expectedCodes.get(code) ?? 0) + 1);
    console.log(`[fuzz] reports, seed ${seed}: ${cases.length} valid contexts sent in ${seconds(started)} (${FUZZ_CONCURRENCY} in flight) — ${created} × 201, ${log.failures.length} failing; safety codes they had to raise: ${[...expectedCodes].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    expect(log.failures.length, log.summary()).toBe(0);
    expect(await db.report.count({ where: { authorId: validAuthor.id } })).toBe(cases.length);
    expect(await db.auditEvent.count({ where: { actorId: validAuthor.id, action: 'report.create' } })).toBe(cases.length);
    // What the saved reports cost the e2e database that later test files share (a figure to watch, not a limit).
    const [size] = await db.$queryRaw<Array<{ size: string }>>`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`;
    console.log(`[fuzz] the e2e database now holds ${await db.report.count()} reports, ${size?.size}`);
  });

  it(`${INVALID_RUNS} invalid generated PatientContexts: 400 naming the broken field, nothing saved, never 5xx`, { timeout: 600_000 }, async () => {
    const cases = invalidCases;
    const log = new FailureLog('reports-invalid', seed);
    const started = performance.now();
    const kinds = new Map<string, number>();
    await inPool(cases, FUZZ_CONCURRENCY, async (c, index) => {
      kinds.set(c.label, (kinds.get(c.label) ?? 0) + 1);
      const answer = await send(c.raw ?? JSON.stringify(c.body), invalidAuthor);
      const problems = answer.status >= 500 ? [`status ${answer.status}`] : invalidProblems(c, answer);
      if (problems.length) log.add({ index, label: answer.status >= 500 ? '5xx' : answer.status === 0 ? 'no answer' : c.label, problems, status: answer.status, response: answer.text.slice(0, 2000), input: c.raw ?? c.body });
    });
    console.log(`[fuzz] reports, seed ${seed}: ${cases.length} invalid contexts sent in ${seconds(started)} — ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}; ${log.failures.length} failing`);
    expect(log.failures.length, log.summary()).toBe(0);
    // Every kind of breakage was sent, many times each.
    for (const kind of INVALID_CONTEXT_KINDS) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(INVALID_RUNS / 40);
    expect(await db.report.count({ where: { authorId: invalidAuthor.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: invalidAuthor.id, action: 'report.create' } })).toBe(0);
    expect((await api(baseUrl, '/api/health')).status).toBe(200);
  });
});
