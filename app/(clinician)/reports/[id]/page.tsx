import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { PdfDownloadButton } from '@/components/reports/pdf-download-button';
import { CachedReportBody } from '@/components/reports/cached-report-body';
import { SubmitButton } from '@/components/ui/submit-button';
import { outageAwarePage } from '@/lib/server/action-outage';
import { clientIp, isDocumentRequest } from '@/lib/server/request-info';
import { reportBodyHtml, reportBodyKey } from '@/lib/server/reports/body-cache';
import { getOwnReportBody, getOwnReportHeader } from '@/lib/server/reports/service';
import { requirePageUser } from '@/lib/server/session';
import { rerunReportAction } from './actions';
import { formatUtc } from '@/components/ui/format-utc';

export const metadata: Metadata = { title: 'Report' };

export default outageAwarePage(async function ReportPage({ params }: { params: Promise<{ id: string }> }): Promise<ReactNode> {
  const user = await requirePageUser('report:read-own');
  const requestHeaders = await headers();
  // The permission check and the audit come first; only then is the body looked up (issue 14: a fast report page).
  const saved = await getOwnReportHeader(user.id, (await params).id, { id: user.id, email: user.email }, clientIp(requestHeaders));
  if (!saved) notFound();
  const cacheKey = reportBodyKey(saved.id, saved.rulesetVersion, saved.stale);
  const html = await reportBodyHtml(cacheKey, () => getOwnReportBody(user.id, saved.id));
  // A page load gets the body once, in its HTML (CachedReportBody reads it while the HTML is rendered); a navigation
  // inside the app (a React payload request, or a server action's answer) carries it in the payload.
  const documentRequest = isDocumentRequest(requestHeaders);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Evidence report{saved.patientRef ? ` · ${saved.patientRef}` : ''}</h1>
        <div className="no-print flex flex-wrap items-start gap-3">
          <PdfDownloadButton reportId={saved.id} variant="clinician" primary>
            Download PDF
          </PdfDownloadButton>
          <PdfDownloadButton reportId={saved.id} variant="handout">
            Print handout (PDF)
          </PdfDownloadButton>
          <Link href={`/reports/${saved.id}/handout`} className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
            Patient handout
          </Link>
          <Link href="/reports/new" className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
            New report
          </Link>
        </div>
      </div>
      <p className="text-sm text-slate-600">Built {formatUtc(saved.createdAt)}</p>
      {saved.stale ? (
        <div role="status" className="no-print flex flex-wrap items-center gap-3 rounded border border-amber-400 bg-amber-50 p-4" data-testid="evidence-changed">
          <p>The evidence has changed since this report was built. This report stays as it was.</p>
          <form action={rerunReportAction}>
            <input type="hidden" name="reportId" value={saved.id} />
            <SubmitButton pendingText="Re-running…">Re-run on the current evidence</SubmitButton>
          </form>
        </div>
      ) : null}
      <CachedReportBody cacheKey={cacheKey} html={documentRequest ? undefined : html} />
    </div>
  );
});
