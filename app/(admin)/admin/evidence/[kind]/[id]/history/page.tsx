import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { StatusBadge } from '@/components/evidence/badges';
import { entryHref, entrySummary, formatUtc, KIND_NAMES, kindFromSlug, listHref } from '@/components/evidence/descriptors';
import { DiffTable } from '@/components/evidence/diff-table';
import { EntryIdSchema } from '@/lib/domain/evidence/schemas';
import { outageAwarePage } from '@/lib/server/action-outage';
import { diffRevisions, listRevisions } from '@/lib/server/evidence/service';
import { requirePageUser } from '@/lib/server/session';
import { ScrollBox } from '@/components/ui/scroll-box';

export const metadata: Metadata = { title: 'History' };

type Props = { params: Promise<{ kind: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const VersionParam = z.coerce.number().int().min(1).optional().catch(undefined);

const ACTION_LABELS: Record<string, string> = {
  create: 'Created',
  update: 'Edited',
  publish: 'Published',
  unpublish: 'Unpublished',
  retract: 'Retracted',
  import: 'Imported',
  seed: 'Seeded from content/',
};

function VersionSelect({ id, label, value, versions }: { id: string; label: string; value: number; versions: number[] }): ReactNode {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value} className="rounded border border-slate-300 bg-white px-3 py-2">
        {versions.map((v) => (
          <option key={v} value={v}>
            Version {v}
          </option>
        ))}
      </select>
    </div>
  );
}

export default outageAwarePage(async function HistoryPage({ params, searchParams }: Props): Promise<ReactNode> {
  await requirePageUser('evidence:curate');
  const { kind: slug, id: rawId } = await params;
  const kind = kindFromSlug(slug);
  const id = EntryIdSchema.safeParse(rawId);
  if (!kind || !id.success) notFound();
  const revisions = await listRevisions(kind, id.data);
  if (revisions.length === 0) notFound();

  const versions = revisions.map((r) => r.version);
  const latest = revisions[0]!;
  const query = await searchParams;
  // Default: what the latest change did (the previous version against the latest).
  const to = versions.includes(VersionParam.parse(query.to) ?? -1) ? VersionParam.parse(query.to)! : latest.version;
  const fromWanted = VersionParam.parse(query.from);
  const from = fromWanted !== undefined && versions.includes(fromWanted) ? fromWanted : (versions.find((v) => v < to) ?? to);
  const changes = from === to ? [] : ((await diffRevisions(kind, id.data, from, to)) ?? []);
  const { title } = entrySummary(latest.entry as unknown as Record<string, unknown>, id.data);
  const base = entryHref(kind, id.data);

  return (
    <div className="flex min-w-0 flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={listHref(kind)} className="text-brand-700 underline">
          {KIND_NAMES[kind].title}
        </Link>{' '}
        ›{' '}
        <Link href={base} className="text-brand-700 underline">
          <code>{id.data}</code>
        </Link>{' '}
        › History
      </nav>
      <h1 className="text-2xl font-semibold">History: {title}</h1>

      <section aria-labelledby="revisions-heading" className="flex min-w-0 flex-col gap-3">
        <h2 id="revisions-heading" className="text-lg font-semibold">
          Versions ({revisions.length})
        </h2>
        <ScrollBox label="Versions table" className="rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="revisions">
            <thead>
              <tr className="border-b bg-slate-50">
                <th scope="col" className="p-2">
                  Version
                </th>
                <th scope="col" className="p-2">
                  Action
                </th>
                <th scope="col" className="p-2">
                  Status
                </th>
                <th scope="col" className="p-2">
                  By
                </th>
                <th scope="col" className="p-2">
                  When
                </th>
                <th scope="col" className="p-2">
                  <span className="sr-only">Compare</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r, i) => {
                const previous = revisions[i + 1];
                return (
                  <tr key={r.version} className="border-b last:border-0" data-testid={`revision-${r.version}`}>
                    <td className="p-2 tabular-nums">{r.version}</td>
                    <td className="p-2">{ACTION_LABELS[r.action] ?? r.action}</td>
                    <td className="p-2">
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="p-2">{r.actor}</td>
                    <td className="whitespace-nowrap p-2">{formatUtc(r.at)}</td>
                    <td className="p-2">
                      {previous ? (
                        <Link href={`${base}/history?from=${previous.version}&to=${r.version}#changes`} className="text-brand-700 underline">
                          Changes in version {r.version}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      </section>

      <section aria-labelledby="changes" className="flex flex-col gap-3">
        <h2 id="changes" className="text-lg font-semibold">
          Compare two versions
        </h2>
        {revisions.length < 2 ? (
          <p className="text-slate-700">There is only one version so far: nothing to compare yet.</p>
        ) : (
          <>
            <form method="get" action={`${base}/history`} className="flex flex-wrap items-end gap-3" aria-label="Choose versions to compare">
              <VersionSelect id="from" label="From (before)" value={from} versions={versions} />
              <VersionSelect id="to" label="To (after)" value={to} versions={versions} />
              <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
                Compare
              </button>
            </form>
            {from === to ? (
              <p className="text-slate-700">Choose two different versions.</p>
            ) : changes.length === 0 ? (
              <p className="text-slate-700" data-testid="no-changes">
                Version {from} and version {to} are the same.
              </p>
            ) : (
              <DiffTable
                rows={changes}
                beforeHeading={`Version ${from} (before)`}
                afterHeading={`Version ${to} (after)`}
                caption={`${changes.length} ${changes.length === 1 ? 'difference' : 'differences'} from version ${from} to version ${to}${from > to ? ' (going back in time)' : ''}.`}
                testId="diff"
              />
            )}
          </>
        )}
      </section>
    </div>
  );
});
