'use client';
import type { ReactNode } from 'react';

export function PrintButton(): ReactNode {
  return (
    <button type="button" onClick={() => window.print()} className="no-print rounded border border-slate-300 px-4 py-2 hover:bg-slate-100">
      Print this page
    </button>
  );
}
