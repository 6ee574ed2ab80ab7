import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { StatusBadge, VerificationBadge } from '@/components/evidence/badges';
import { CitationText } from '@/components/evidence/citation-text';
import { FilterSelect } from '@/components/evidence/filter-select';
import { entryHref, entrySummary, FACETS, formatUtc, hasGoals, KIND_NAMES, kindFromSlug, LIST_COLUMNS, listHref, OPTIONS } from '@/components/evidence/descriptors';
import { ListParamsSchema, listParamsQuery, PAGE_SIZE } from '@/components/evidence/list-params';
import { outageAwarePage } from '@/lib/server/action-outage';
import { listEntries } from '@/lib/server/evidence/service';
import { requirePageUser } from '@/lib/server/session';
import { ScrollBox } from '@/components/ui/scroll-box';

type Props = { params: Promise<{ kind: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const generateMetadata = outageAwarePage(async function generateMetadata({ params }: Props): Promise<Metadata> {
  const kind = kindFromSlug((await params).kind);
  return { title: kind ? KIND_NAMES[kind].title : 'Not found' };
});

export default outageAwarePage(async function EvidenceListPage({ params, searchParams }: Props): Promise<ReactNode> {
  await requirePageUser('evidence:curate');
  const kind = kindFromSlug((await params).kind);
  if (!kind) notFound();
  // Unknown or malformed filter values are ignored rather than failing the page: they come from hand-edited URLs.
  const filters = ListParamsSchema.parse(await searchParams);
  const { total, items } = await listEntries(
    kind,
    { q: filters.q, status: filters.status, goal: hasGoals(kind) ? filters.goal : undefined, verification: filters.verification, facet: filters.facet, limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE },
    false,
  );
  const names = KIND_NAMES[kind];
  const filtered = Boolean(filters.q || filters.status || filters.goal || filters.verification || filters.facet);
  const first = total === 0 ? 0 : (filters.page - 1) * PAGE_SIZE + 1;
  const last = (filters.page - 1) * PAGE_SIZE + items.length;
  const base = listHref(kind);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{names.title}</h1>
        <Link href={`${base}/new`} className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          New {names.one}
        </Link>
      </div>

      <form method="get" action={base} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3 lg:grid-cols-6" aria-label={`Search ${names.many}`}>
        <div className="flex flex-col gap-1 md:col-span-3 lg:col-span-2">
          <label htmlFor="q" className="font-medium">
            Search
          </label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={LIST_COLUMNS[kind].searches} className="rounded border border-slate-300 px-3 py-2" />
        </div>
        <FilterSelect id="status" label="Status" value={filters.status} options={OPTIONS.status} />
        <FilterSelect id="verification" label="Verification" value={filters.verification} options={OPTIONS.verification} />
        {hasGoals(kind) ? <FilterSelect id="goal" label="Goal" value={filters.goal} options={OPTIONS.goal} /> : null}
        <FilterSelect id="facet" label={FACETS[kind].label} value={filters.facet} groups={FACETS[kind].groups} />
        <div className="flex items-end gap-2 md:col-span-3 lg:col-span-6">
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
            Apply filters
          </button>
          {filtered ? (
            <Link href={base} className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>

      <section aria-labelledby="results-heading" className="flex flex-col gap-3">
        <h2 id="results-heading" className="text-lg font-semibold" data-testid="result-count">
          {filtered ? `${total} ${total === 1 ? names.one : names.many} match` : `${total} ${total === 1 ? names.one : names.many}`}
          {total > items.length ? <span className="font-normal text-slate-600"> (showing {first}–{last})</span> : null}
        </h2>
        {items.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700" data-testid="empty-state">
            {filtered ? (
              <p>
                No {names.many} match these filters.{' '}
                <Link href={base} className="text-brand-700 underline">
                  Clear the filters
                </Link>{' '}
                to see all of them.
              </p>
            ) : (
              <p>
                There are no {names.many} yet.{' '}
                <Link href={`${base}/new`} className="text-brand-700 underline">
                  Create the first one
                </Link>{' '}
                or{' '}
                <Link href="/admin/evidence/transfer" className="text-brand-700 underline">
                  import a file
                </Link>
                .
              </p>
            )}
          </div>
        ) : (
          <ScrollBox label="Entries table" className="rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b bg-slate-50">
                  <th scope="col" className="p-2">
                    {LIST_COLUMNS[kind].title}
                  </th>
                  {kind === 'claim' ? null : (
                    <th scope="col" className="p-2">
                      {LIST_COLUMNS[kind].label}
                    </th>
                  )}
                  <th scope="col" className="p-2">
                    {LIST_COLUMNS[kind].citation}
                  </th>
                  <th scope="col" className="p-2">
                    Verification
                  </th>
                  <th scope="col" className="p-2">
                    Status
                  </th>
                  <th scope="col" className="p-2">
                    Version
                  </th>
                  <th scope="col" className="p-2">
                    Updated
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const entry = item.entry as unknown as Record<string, unknown>;
                  const { title, label } = entrySummary(entry, item.id);
                  return (
                    <tr key={item.id} className="border-b align-top last:border-0" data-testid={`entry-${item.id}`}>
                      <td className="min-w-64 max-w-md p-2">
                        <Link href={entryHref(kind, item.id)} className="font-medium text-brand-700 underline">
                          {title}
                        </Link>
                        <code className="block text-xs text-slate-500">{item.id}</code>
                      </td>
                      {kind === 'claim' ? null : <td className="p-2">{label ?? <span className="text-slate-400">—</span>}</td>}
                      <td className="max-w-xs break-words p-2" data-testid="citation">
                        <CitationText kind={kind} entry={entry} />
                      </td>
                      <td className="p-2">
                        <VerificationBadge status={item.entry.verification.status} />
                      </td>
                      <td className="p-2">
                        <StatusBadge status={item.status} />
                      </td>
                      <td className="p-2 tabular-nums">{item.version}</td>
                      <td className="whitespace-nowrap p-2">
                        {item.updatedBy}
                        <span className="block text-xs text-slate-500">{formatUtc(item.updatedAt)}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
        )}
        {total > PAGE_SIZE ? (
          <nav aria-label="Pages" className="flex gap-3">
            {filters.page > 1 ? (
              <Link className="text-brand-700 underline" href={`${base}?${listParamsQuery({ ...filters, page: filters.page - 1 })}`}>
                Previous page
              </Link>
            ) : null}
            {last < total ? (
              <Link className="text-brand-700 underline" href={`${base}?${listParamsQuery({ ...filters, page: filters.page + 1 })}`}>
                Next page
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
});
