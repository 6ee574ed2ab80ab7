/**
 * The body of a PDF render worker thread (started by lib/server/pdf/worker-pool.ts through render-worker.mjs):
 * a render takes about a second of uninterrupted CPU, which on the main thread would stall every other request.
 * Job in ({ report, variant, paper }), bytes out; nothing else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Report } from '../domain/report/types';
import type { PdfPaper, PdfVariant } from './options';
import { registerPdfFonts } from './register-fonts';
import { renderReportPdf } from './render-pdf';

export type RenderJob = { report: Report; variant: PdfVariant; paper: PdfPaper };
export type RenderReply = { ok: true; bytes: Uint8Array; pages: number; truncated: boolean } | { ok: false; error: string };

registerPdfFonts((workerData as { root: string }).root);
parentPort!.on('message', (job: RenderJob) => {
  renderReportPdf(job.report, job.variant, job.paper).then(
    (out) => parentPort!.postMessage({ ok: true, bytes: new Uint8Array(out.bytes), pages: out.pages, truncated: out.truncated } satisfies RenderReply),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
  );
});
