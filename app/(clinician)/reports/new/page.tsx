import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ContextForm } from '@/components/reports/context-form';
import { requirePageUser } from '@/lib/server/session';
import { createReportAction } from './actions';

export const metadata: Metadata = { title: 'New report' };

export default async function NewReportPage(): Promise<ReactNode> {
  await requirePageUser('report:create');
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">New evidence report</h1>
      <p className="max-w-3xl text-slate-700">
        Enter what you know about the patient. Leave unknown things empty: the report treats them as unknown, not as “no”.
      </p>
      <ContextForm action={createReportAction} />
    </div>
  );
}
