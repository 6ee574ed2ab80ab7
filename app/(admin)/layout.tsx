import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { outageAwarePage } from '@/lib/server/action-outage';
import { requirePageUser } from '@/lib/server/session';

// Each admin page checks its own permission too: a layout is not re-run on every navigation.
export default outageAwarePage(async function AdminLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  const user = await requirePageUser('account:manage');
  return (
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
});
