import 'server-only';
import type { PdfPaper, PdfVariant } from '@/lib/pdf/options';
import { writeAudit, type AuditActor } from '../audit';
import { db } from '../db';
import { pdfLimiter } from '../pdf/limiter';
import { renderInWorker } from '../pdf/worker-pool';
import { getOwnReport } from './service';

export type PrintedReport = { bytes: Buffer; fileName: string; pages: number; truncated: boolean };

/**
 * One of the user's own reports as a PDF (null → 404: anyone else's does not exist). Audited as a print with the
 * variant and paper only — no patient data in the audit row. Renders wait for a slot in pdfLimiter (PdfBusyError → 503).
 */
export async function printOwnReport(userId: string, id: string, variant: PdfVariant, paper: PdfPaper, actor: AuditActor, ip: string | null): Promise<PrintedReport | null> {
  const saved = await getOwnReport(userId, id, actor, ip, false);
  if (!saved) return null;
  // On a worker thread (at most two at once): the event loop stays free for everyone else.
  const rendered = await pdfLimiter.run(() => renderInWorker(saved.report, variant, paper, saved.patientRef));
  await writeAudit(db, { actor, action: 'report.print', entity: 'Report', entityId: id, ip, details: { variant, paper, pages: rendered.pages, truncated: rendered.truncated } });
  const kind = variant === 'handout' ? 'handout' : 'report';
  return { ...rendered, fileName: `k2-${kind}-${saved.report.createdAt.slice(0, 10)}-${id.slice(0, 8)}.pdf` };
}
