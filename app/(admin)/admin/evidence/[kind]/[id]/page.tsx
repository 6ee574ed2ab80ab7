import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache, type ReactNode } from 'react';
import { StatusBadge, VerificationBadge } from '@/components/evidence/badges';
import { loadFormTargets } from '@/components/evidence/citation-targets';
import { entryHref, entrySummary, formatUtc, KIND_NAMES, kindFromSlug, listHref } from '@/components/evidence/descriptors';
import { EntryForm } from '@/components/evidence/entry-form';
import { formValuesFromEntry } from '@/components/evidence/form-data';
import { StatusActions } from '@/components/evidence/status-actions';
import { EntryIdSchema, type EntryKind } from '@/lib/domain/evidence/schemas';
import { outageAwarePage } from '@/lib/server/action-outage';
import { getEntry, type EntryView } from '@/lib/server/evidence/service';
import { requirePageUser } from '@/lib/server/session';

type Props = { params: Promise<{ kind: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// One read per request, shared by the page and its title: both see the same entry, or the same outage.
const readEntry = cache((kind: EntryKind, id: string): Promise<EntryView | null> => getEntry(kind, id, false));

async function load(params: Props['params']): Promise<EntryView | null> {
  const { kind: slug, id } = await params;
  const kind = kindFromSlug(slug);
  const parsedId = EntryIdSchema.safeParse(id);
  if (!kind || !parsedId.success) return null;
  return readEntry(kind, parsedId.data);
}

export const generateMetadata = outageAwarePage(async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePageUser('evidence:curate');
  const view = await load(params);
  return { title: view ? entrySummary(view.entry as unknown as Record<string, unknown>, view.id).title.slice(0, 60) : 'Not found' };
});

const STATUS_EXPLAINED = {
  draft: 'Draft: reports do not use it and clinicians do not see it. Publish it when it has been checked.',
  published: 'Published: reports use it and clinicians see it. Your edits are published as soon as you save them.',
  retracted: 'Retracted: reports no longer use it and clinicians do not see it. It stays here with its history.',
} as const;

export default outageAwarePage(async function EditEntryPage({ params, searchParams }: Props): Promise<ReactNode> {
  await requirePageUser('evidence:curate');
  const view = await load(params);
  if (!view) notFound();
  const { kind, id } = view;
  const created = (await searchParams).created === '1';
  const entry = view.entry as unknown as Record<string, unknown>;
  const { title, label } = entrySummary(entry, id);
  const { citationTargets, interactionTargets } = await loadFormTargets(kind);

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={listHref(kind)} className="text-brand-700 underline">
          {KIND_NAMES[kind].title}
        </Link>{' '}
        › <code>{id}</code>
      </nav>
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
          <StatusBadge status={view.status} />
          <VerificationBadge status={view.entry.verification.status} />
          {label ? <span>{label}</span> : null}
          <span data-testid="entry-version">Version {view.version}</span>
          <span>
            Updated by {view.updatedBy} at {formatUtc(view.updatedAt)}
          </span>
          <Link href={`${entryHref(kind, id)}/history`} className="text-brand-700 underline">
            History and changes
          </Link>
        </div>
      </header>
      {created ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900" data-testid="created">
          Created as a draft (version 1). Reports do not use it until you publish it.
        </p>
      ) : null}
      <section aria-labelledby="status-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 md:p-6">
        <h2 id="status-heading" className="text-lg font-semibold">
          Status
        </h2>
        <p className="text-slate-700" data-testid="status-explained">
          {STATUS_EXPLAINED[view.status]}
        </p>
        {/* A medication's label is its class, shared by many: the confirmation names the ingredient. */}
        <StatusActions kind={kind} id={id} version={view.version} status={view.status} label={kind === 'medication' ? title : (label ?? title)} />
      </section>
      <section aria-labelledby="edit-heading" className="flex flex-col gap-3">
        <h2 id="edit-heading" className="text-lg font-semibold">
          Edit
        </h2>
        <EntryForm
          key={`${kind}:${id}`}
          mode="edit"
          kind={kind}
          entryId={id}
          version={view.version}
          published={view.status === 'published'}
          initialValues={formValuesFromEntry(kind, view.entry)}
          citationTargets={citationTargets}
          interactionTargets={interactionTargets}
          cancelHref={listHref(kind)}
        />
      </section>
    </div>
  );
});
