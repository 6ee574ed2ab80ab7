import Link from 'next/link';
import type { ReactNode } from 'react';

const KINDS = [
  { href: '/admin/evidence/trials', label: 'Trials' },
  { href: '/admin/evidence/claims', label: 'Claims' },
  { href: '/admin/evidence/interactions', label: 'Interactions' },
  { href: '/admin/evidence/sources', label: 'Sources' },
  { href: '/admin/evidence/medications', label: 'Medications' },
  { href: '/admin/evidence/transfer', label: 'Import/Export' },
];

/** The evidence pages' own navigation (the main menu has one "Evidence" entry). Each page checks its permission. */
export default function EvidenceLayout({ children }: { children: ReactNode }): ReactNode {
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <nav aria-label="Evidence" className="no-print">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 border-b border-slate-200 pb-2 text-sm">
          {KINDS.map((k) => (
            <li key={k.href}>
              <Link href={k.href} className="font-medium text-brand-700 hover:underline">
                {k.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </div>
  );
}
