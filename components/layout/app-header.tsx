import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOutAction } from '@/app/actions/session';
import { SubmitButton } from '@/components/ui/submit-button';
import { can } from '@/lib/domain/permissions';
import type { SessionUser } from '@/lib/server/session';

export function AppHeader({ user }: { user: SessionUser }): ReactNode {
  const links = [
    { href: '/', label: 'Start' },
    ...(can(user, 'report:create') ? [{ href: '/reports/new', label: 'New report' }] : []),
    ...(can(user, 'report:read-own') ? [{ href: '/reports', label: 'Reports' }] : []),
    { href: '/settings/tokens', label: 'API tokens' },
    ...(can(user, 'account:manage') ? [{ href: '/admin/accounts', label: 'Accounts' }] : []),
    ...(can(user, 'audit:read') ? [{ href: '/admin/audit', label: 'Audit log' }] : []),
    ...(can(user, 'cds:manage') ? [{ href: '/admin/cds-clients', label: 'CDS clients' }] : []),
    // One entry for the evidence pages, whose own navigation (app/(admin)/admin/evidence/layout.tsx) lists the kinds:
    // the main menu then fits one row at 1366 px.
    ...(can(user, 'evidence:curate') ? [{ href: '/admin/evidence/trials', label: 'Evidence' }] : []),
  ];
  return (
    <header className="no-print border-b border-slate-200 bg-white">
      {/* The first stop of the Tab key: past the navigation to the page's content (WCAG 2.4.1). */}
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:font-medium focus:text-brand-800 focus:shadow">
        Skip to main content
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-semibold text-brand-800">
          K2 Evidence Desk
        </Link>
        <nav aria-label="Main">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="main-menu">
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} className="text-slate-700 hover:text-brand-700 hover:underline">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="flex items-center gap-3">
          <span className="text-sm text-slate-600" data-testid="signed-in-as">
            {user.name} · {user.role === 'ADMIN' ? 'Admin' : 'Clinician'}
          </span>
          <form action={signOutAction}>
            <SubmitButton variant="secondary" pendingText="Signing out…">
              Sign out
            </SubmitButton>
          </form>
        </div>
      </div>
    </header>
  );
}
