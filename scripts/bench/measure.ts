/** One load measurement with autocannon (used as a library): a warm-up run whose figures are dropped, then the measured run. */
import autocannon from 'autocannon';
import { cpuDelta, type CpuDelta, type CpuSample } from './cpu';

export type Load = {
  /** Stable key (targets and the document refer to it). */
  key: string;
  title: string;
  connections: number;
  durationS: number;
  warmupS: number;
  /** The request cycle each connection runs through (autocannon `requests`). */
  requests: autocannon.Request[];
  /** The status every response must have. */
  expectStatus: number;
};

export type Measurement = {
  key: string;
  title: string;
  connections: number;
  durationS: number;
  completed: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Connection errors, including timeouts. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses with another status than expected (2xx ones included). */
  unexpected: number;
  statusCodes: Record<string, number>;
  /** The warm-up's status counts (its other figures are dropped). */
  warmupStatusCodes: Record<string, number>;
  avgBytes: number;
  /** CPU spent during the measured run (absent off Linux). */
  cpu: CpuDelta | null;
};

type Run = { result: autocannon.Result; latencies: number[] };

function fire(url: string, load: Load, durationS: number): Promise<Run> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: load.connections, duration: durationS, requests: load.requests, timeout: 10, excludeErrorStats: false },
      (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve({ result, latencies })),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const codesOf = (result: autocannon.Result): Record<string, number> => Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));

export async function measure(url: string, load: Load, probe: (() => CpuSample) | null = null): Promise<Measurement> {
  const warmup = load.warmupS > 0 ? await fire(url, load, load.warmupS) : null;
  const before = probe?.() ?? null;
  const started = performance.now();
  const { result, latencies } = await fire(url, load, load.durationS);
  const cpu = before && probe ? cpuDelta(before, probe(), performance.now() - started) : null;
  const sorted = latencies.sort((a, b) => a - b);
  const statusCodes = codesOf(result);
  const completed = sorted.length;
  const duration = result.duration || load.durationS;
  return {
    key: load.key,
    title: load.title,
    connections: load.connections,
    durationS: duration,
    completed,
    rps: completed / duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    unexpected: completed - (statusCodes[String(load.expectStatus)] ?? 0),
    statusCodes,
    warmupStatusCodes: warmup ? codesOf(warmup.result) : {},
    avgBytes: completed > 0 ? result.throughput.total / completed : 0,
    cpu,
  };
}

const ms = (n: number): string => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : '—');

/** A CPU time as a share of all the machine's cores over the run, %. */
export function share(cpuMs: number, m: Measurement): number {
  return m.cpu ? (100 * cpuMs) / (m.cpu.cores * m.durationS * 1000) : Number.NaN;
}

/** One line per measurement, for the terminal. */
export function formatMeasurement(m: Measurement): string {
  const codes = Object.entries(m.statusCodes)
    .map(([c, n]) => `${c}×${n}`)
    .join(' ');
  return (
    `${m.title}\n` +
    `    ${m.rps.toFixed(1)} req/s · p50 ${ms(m.p50)} ms · p95 ${ms(m.p95)} ms · p99 ${ms(m.p99)} ms · max ${ms(m.max)} ms · ` +
    `${m.completed} responses in ${m.durationS.toFixed(1)} s at ${m.connections} connections (${codes || 'none'}) · ` +
    `errors ${m.errors} (timeouts ${m.timeouts}) · non-2xx ${m.non2xx} · unexpected status ${m.unexpected} · ${(m.avgBytes / 1024).toFixed(1)} KiB/response` +
    (m.cpu && m.completed > 0
      ? `\n    CPU per response: app ${(m.cpu.appMs / m.completed).toFixed(2)} ms · PostgreSQL ${(m.cpu.dbMs / m.completed).toFixed(2)} ms · load generator ${(m.cpu.benchMs / m.completed).toFixed(2)} ms; ` +
        `machine ${Math.round(share(m.cpu.machineMs, m))}% busy, of which other work ${Math.round(share(m.cpu.othersMs, m))}%`
      : '')
  );
}

export { ms as formatMs };
