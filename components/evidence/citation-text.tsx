import Link from 'next/link';
import type { ReactNode } from 'react';
import type { EntryKind } from '@/lib/domain/evidence/schemas';
import { entryHref } from './descriptors';

type Citation = { doi?: string; pmid?: string; url?: string; journal?: string };

/**
 * The citation of a list row as text: year, journal, DOI and PMID for trials and sources (plain text, not links: a
 * curator copies them to check them), the cited ids (linked to their entries) for claims, interactions and medications
 * (a medication's interaction entry first).
 */
export function CitationText({ kind, entry }: { kind: EntryKind; entry: Record<string, unknown> }): ReactNode {
  if (kind === 'claim' || kind === 'interaction' || kind === 'medication') {
    const refs = (entry.citations as Array<{ kind: 'trial' | 'source'; id: string }> | undefined) ?? [];
    const interactionId = kind === 'medication' && typeof entry.interactionId === 'string' ? entry.interactionId : null;
    return (
      <ul>
        {interactionId ? (
          <li>
            <span className="text-slate-500">interaction</span>{' '}
            <Link href={entryHref('interaction', interactionId)} className="text-brand-700 underline">
              <code>{interactionId}</code>
            </Link>
          </li>
        ) : null}
        {refs.map((ref) => (
          <li key={`${ref.kind}:${ref.id}`}>
            <span className="text-slate-500">{ref.kind}</span>{' '}
            <Link href={entryHref(ref.kind, ref.id)} className="text-brand-700 underline">
              <code>{ref.id}</code>
            </Link>
          </li>
        ))}
      </ul>
    );
  }
  const citation = (entry.citation as Citation | undefined) ?? {};
  const year = entry.year as number | undefined;
  return (
    <span className="flex flex-col">
      {year || citation.journal ? <span>{[citation.journal, year && !citation.journal?.includes(String(year)) ? year : null].filter(Boolean).join(' · ')}</span> : null}
      {citation.doi ? <span>DOI {citation.doi}</span> : null}
      {citation.pmid ? <span>PMID {citation.pmid}</span> : null}
      {!citation.doi && !citation.pmid && citation.url ? <span className="break-all">{citation.url}</span> : null}
    </span>
  );
}
