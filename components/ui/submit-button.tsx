'use client';
import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

type Props = { children: ReactNode; pendingText: string; variant?: 'primary' | 'secondary' | 'danger'; className?: string };

const VARIANTS = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100',
  danger: 'bg-red-700 text-white hover:bg-red-800',
} as const;

/** A submit button that shows a pending state while its form's action runs. */
export function SubmitButton({ children, pendingText, variant = 'primary', className = '' }: Props): ReactNode {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className={`rounded px-4 py-2 font-medium disabled:cursor-wait disabled:opacity-70 ${VARIANTS[variant]} ${className}`}
    >
      {pending ? pendingText : children}
    </button>
  );
}
