/**
 * The body of a PDF render worker thread (started by lib/server/pdf/worker-pool.ts through render-worker.mjs):
 * a render takes about a second of uninterrupted CPU, which on the main thread would stall every other request.
 * Job in ({ report, variant, paper }), bytes out; nothing else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Report } from '../domain/report/types';
import type { PdfPaper, PdfVariant } from './options';
import { Document, Page, Text, renderToBuffer } from '@react-pdf/renderer';
import { createElement } from 'react';
import { PDF_FONT, registerPdfFonts } from './register-fonts';
import { renderReportPdf } from './render-pdf';

export type RenderJob = { report: Report; variant: PdfVariant; paper: PdfPaper; patientRef?: string | null };
export type RenderReply = { ok: true; bytes: Uint8Array; pages: number; truncated: boolean } | { ok: false; error: string };

registerPdfFonts((workerData as { root: string }).root);

// A warm-up render as soon as the worker starts: the first render of a fresh worker pays for parsing the fonts and
// for the layout engine's first run (about 0.8 s of the first PDF's 0.9 s here); a worker started ahead of time
// (prewarmPdfWorker) has paid it before the first request. Jobs wait for it; a failed warm-up changes nothing.
const warm = renderToBuffer(
  createElement(
    Document,
    null,
    createElement(Page, { size: 'A4' }, createElement(Text, { style: { fontFamily: PDF_FONT } }, 'Warm-up ≥ µg'), createElement(Text, { style: { fontFamily: PDF_FONT, fontWeight: 'bold' } }, 'Warm-up')),
  ),
).then(
  () => undefined,
  () => undefined,
);

parentPort!.on('message', (job: RenderJob) => {
  warm.then(() => renderReportPdf(job.report, job.variant, job.paper, undefined, job.patientRef ?? null)).then(
    (out) => parentPort!.postMessage({ ok: true, bytes: new Uint8Array(out.bytes), pages: out.pages, truncated: out.truncated } satisfies RenderReply),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
  );
});
