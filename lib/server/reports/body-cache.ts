import 'server-only';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Report } from '@/lib/domain/report/types';
import type { HtmlJob, HtmlReply } from '@/lib/reports/html-worker';
import { reportBodyStore } from '@/lib/report-body-store';

/**
 * Issue 14, "a fast report page": a saved report never changes, so its body (ReportView, about 40–100 KiB of HTML)
 * is rendered once and kept here, keyed by report id, ruleset and staleness. The caller has already checked that the
 * user may read the report (getOwnReportHeader); the cache is only ever asked after that check.
 *
 * The body is rendered on a worker thread (lib/reports/html-worker.ts): the app's server components run under the
 * react-server condition, which has no react-dom/server, and a render off the main thread keeps the event loop free.
 * The most recently used MAX_ENTRIES bodies stay (at most about 100 KiB each, so a few tens of MiB).
 */
const MAX_ENTRIES = 300;
const RENDER_TIMEOUT_MS = 30_000;

export function reportBodyKey(id: string, rulesetVersion: string, stale: boolean): string {
  return `${id}|${rulesetVersion}|${stale ? 'stale' : 'current'}`;
}

type Pending = { resolve: (html: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };
const g = globalThis as unknown as { k2HtmlWorker?: { worker: Worker; pending: Map<number, Pending>; next: number }; k2HtmlRenders?: Map<string, Promise<string>> };
const renders: Map<string, Promise<string>> = (g.k2HtmlRenders ??= new Map());

function htmlWorker(): NonNullable<typeof g.k2HtmlWorker> {
  if (g.k2HtmlWorker) return g.k2HtmlWorker;
  // As for the PDF worker (lib/server/pdf/worker-pool.ts): the entry is loaded by import() from a code string, so the
  // bundler does not try to bundle tsx; next start runs in the app's root.
  const entry = pathToFileURL(path.join(process.cwd(), 'lib', 'reports', 'html-worker.mjs')).href;
  const worker = new Worker(`import(${JSON.stringify(entry)});`, { eval: true });
  worker.unref();
  const state = { worker, pending: new Map<number, Pending>(), next: 1 };
  const failAll = (error: Error): void => {
    if (g.k2HtmlWorker === state) g.k2HtmlWorker = undefined;
    for (const p of state.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    state.pending.clear();
  };
  worker.on('message', (reply: HtmlReply) => {
    const p = state.pending.get(reply.id);
    if (!p) return;
    state.pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) p.resolve(reply.html);
    else p.reject(new Error(`Rendering the report failed: ${reply.error}`));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`The report HTML worker stopped (exit code ${code}).`)));
  g.k2HtmlWorker = state;
  return state;
}

function renderInHtmlWorker(report: Report): Promise<string> {
  const state = htmlWorker();
  const id = state.next++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      state.pending.delete(id);
      reject(new Error('Rendering the report took too long.'));
      // A stuck worker is ended; the next render starts a fresh one.
      if (g.k2HtmlWorker === state) g.k2HtmlWorker = undefined;
      void state.worker.terminate();
    }, RENDER_TIMEOUT_MS);
    state.pending.set(id, { resolve, reject, timer });
    state.worker.postMessage({ id, report } satisfies HtmlJob);
  });
}

/**
 * The body's HTML for `key`, rendering it from `load()` on a miss (two views of the same report at once share one
 * render). On return the body is in the store under `key`, where the page's server-side render reads it.
 */
export async function reportBodyHtml(key: string, load: () => Promise<Report>): Promise<string> {
  const store = reportBodyStore();
  const hit = store.get(key);
  if (hit !== undefined) {
    keep(key, hit);
    return hit;
  }
  let render = renders.get(key);
  if (!render) {
    render = (async () => renderInHtmlWorker(await load()))();
    renders.set(key, render);
    void render.then(
      (html) => keep(key, html),
      () => undefined,
    ).finally(() => renders.delete(key));
  }
  return render;
}

/** Store a body as the most recently used, dropping the least recently used beyond MAX_ENTRIES. */
function keep(key: string, html: string): void {
  const store = reportBodyStore();
  store.delete(key);
  store.set(key, html);
  while (store.size > MAX_ENTRIES) store.delete(store.keys().next().value as string);
}

/** For tests: how many bodies are held, and emptying the store. */
export function reportBodyCacheSize(): number {
  return reportBodyStore().size;
}
export function clearReportBodyCache(): void {
  reportBodyStore().clear();
}
