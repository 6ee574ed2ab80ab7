'use server';
import { isFormData } from '@/components/forms/form-state';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { orUnavailablePage } from '@/lib/server/action-outage';
import { clientIp } from '@/lib/server/request-info';
import { rerunReport } from '@/lib/server/reports/service';
import { requireSession } from '@/lib/server/session';

/** Re-run a report on the current evidence: a new report; the old one stays. */
export async function rerunReportAction(formData: FormData): Promise<void> {
  const report = await orUnavailablePage(async () => {
    const user = await requireSession('report:create');
    if (!isFormData(formData)) notFound();
    const id = String(formData.get('reportId') ?? '');
    return rerunReport(user.id, id, { id: user.id, email: user.email }, clientIp(await headers()));
  });
  if (!report) notFound();
  redirect(`/reports/${report.id}`);
}
