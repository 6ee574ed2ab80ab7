/**
 * Helpers of the HTTP fuzz tests (tests/e2e/fuzz-*.test.ts): a fixed, printed seed (K2_FUZZ_SEED overrides it), a
 * bounded pool of requests in flight over keep-alive connections, and a failure log that prints the exact inputs that
 * failed (the first few inline, all of them to a file) so any failure can be reproduced.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The seed of every generated input: fixed so a run is reproducible; set K2_FUZZ_SEED to explore other inputs. */
export function fuzzSeed(): number {
  const raw = process.env.K2_FUZZ_SEED;
  if (raw === undefined || raw === '') return 20_260_517;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`K2_FUZZ_SEED must be an integer, not "${raw}".`);
  return seed;
}

/**
 * How many inputs of each kind a fuzz test sends: the number it names (which the issue's minimums are counted in),
 * times K2_FUZZ_SCALE when set — e.g. 0.1 for a quick look, 10 for a long soak.
 */
export function fuzzRuns(n: number): number {
  const raw = process.env.K2_FUZZ_SCALE;
  const scale = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!(scale > 0)) throw new Error(`K2_FUZZ_SCALE must be a number above 0, not "${raw}".`);
  return Math.max(1, Math.round(n * scale));
}

/** Requests in flight at once: enough to keep both cores of the app busy, few enough not to queue behind each other. */
export const FUZZ_CONCURRENCY = 8;

export type HttpAnswer = { status: number; location: string | null; text: string; json: unknown };

/**
 * POST a body as it is (raw text, so malformed JSON can be sent too); the answer's JSON is parsed when it is JSON. A
 * connection that fails (the server closed it, say) is answered with status 0 and the error, so the caller records it
 * as a failure of that input instead of losing which input it was.
 */
export async function postRaw(url: string, body: string, headers: Record<string, string>): Promise<HttpAnswer> {
  let response: Response;
  try {
    // identity: gzipping thousands of 40 kB reports would cost the server more than some of the handlers themselves.
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'identity', ...headers }, body, redirect: 'manual' });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { status: 0, location: null, text: `no answer (${error instanceof Error ? error.message : String(error)}${cause})`, json: undefined };
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, location: response.headers.get('location'), text, json };
}

/** Run `task` for every item with at most `concurrency` running at once; resolves when all are done. */
export async function inPool<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export type FuzzFailure = { index: number; label: string; problems: string[]; status: number; response: string; input: unknown };

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

/** Collects failures; `summary()` prints the first few in full and writes all of them to a file. */
export class FailureLog {
  readonly failures: FuzzFailure[] = [];
  constructor(
    private readonly name: string,
    private readonly seed: number,
  ) {}

  add(failure: FuzzFailure): void {
    this.failures.push(failure);
  }

  /** Empty when nothing failed; otherwise what failed, with the inputs, for the assertion message and the log. */
  summary(shown = 5): string {
    if (this.failures.length === 0) return '';
    const file = path.join(os.tmpdir(), `k2-fuzz-${this.name}-${this.seed}.json`);
    writeFileSync(file, JSON.stringify(this.failures, null, 2));
    const kinds = new Map<string, number>();
    for (const f of this.failures) kinds.set(f.label, (kinds.get(f.label) ?? 0) + 1);
    const lines = [
      `${this.failures.length} failing input(s) (seed ${this.seed}; rerun with K2_FUZZ_SEED=${this.seed}); all of them are in ${file}`,
      `by kind: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
      ...this.failures.slice(0, shown).map((f) =>
        [`#${f.index} ${f.label}: ${f.problems.join('; ')}`, `  input: ${clip(typeof f.input === 'string' ? f.input : JSON.stringify(f.input), 3000)}`, `  answer: ${f.status} ${clip(f.response, 1500)}`].join('\n'),
      ),
    ];
    return lines.join('\n');
  }
}

/** Milliseconds since `start`, as "12.3 s". */
export function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}
