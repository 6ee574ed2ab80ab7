import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { outageAwarePage } from '@/lib/server/action-outage';
import { clientIp } from '@/lib/server/request-info';
import { getOwnReport } from '@/lib/server/reports/service';
import { requirePageUser } from '@/lib/server/session';
import { PdfDownloadButton } from '@/components/reports/pdf-download-button';
import { PrintButton } from './print-button';

export const metadata: Metadata = { title: 'Patient handout' };

/** The plain-language handout, large type, with a print stylesheet (globals.css hides .no-print). */
export default outageAwarePage(async function HandoutPage({ params }: { params: Promise<{ id: string }> }): Promise<ReactNode> {
  const user = await requirePageUser('report:read-own');
  const saved = await getOwnReport(user.id, (await params).id, { id: user.id, email: user.email }, clientIp(await headers()));
  if (!saved) notFound();
  const { handout } = saved.report;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6 bg-white p-8 text-lg leading-relaxed print:max-w-none print:p-0">
      <div className="no-print flex flex-wrap items-start gap-3">
        <PdfDownloadButton reportId={saved.report.id} variant="handout" primary>
          Print handout (PDF)
        </PdfDownloadButton>
        <PrintButton />
        <Link href={`/reports/${saved.report.id}`} className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100">
          Back to the report
        </Link>
      </div>
      <h1 className="text-3xl font-semibold">{handout.title}</h1>
      {handout.sections.map((section) => (
        <section key={section.heading} className="break-inside-avoid">
          <h2 className="text-2xl font-semibold">{section.heading}</h2>
          {section.body.split('\n').map((paragraph, i) => (
            <p key={i} className="mt-2">
              {paragraph}
            </p>
          ))}
        </section>
      ))}
      <section className="break-inside-avoid rounded border border-slate-300 p-4">
        <h2 className="text-xl font-semibold">Note from your clinician</h2>
        <div className="h-32" aria-hidden="true" />
      </section>
      <p className="text-sm text-slate-600">
        Reading level: grade {handout.readingGrade}. This sheet explains research; it is not a prescription. Evidence version {saved.report.evidenceVersion}.
      </p>
    </div>
  );
});
