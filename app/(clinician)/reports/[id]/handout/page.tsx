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
import { ClinicianNote } from './clinician-note';
import { PrintButton } from './print-button';

export const metadata: Metadata = { title: 'Patient handout' };

/** The section a patient must read first: it is boxed and shown first in every form (web, print, PDF). */
const SAFETY_HEADING = 'Is it safe for you?';

/**
 * The plain-language handout, large type (larger still with ?size=large), with a print stylesheet (globals.css hides
 * .no-print): the safety box first, lines for the patient, clinic and date, the clinician's note typed on screen, and
 * the technical figures in small print for the clinician only.
 */
export default outageAwarePage(async function HandoutPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ size?: string | string[] }> }): Promise<ReactNode> {
  const user = await requirePageUser('report:read-own');
  const saved = await getOwnReport(user.id, (await params).id, { id: user.id, email: user.email }, clientIp(await headers()));
  if (!saved) notFound();
  const { handout } = saved.report;
  const large = (await searchParams).size === 'large';
  const safety = handout.sections.find((s) => s.heading === SAFETY_HEADING);
  const rest = handout.sections.filter((s) => s !== safety);
  const paragraphs = (body: string) =>
    body.split('\n').map((paragraph, i) => (
      <p key={i} className="mt-2">
        {paragraph}
      </p>
    ));
  return (
    <div className={`mx-auto flex max-w-3xl flex-col gap-6 bg-white p-4 leading-relaxed sm:p-8 print:max-w-none print:p-0 ${large ? 'text-2xl' : 'text-lg'}`} data-size={large ? 'large' : 'standard'}>
      <div className="no-print flex flex-wrap items-start gap-3">
        <PdfDownloadButton reportId={saved.report.id} variant="handout" primary>
          Print handout (PDF)
        </PdfDownloadButton>
        <PrintButton />
        <Link href={large ? `/reports/${saved.report.id}/handout` : `/reports/${saved.report.id}/handout?size=large`} className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100">
          {large ? 'Standard print' : 'Large print'}
        </Link>
        <Link href={`/reports/${saved.report.id}`} className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100">
          Back to the report
        </Link>
      </div>
      <h1 className={`${large ? 'text-4xl' : 'text-3xl'} font-semibold`}>{handout.title}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2 text-base" data-testid="handout-lines">
        <dt className="font-semibold">For</dt>
        <dd className="border-b border-slate-400">{saved.patientRef ?? '\u00a0'}</dd>
        <dt className="font-semibold">Clinic</dt>
        <dd className="border-b border-slate-400">{'\u00a0'}</dd>
        <dt className="font-semibold">Date</dt>
        <dd className="border-b border-slate-400">{saved.report.createdAt.slice(0, 10)}</dd>
      </dl>
      {safety ? (
        <section className="break-inside-avoid rounded-lg border-4 border-slate-900 p-4" data-testid="handout-safety" aria-labelledby="handout-safety-h">
          <h2 id="handout-safety-h" className={`${large ? 'text-3xl' : 'text-2xl'} font-semibold`}>
            {safety.heading}
          </h2>
          {paragraphs(safety.body)}
        </section>
      ) : null}
      {rest.map((section) => (
        <section key={section.heading} className="break-inside-avoid">
          <h2 className={`${large ? 'text-3xl' : 'text-2xl'} font-semibold`}>{section.heading}</h2>
          {paragraphs(section.body)}
        </section>
      ))}
      <ClinicianNote />
      <p className="text-sm">This sheet explains research; it is not a prescription.</p>
      <p className="no-print text-xs text-slate-600" data-testid="handout-clinician-figures">
        For the clinician (not printed): reading level grade {handout.readingGrade}; evidence version {saved.report.evidenceVersion}; rules {saved.report.rulesetVersion}.
      </p>
    </div>
  );
});
