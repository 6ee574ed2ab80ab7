/**
 * The saved report's body as static HTML (issue 14, "a fast report page"): rendered once per report on the HTML
 * worker thread (html-worker.ts) and served from lib/server/reports/body-cache.ts. The body is ReportView itself, so
 * the page and this string cannot drift apart. Not imported by the app: the app's server components run under the
 * react-server condition, where react-dom/server does not exist.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ReportView } from '../../components/reports/report-view';
import type { Report } from '../domain/report/types';

export function renderReportBodyHtml(report: Report): string {
  return renderToStaticMarkup(createElement(ReportView, { report }));
}
