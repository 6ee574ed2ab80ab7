import type { ReactNode } from 'react';
import type { EntryStatus, VerificationStatus } from '@/lib/domain/evidence/schemas';
import { STATUS_LABELS, VERIFICATION_LABELS } from './descriptors';

const STATUS_STYLES: Record<EntryStatus, { className: string; icon: string }> = {
  draft: { className: 'border-slate-400 bg-slate-100 text-slate-800', icon: '✎' },
  published: { className: 'border-green-700 bg-green-50 text-green-900', icon: '●' },
  retracted: { className: 'border-red-700 bg-red-50 text-red-900', icon: '⊘' },
};

const VERIFICATION_STYLES: Record<VerificationStatus, { className: string; icon: string }> = {
  verified: { className: 'border-green-700 bg-green-50 text-green-900', icon: '✓' },
  'from-source-document-only': { className: 'border-amber-600 bg-amber-50 text-amber-900', icon: '◐' },
  unverified: { className: 'border-red-700 bg-red-50 text-red-900', icon: '!' },
};

const BASE = 'inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium';

/** Draft / Published / Retracted, in words (the colour and icon only repeat them). */
export function StatusBadge({ status }: { status: EntryStatus }): ReactNode {
  const style = STATUS_STYLES[status];
  return (
    <span className={`${BASE} ${style.className}`} data-status={status}>
      <span aria-hidden="true">{style.icon}</span>
      {STATUS_LABELS[status]}
    </span>
  );
}

export function VerificationBadge({ status }: { status: VerificationStatus }): ReactNode {
  const style = VERIFICATION_STYLES[status];
  return (
    <span className={`${BASE} ${style.className}`} data-verification={status}>
      <span aria-hidden="true">{style.icon}</span>
      {VERIFICATION_LABELS[status]}
    </span>
  );
}
