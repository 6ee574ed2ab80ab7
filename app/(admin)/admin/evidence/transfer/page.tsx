import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { KIND_NAMES, listHref } from '@/components/evidence/descriptors';
import { ImportForm } from '@/components/evidence/import-form';
import { ENTRY_KINDS } from '@/lib/domain/evidence/schemas';
import { outageAwarePage } from '@/lib/server/action-outage';
import { listEntries } from '@/lib/server/evidence/service';
import { requirePageUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Import and export' };

export default outageAwarePage(async function TransferPage(): Promise<ReactNode> {
  await requirePageUser('evidence:curate');
  const totals = await Promise.all(ENTRY_KINDS.map(async (kind) => ({ kind, total: (await listEntries(kind, { limit: 1 }, false)).total })));
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Import and export</h1>
      <p className="text-slate-700" data-testid="entry-totals">
        The database holds{' '}
        {totals.map(({ kind, total }, i) => (
          <span key={kind}>
            <Link href={listHref(kind)} className="text-brand-700 underline">
              {total} {total === 1 ? KIND_NAMES[kind].one : KIND_NAMES[kind].many}
            </Link>
            {i < totals.length - 2 ? ', ' : i === totals.length - 2 ? ' and ' : '.'}
          </span>
        ))}
      </p>
      <section aria-labelledby="export-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 md:p-6">
        <h2 id="export-heading" className="text-lg font-semibold">
          Export
        </h2>
        <p className="text-slate-700">Everything (drafts, published and retracted entries) as one “k2-evidence/1” JSON file, the format of content/ and of import.</p>
        <div>
          {/* A plain link: the browser saves the API's answer as a file (it sends Content-Disposition: attachment). */}
          <a href="/api/v1/evidence/export" download className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
            Download export (.json)
          </a>
        </div>
      </section>
      <section aria-labelledby="import-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 md:p-6">
        <h2 id="import-heading" className="text-lg font-semibold">
          Import
        </h2>
        <p className="text-slate-700">
          The whole file is checked first: the schema of every entry, duplicate ids, that every citation points at a trial or source in the file
          or in the database, and that every medication names an interaction entry that is there too. If anything is wrong, every problem is listed and <strong>nothing is imported</strong>. Otherwise new entries are created
          and changed ones get a new version (with a revision in their history), with the status the file gives them.
        </p>
        <ImportForm />
      </section>
    </div>
  );
});
