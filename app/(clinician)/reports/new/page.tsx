import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ReportWorkspace } from '@/components/reports/fhir-import';
import { decodeDraft } from '@/lib/domain/fhir/draft';
import { requirePageUser } from '@/lib/server/session';
import { createReportAction } from './actions';

export const metadata: Metadata = { title: 'New report' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewReportPage({ searchParams }: Props): Promise<ReactNode> {
  await requirePageUser('report:create');
  // A CDS Hooks card links here with the patient's context as ?prefill=… (see lib/domain/fhir/draft.ts).
  const prefill = (await searchParams).prefill;
  const initial = decodeDraft(typeof prefill === 'string' ? prefill : undefined) ?? undefined;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">New evidence report</h1>
      <p className="max-w-3xl text-slate-700">
        Enter what you know about the patient. Leave unknown things empty: the report treats them as unknown, not as “no”.
      </p>
      {initial ? <p className="max-w-3xl rounded bg-amber-50 p-3 text-sm text-amber-900">Pre-filled from the EHR. Check every field and choose the goals before building the report.</p> : null}
      <ReportWorkspace action={createReportAction} initial={initial} />
    </div>
  );
}
