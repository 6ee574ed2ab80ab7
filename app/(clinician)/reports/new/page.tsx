import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ReportWorkspace } from '@/components/reports/fhir-import';
import { outageAwarePage } from '@/lib/server/action-outage';
import { loadDraft } from '@/lib/server/cds/drafts';
import { clientIp } from '@/lib/server/request-info';
import { requirePageUser } from '@/lib/server/session';
import { createReportAction } from './actions';

export const metadata: Metadata = { title: 'New report' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const NOTICE = 'max-w-3xl rounded bg-amber-50 p-3 text-sm text-amber-900';

export default outageAwarePage(async function NewReportPage({ searchParams }: Props): Promise<ReactNode> {
  const user = await requirePageUser('report:create');
  // A CDS Hooks card links here as ?draft=<id>; the context itself stays on the server (lib/server/cds/drafts.ts).
  // Nothing is ever read from the URL but that id: an old ?prefill=… link (which carried the context) only gets the
  // notice below.
  const params = await searchParams;
  const ip = clientIp(await headers());
  const fromLink = params.draft !== undefined || params.prefill !== undefined;
  const initial = params.draft === undefined ? null : await loadDraft(typeof params.draft === 'string' ? params.draft : undefined, { actor: { id: user.id, email: user.email }, ip });
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">New evidence report</h1>
      <p className="max-w-3xl text-slate-700">
        Enter what you know about the patient. Leave unknown things empty: the report treats them as unknown, not as “no”.
      </p>
      {initial ? (
        <p className={NOTICE}>Pre-filled from the EHR. Check every field and choose the goals before building the report.</p>
      ) : fromLink ? (
        <p className={NOTICE} data-testid="draft-expired">
          This link from the EHR has expired or is not valid. Open the patient&apos;s card again, or enter the details below.
        </p>
      ) : null}
      <ReportWorkspace action={createReportAction} initial={initial ?? undefined} />
    </div>
  );
});
