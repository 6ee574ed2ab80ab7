/**
 * Fuzzing POST /api/v1/fhir/patient-context on the production server (issue 7): generated FHIR R4 Bundles of the
 * shapes EHRs emit, the same broken in one place, and garbage. A bundle must give 200 with a draft that passes the
 * PatientContext schema once age, sex and goals are known — for generated bundles also the conditions, CKD stage,
 * 25(OH)D, medications and sex the bundle holds, with every resource listed as mapped or ignored — or 400 with the
 * path of the problem; never a 5xx. Inputs come from a fixed, printed seed (K2_FUZZ_SEED to change it).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { createClinician } from '../factories';
import { e2eDatabase } from '../support/db';
import { FailureLog, FUZZ_CONCURRENCY, fuzzRuns, fuzzSeed, inPool, postRaw, seconds, type HttpAnswer } from '../support/fuzz';
import { garbageInsideBundleArb, invalidBundleArb, randomJsonArb, validBundleArb, type BundleCase, type ValidBundleCase } from '../support/fuzz-fhir';
import { api, signInHttp } from '../support/http';

const RUNS = { valid: fuzzRuns(1_100), invalid: fuzzRuns(500), garbage: fuzzRuns(300), random: fuzzRuns(200) };

const baseUrl = inject('baseUrl');
const seed = fuzzSeed();
const db = e2eDatabase();
let bearer: string;
let cases: BundleCase[];

beforeAll(async () => {
  // Generated before the first request: a long synchronous generation between requests would let the server time out
  // a kept-alive connection that the client then reuses ("other side closed").
  cases = [
    ...fc.sample(validBundleArb, { seed, numRuns: RUNS.valid }),
    ...fc.sample(invalidBundleArb, { seed: seed + 1, numRuns: RUNS.invalid }),
    ...fc.sample(garbageInsideBundleArb, { seed: seed + 2, numRuns: RUNS.garbage }),
    ...fc.sample(randomJsonArb, { seed: seed + 3, numRuns: RUNS.random }),
  ];
  const user = await createClinician(db);
  const session = await signInHttp(baseUrl, user.email, user.password);
  const created = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session, body: { name: 'fuzz' } });
  expect(created.status).toBe(201);
  bearer = created.body.token as string;
});

type Item = { resource: unknown; as?: unknown; reason?: unknown };
type Imported = { context: Record<string, unknown> & { medications?: Array<{ name: string; rxnorm?: string }>; supplements?: unknown[] }; mapped: Item[]; ignored: Item[]; notes: unknown[] };

/** The checks every 200 answer must pass: the answer's shape, and a draft that parses once age, sex and goals are known. */
function importProblems(answer: HttpAnswer): string[] {
  const body = answer.json as Imported | undefined;
  if (!body || typeof body.context !== 'object' || !Array.isArray(body.mapped) || !Array.isArray(body.ignored) || !Array.isArray(body.notes)) return ['a 200 without { context, mapped[], ignored[], notes[] }'];
  const problems: string[] = [];
  if (body.mapped.some((m) => typeof m.resource !== 'string' || typeof m.as !== 'string')) problems.push('a mapped item is not { resource, as }');
  if (body.ignored.some((m) => typeof m.resource !== 'string' || typeof m.reason !== 'string')) problems.push('an ignored item is not { resource, reason }');
  if (body.notes.some((n) => typeof n !== 'string')) problems.push('a note is not text');
  if ('goals' in body.context) problems.push('the draft has goals (FHIR has none)');
  const parsed = parsePatientContext({ age: 60, sex: 'female', ...body.context, goals: ['general'] });
  if (!parsed.ok) problems.push(`the draft does not pass the PatientContext schema: ${JSON.stringify(parsed.fields)}`);
  return problems;
}

