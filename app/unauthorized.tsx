import Link from 'next/link';
import type { ReactNode } from 'react';

export default function Unauthorized(): ReactNode {
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Please sign in</h1>
      <p className="mt-2 text-slate-700">Your session has ended or you are not signed in.</p>
      <Link className="mt-4 inline-block text-brand-700 underline" href="/login">
        Go to sign-in
      </Link>
    </main>
  );
}
