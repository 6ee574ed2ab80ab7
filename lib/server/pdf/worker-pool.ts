import 'server-only';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PdfPaper, PdfVariant } from '@/lib/pdf/options';
import type { RenderedPdf } from '@/lib/pdf/render-pdf';
import type { RenderReply } from '@/lib/pdf/render-worker';
import type { Report } from '@/lib/domain/report/types';

/** A render that takes longer than this is abandoned and its worker ended. */
const RENDER_TIMEOUT_MS = 60_000;
/**
 * Idle workers kept for the next request (the limiter lets two renders run, so two suffice). On globalThis: Next
 * bundles instrumentation.ts (which starts one ahead of time) apart from the routes, each with its own module copy.
 */
const globalForPdf = globalThis as unknown as { k2PdfIdleWorkers?: Worker[] };
const idle: Worker[] = (globalForPdf.k2PdfIdleWorkers ??= []);

function spawn(): Worker {
  // Resolved at run time from the app's root (next start runs there): a path, not an import, so the bundler leaves it.
  const root = process.cwd();
  // The worker loads its entry by import() from a code string: the bundler would otherwise follow a Worker's file
  // argument and try to bundle tsx and esbuild into the route. Node loads it from the source tree at run time.
  const entry = pathToFileURL(path.join(root, 'lib', 'pdf', 'render-worker.mjs')).href;
  const worker = new Worker(`import(${JSON.stringify(entry)});`, { eval: true, workerData: { root } });
  // An idle worker must not keep the process alive at shutdown.
  worker.unref();
  return worker;
}

/**
 * Start a worker ahead of the first request (instrumentation.ts, at server start): it loads the templates and makes a
 * warm-up render (lib/pdf/render-worker.ts), so the first PDF after a start is not the slow one.
 */
export function prewarmPdfWorker(): void {
  if (idle.length === 0) idle.push(spawn());
}

/** Render a report's PDF on a worker thread, so the server's event loop stays free for other requests. */
export function renderInWorker(report: Report, variant: PdfVariant, paper: PdfPaper, patientRef: string | null = null): Promise<RenderedPdf> {
  const worker = idle.pop() ?? spawn();
  return new Promise<RenderedPdf>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: RenderReply): void => {
      done();
      if (idle.length < 2) idle.push(worker);
      else void worker.terminate();
      if (reply.ok) resolve({ bytes: Buffer.from(reply.bytes), pages: reply.pages, truncated: reply.truncated });
      else reject(new Error(`PDF render failed: ${reply.error}`));
    };
    const onError = (error: Error): void => {
      done();
      void worker.terminate();
      reject(error);
    };
    const onExit = (code: number): void => {
      done();
      reject(new Error(`The PDF worker stopped (exit code ${code}).`));
    };
    const timer = setTimeout(() => {
      done();
      void worker.terminate();
      reject(new Error('The PDF render took too long.'));
    }, RENDER_TIMEOUT_MS);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ report, variant, paper, patientRef });
  });
}
