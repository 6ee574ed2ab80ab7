import Link from 'next/link';
import type { ReactNode } from 'react';

export default function Forbidden(): ReactNode {
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-slate-700">Your role does not give access to this page. Ask an administrator if you need it.</p>
      <Link className="mt-4 inline-block text-brand-700 underline" href="/">
        Back to the start page
      </Link>
    </main>
  );
}
