'use client';
import type { ReactNode } from 'react';

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }): ReactNode {
  return (
    <main className="mx-auto max-w-xl p-8" role="alert">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-700">
        The page could not be shown. If the database is restarting, try again in a few seconds. Nothing you saved is lost.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-brand-700 px-4 py-2 text-white">
        Try again
      </button>
    </main>
  );
}
