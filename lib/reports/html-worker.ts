/**
 * The body of the report-HTML worker thread (started by lib/server/reports/body-cache.ts through html-worker.mjs):
 * job in ({ id, report }), HTML out ({ id, ok, html | error }). One job at a time; the main thread numbers them.
 */
import { parentPort } from 'node:worker_threads';
import type { Report } from '../domain/report/types';
import { renderReportBodyHtml } from './render-html';

export type HtmlJob = { id: number; report: Report };
export type HtmlReply = { id: number; ok: true; html: string } | { id: number; ok: false; error: string };

parentPort!.on('message', (job: HtmlJob) => {
  let reply: HtmlReply;
  try {
    reply = { id: job.id, ok: true, html: renderReportBodyHtml(job.report) };
  } catch (error) {
    reply = { id: job.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
