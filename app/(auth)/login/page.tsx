import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { outageAwarePage } from '@/lib/server/action-outage';
import { getPageSessionUser } from '@/lib/server/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default outageAwarePage(async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<ReactNode> {
  if (await getPageSessionUser()) redirect('/');
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : '/';
  return (
    <main className="mx-auto mt-16 max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">K2 Evidence Desk</h1>
      <p className="mb-6 mt-1 text-slate-600">Evidence reports on vitamin K2 for clinicians. Sign in to continue.</p>
      <LoginForm next={next} />
    </main>
  );
});
