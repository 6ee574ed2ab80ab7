import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { outageAwarePage } from '@/lib/server/action-outage';
import { listOwnReports } from '@/lib/server/reports/service';
import { requirePageUser } from '@/lib/server/session';
import { formatUtc } from '@/components/ui/format-utc';
import { GOAL_LABELS } from '@/lib/domain/labels';
import type { Goal } from '@/lib/domain/vocabulary';
import { ScrollBox } from '@/components/ui/scroll-box';

export const metadata: Metadata = { title: 'Reports' };

/** A yyyy-mm-dd filter, or nothing: an impossible date such as 2026-13-45 is ignored (it reached the database and made the page fail). */
function date(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value ? undefined : day;
}

export default outageAwarePage(async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<ReactNode> {
  const user = await requirePageUser('report:read-own');
  const params = await searchParams;
  const patientRef = typeof params.patientRef === 'string' ? params.patientRef.slice(0, 40) : '';
  const medicine = typeof params.medicine === 'string' ? params.medicine.slice(0, 80) : '';
  const from = date(params.from);
  const toDay = date(params.to);
  const reports = await listOwnReports(user.id, { patientRef: patientRef || undefined, medicine: medicine || undefined, from, to: toDay ? new Date(toDay.getTime() + 86_400_000) : undefined });
  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Your reports</h1>
        <Link href="/reports/new" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          New report
        </Link>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Search reports">
        <div className="flex flex-col gap-1">
          <label htmlFor="patientRef" className="font-medium">
            Patient reference
          </label>
          <input id="patientRef" name="patientRef" defaultValue={patientRef} className="rounded border border-slate-300 px-3 py-2" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="medicine" className="font-medium">
            Medicine
          </label>
          <input id="medicine" name="medicine" defaultValue={medicine} className="rounded border border-slate-300 px-3 py-2" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="from" className="font-medium">
            From
          </label>
          <input id="from" name="from" type="date" defaultValue={typeof params.from === 'string' ? params.from : ''} className="rounded border border-slate-300 px-3 py-2" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="to" className="font-medium">
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={typeof params.to === 'string' ? params.to : ''} className="rounded border border-slate-300 px-3 py-2" />
        </div>
        <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
          Search
        </button>
      </form>
      {reports.length === 0 ? (
        <p className="text-slate-600">No reports{patientRef || medicine || from || toDay ? ' match this search' : ' yet'}. <Link className="text-brand-700 underline" href="/reports/new">Build one</Link>.</p>
      ) : (
        <ScrollBox label="Reports table">
          <table className="w-full bg-white text-left text-sm">
            <thead>
              <tr className="border-b">
                <th className="p-2">Built</th>
                <th>Patient reference</th>
                <th>Patient</th>
                <th>Medicines</th>
                <th>Goals</th>
                <th>Headline</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id} className="border-b align-top">
                  <td className="whitespace-nowrap p-2">
                    <Link className="text-brand-700 underline" href={`/reports/${r.id}`}>
                      {formatUtc(r.createdAt)}
                    </Link>
                  </td>
                  <td>{r.patientRef ?? '—'}</td>
                  <td className="whitespace-nowrap">{r.patient || '—'}</td>
                  <td>{r.medicines.length ? `${r.medicines.slice(0, 3).join('; ')}${r.medicines.length > 3 ? ` and ${r.medicines.length - 3} more` : ''}` : 'none listed'}</td>
                  <td>{r.goals.map((g) => GOAL_LABELS[g as Goal] ?? g).join(', ')}</td>
                  <td>{r.headline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </div>
  );
});
