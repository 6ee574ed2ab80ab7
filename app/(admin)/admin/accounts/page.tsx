import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { listAccounts } from '@/lib/server/accounts';
import { outageAwarePage } from '@/lib/server/action-outage';
import { requirePageUser } from '@/lib/server/session';
import { CreateAccountForm, DisableAccountForm, ResetPasswordForm } from './account-forms';
import { formatUtc } from '@/components/ui/format-utc';
import { ScrollBox } from '@/components/ui/scroll-box';

export const metadata: Metadata = { title: 'Accounts' };

export default outageAwarePage(async function AccountsPage(): Promise<ReactNode> {
  const admin = await requirePageUser('account:manage');
  const accounts = await listAccounts();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Accounts</h1>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-semibold">New account</h2>
        <CreateAccountForm />
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-semibold">All accounts ({accounts.length})</h2>
        <ScrollBox label="Accounts table">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b">
                <th className="py-2">E-mail</th>
                <th>Name</th>
                <th>Role</th>
                <th>Status</th>
                <th>Last sign-in</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.id} className="border-b align-middle last:border-0" data-testid={`account-${account.email}`}>
                  <td className="py-2">{account.email}</td>
                  <td>{account.name}</td>
                  <td>{account.role === 'ADMIN' ? 'Admin' : 'Clinician'}</td>
                  <td>{account.disabled ? <span className="font-medium text-red-700">Disabled</span> : 'Active'}</td>
                  <td>{account.lastLoginAt ? formatUtc(account.lastLoginAt) : 'never'}</td>
                  <td className="py-2">
                    {account.id === admin.id ? (
                      <span className="text-slate-500">(you)</span>
                    ) : (
                      <div className="flex flex-wrap items-start gap-2">
                        <DisableAccountForm userId={account.id} email={account.email} disabled={account.disabled} />
                        <ResetPasswordForm userId={account.id} email={account.email} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
    </div>
  );
});
