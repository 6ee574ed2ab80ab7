import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { outageAwarePage } from '@/lib/server/action-outage';
import { requirePageUser } from '@/lib/server/session';

export default outageAwarePage(async function ClinicianLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  const user = await requirePageUser();
  return (
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
});
