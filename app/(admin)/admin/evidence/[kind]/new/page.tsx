import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { KIND_NAMES, kindFromSlug, listHref } from '@/components/evidence/descriptors';
import { EntryForm } from '@/components/evidence/entry-form';
import { loadFormTargets } from '@/components/evidence/citation-targets';
import { outageAwarePage } from '@/lib/server/action-outage';
import { requirePageUser } from '@/lib/server/session';

type Props = { params: Promise<{ kind: string }> };

export const generateMetadata = outageAwarePage(async function generateMetadata({ params }: Props): Promise<Metadata> {
  const kind = kindFromSlug((await params).kind);
  return { title: kind ? `New ${KIND_NAMES[kind].one}` : 'Not found' };
});

export default outageAwarePage(async function NewEntryPage({ params }: Props): Promise<ReactNode> {
  await requirePageUser('evidence:curate');
  const kind = kindFromSlug((await params).kind);
  if (!kind) notFound();
  const { citationTargets, interactionTargets } = await loadFormTargets(kind);
  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={listHref(kind)} className="text-brand-700 underline">
          {KIND_NAMES[kind].title}
        </Link>{' '}
        › New
      </nav>
      <div>
        <h1 className="text-2xl font-semibold">New {KIND_NAMES[kind].one}</h1>
        <p className="mt-1 text-slate-700">It is saved as a draft: reports do not use it until it is published.</p>
      </div>
      <EntryForm mode="create" kind={kind} initialValues={{}} citationTargets={citationTargets} interactionTargets={interactionTargets} cancelHref={listHref(kind)} />
    </div>
  );
});