/** What the import of a generated bundle must hold. */
function expectationProblems(c: ValidBundleCase, body: Imported): string[] {
  const e = c.expected;
  const ctx = body.context as { sex?: string; age?: number; conditions?: string[]; ckdStage?: number; vitaminD?: { level?: { value: number; unit: string } } };
  const problems: string[] = [];
  if (ctx.sex !== e.sex) problems.push(`sex ${ctx.sex}, expected ${e.sex}`);
  const thisYear = new Date().getUTCFullYear();
  if (e.birthYear === undefined ? ctx.age !== undefined : ctx.age !== thisYear - e.birthYear && ctx.age !== thisYear - e.birthYear - 1) problems.push(`age ${ctx.age} for birth year ${e.birthYear}`);
  const conditions = [...(ctx.conditions ?? [])].sort();
  if (JSON.stringify(conditions) !== JSON.stringify(e.conditions)) problems.push(`conditions ${JSON.stringify(conditions)}, expected ${JSON.stringify(e.conditions)}`);
  if (ctx.ckdStage !== e.ckdStage) problems.push(`ckdStage ${ctx.ckdStage}, expected ${e.ckdStage}`);
  if (JSON.stringify(ctx.vitaminD?.level) !== JSON.stringify(e.vitaminD)) problems.push(`vitaminD.level ${JSON.stringify(ctx.vitaminD?.level)}, expected ${JSON.stringify(e.vitaminD)}`);
  const meds = body.context.medications ?? [];
  const count = meds.length + (body.context.supplements ?? []).length;
  if (count !== e.medicationCount) problems.push(`${count} medications and supplements, expected ${e.medicationCount}`);
  const names = new Set(meds.map((m) => m.name.trim()));
  for (const name of e.medicationNames) if (!names.has(name)) problems.push(`medication "${name}" is missing`);
  const codes = new Set(meds.map((m) => m.rxnorm));
  for (const code of e.rxnorm) if (!codes.has(code)) problems.push(`RxNorm ${code} is missing`);
  const listed = [...body.mapped, ...body.ignored].map((i) => String(i.resource));
  for (const label of c.labels) if (!listed.some((l) => l === label || l.startsWith(`${label} `))) problems.push(`${label} is neither mapped nor ignored`);
  return problems;
}

function problemsOf(c: BundleCase, answer: HttpAnswer): string[] {
  if (answer.status >= 500) return [`status ${answer.status}`];
  if (answer.status === 400) {
    if (c.kind === 'valid') return ['status 400, expected 200'];
    const body = answer.json as { error?: unknown; fields?: Record<string, unknown> } | undefined;
    if (typeof body?.error !== 'string' || !body.fields || typeof body.fields !== 'object') return ['a 400 without { error, fields }'];
    if (c.kind === 'invalid' && !Object.hasOwn(body.fields, c.path)) return [`fields has no "${c.path}" (it has ${Object.keys(body.fields).join(', ')})`];
    return [];
  }
  if (answer.status !== 200) return [`status ${answer.status}`];
  if (c.kind === 'invalid') return [`status 200, expected 400 on ${c.path}`];
  const problems = importProblems(answer);
  if (problems.length === 0 && c.kind === 'valid') problems.push(...expectationProblems(c, answer.json as Imported));
  return problems;
}

describe(`fuzzing POST /api/v1/fhir/patient-context (seed ${seed})`, () => {
  it(`${Object.values(RUNS).reduce((a, b) => a + b)} generated FHIR bundles: 200 with a draft that parses and holds what the bundle says, or 400 with the path; never 5xx`, { timeout: 600_000 }, async () => {
    const log = new FailureLog('fhir', seed);
    const statuses = new Map<string, number>();
    const started = performance.now();
    await inPool(cases, FUZZ_CONCURRENCY, async (c, index) => {
      const body = 'bundle' in c ? JSON.stringify(c.bundle) : (c.raw ?? JSON.stringify(c.body) ?? '');
      const answer = await postRaw(`${baseUrl}/api/v1/fhir/patient-context`, body, { authorization: `Bearer ${bearer}` });
      const key = `${c.kind} → ${answer.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      const problems = problemsOf(c, answer);
      if (problems.length) log.add({ index, label: answer.status >= 500 ? '5xx' : answer.status === 0 ? 'no answer' : c.label, problems, status: answer.status, response: answer.text.slice(0, 2000), input: body });
    });
    console.log(`[fuzz] FHIR bundles, seed ${seed}: ${cases.length} sent in ${seconds(started)} (${FUZZ_CONCURRENCY} in flight) — ${[...statuses].sort().map(([k, n]) => `${k} ×${n}`).join(', ')}; ${log.failures.length} failing`);
    expect(log.failures.length, log.summary()).toBe(0);
    // Both answers were exercised in numbers.
    expect(statuses.get('valid → 200')).toBe(RUNS.valid);
    expect(statuses.get('invalid → 400')).toBe(RUNS.invalid);
  });
});
