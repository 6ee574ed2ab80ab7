import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { outageAwarePage } from '@/lib/server/action-outage';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'K2 Evidence Desk', template: '%s · K2 Evidence Desk' },
  description: 'Evidence reports on vitamin K2 supplementation for clinicians.',
  robots: { index: false, follow: false },
};

export default outageAwarePage(async function RootLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  // Reading the request headers makes every page dynamic, so that Next.js can put the per-request CSP nonce
  // (set by proxy.ts) on its scripts; this app has no public static pages to lose.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
});
