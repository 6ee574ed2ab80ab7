'use client';
import type { ReactNode } from 'react';

export function PrintButton(): ReactNode {
  return (
    <button type="button" onClick={() => window.print()} className="no-print rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
      Print handout
    </button>
  );
}
