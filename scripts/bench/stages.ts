/**
 * Where the work of one report POST goes, measured in this process on the same database (no HTTP, no concurrency):
 * validating the context (zod), building the report (the pure engine, on the cached snapshot), serialising it — as
 * CPU time, which other people's load barely moves — and the whole createReport() (parse + build + the save
 * transaction: report row + audit row) as wall time, since it waits for PostgreSQL and the disk. What the HTTP figures
 * add on top is Next.js, the proxy, authentication and the network.
 */
import { parsePatientContext } from '../../lib/domain/patient-context';
import { buildReport } from '../../lib/domain/report/build-report';
import { createReport } from '../../lib/server/reports/service';
import { getEvidenceSnapshot } from '../../lib/server/reports/snapshot';
import { percentile } from './measure';

export type StageProfile = {
  label: string;
  trials: number;
  iterations: number;
  /** Mean CPU time per report, ms. */
  parseCpu: number;
  buildCpu: number;
  serializeCpu: number;
  /** createReport(): median wall time, ms, and this process's mean CPU time, ms. */
  createWall: number;
  createCpu: number;
  /** Median size of a report, KiB, and the median number of trials it lists and weighs over its goals. */
  reportKiB: number;
  trialsListed: number;
  trialsWeighed: number;
};

const median = (xs: number[]): number => percentile([...xs].sort((a, b) => a - b), 50);

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

export async function profileStages(label: string, contexts: unknown[], actor: { id: string; email: string }, iterations: number): Promise<StageProfile> {
  const snapshot = await getEvidenceSnapshot(); // loads the snapshot once if it is not cached yet: not part of the figures
  // Warm-up, not measured: the first report on a snapshot prepares its per-snapshot index, and the JIT warms up.
  for (let i = 0; i < Math.max(contexts.length, 10); i++) {
    const parsed = parsePatientContext(contexts[i % contexts.length]);
    if (parsed.ok) JSON.stringify(buildReport(parsed.context, snapshot));
  }
  const totals = { parse: 0, build: 0, serialize: 0, create: 0 };
  const wall: number[] = [];
  const sizes: number[] = [];
  const listed: number[] = [];
  const weighed: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const input = contexts[i % contexts.length];
    let t = process.cpuUsage();
    const parsed = parsePatientContext(input);
    totals.parse += cpuMs(t);
    if (!parsed.ok) throw new Error(`A benchmark context is invalid: ${JSON.stringify(parsed.fields)}`);
    t = process.cpuUsage();
    const body = buildReport(parsed.context, snapshot);
    totals.build += cpuMs(t);
    t = process.cpuUsage();
    const text = JSON.stringify(body);
    totals.serialize += cpuMs(t);
    sizes.push(Buffer.byteLength(text) / 1024);
    listed.push(body.goals.reduce((n, g) => n + g.trials.length, 0));
    weighed.push(body.goals.reduce((n, g) => n + (g.trialsWeighed ?? g.trials.length), 0));
    t = process.cpuUsage();
    const started = performance.now();
    await createReport(input, null, actor, null);
    wall.push(performance.now() - started);
    totals.create += cpuMs(t);
  }
  return {
    label,
    trials: snapshot.trials.length,
    iterations,
    parseCpu: totals.parse / iterations,
    buildCpu: totals.build / iterations,
    serializeCpu: totals.serialize / iterations,
    createWall: median(wall),
    createCpu: totals.create / iterations,
    reportKiB: median(sizes),
    trialsListed: median(listed),
    trialsWeighed: median(weighed),
  };
}

export function formatStage(s: StageProfile): string {
  return (
    `  ${s.label.padEnd(14)} CPU: parse ${s.parseCpu.toFixed(2)} · build ${s.buildCpu.toFixed(2)} · serialise ${s.serializeCpu.toFixed(2)} ms; ` +
    `createReport() ${s.createWall.toFixed(1)} ms wall (${s.createCpu.toFixed(1)} ms CPU here, the rest waits for PostgreSQL) · ` +
    `report ${s.reportKiB.toFixed(0)} KiB, ${s.trialsListed} trials listed of ${s.trialsWeighed} weighed`
  );
}
