/**
 * Report → PDF bytes with a page cap. Pure apart from CPU: the fonts must be registered first (registerPdfFonts).
 * When a document would exceed the cap, it is rendered again with fewer trials per goal (the tables and charts say
 * how many were left out) rather than failing; the handout has no trials tables and is far below any cap.
 */
import { renderToBuffer } from '@react-pdf/renderer';
import type { Report } from '../domain/report/types';
import { ClinicianReportDocument } from './clinician-report';
import type { PdfPaper, PdfVariant } from './options';
import { HandoutDocument } from './patient-handout';

export const MAX_PDF_PAGES = 30;
/** Trials per goal to try, in turn, when the full document is over the cap. */
const TRIAL_LIMITS = [12, 6, 3, 1] as const;

export type RenderedPdf = { bytes: Buffer; pages: number; truncated: boolean };

/** Pages in a PDF as pdfkit writes it (page objects are plain dictionaries, never in object streams). */
export function countPdfPages(bytes: Buffer): number {
  return (bytes.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

async function renderOnce(report: Report, variant: PdfVariant, paper: PdfPaper, patientRef: string | null, maxTrialsPerGoal?: number): Promise<Buffer> {
  const options = { paper, patientRef, ...(maxTrialsPerGoal === undefined ? {} : { maxTrialsPerGoal }) };
  return variant === 'handout' ? renderToBuffer(<HandoutDocument report={report} options={options} />) : renderToBuffer(<ClinicianReportDocument report={report} options={options} />);
}

/**
 * Render a saved report's PDF within `maxPages`, truncating trials tables when needed. If even one trial per goal is
 * over the cap (it would take a report far beyond the five goals), that smallest document is returned, marked truncated:
 * a clinician gets a long PDF rather than none.
 */
export async function renderReportPdf(report: Report, variant: PdfVariant, paper: PdfPaper, maxPages: number = MAX_PDF_PAGES, patientRef: string | null = null): Promise<RenderedPdf> {
  let bytes = await renderOnce(report, variant, paper, patientRef);
  let pages = countPdfPages(bytes);
  if (pages <= maxPages || variant === 'handout') return { bytes, pages, truncated: false };
  for (const limit of TRIAL_LIMITS) {
    bytes = await renderOnce(report, variant, paper, patientRef, limit);
    pages = countPdfPages(bytes);
    if (pages <= maxPages) break;
  }
  return { bytes, pages, truncated: true };
}
