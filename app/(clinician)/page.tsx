import Link from 'next/link';
import type { ReactNode } from 'react';
import { can } from '@/lib/domain/permissions';
import { outageAwarePage } from '@/lib/server/action-outage';
import { requirePageUser } from '@/lib/server/session';

export default outageAwarePage(async function StartPage(): Promise<ReactNode> {
  const user = await requirePageUser();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold" data-testid="welcome">
        Welcome, {user.name}
      </h1>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="text-lg font-semibold">Evidence reports</h2>
        <p className="mt-1 text-slate-700">Enter a patient&apos;s context and get the evidence on vitamin K2 for this patient: safety first, then each goal.</p>
        <div className="mt-3 flex gap-3">
          <Link className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800" href="/reports/new">
            New report
          </Link>
          <Link className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100" href="/reports">
            Your reports
          </Link>
        </div>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="text-lg font-semibold">Your account</h2>
        <ul className="mt-2 list-disc pl-6">
          <li>
            <Link className="text-brand-700 underline" href="/settings/tokens">
              Personal API tokens
            </Link>{' '}
            for scripts and EHR integrations.
          </li>
          {can(user, 'account:manage') ? (
            <li>
              <Link className="text-brand-700 underline" href="/admin/accounts">
                Manage accounts
              </Link>
            </li>
          ) : null}
          {can(user, 'audit:read') ? (
            <li>
              <Link className="text-brand-700 underline" href="/admin/audit">
                Audit log
              </Link>
            </li>
          ) : null}
        </ul>
      </section>
    </div>
  );
});
