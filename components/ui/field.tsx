import type { InputHTMLAttributes, ReactNode } from 'react';

type Props = InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; errors?: string[]; hint?: string };

/** A labelled input with its hint and field-level errors, wired for screen readers. */
export function Field({ label, name, errors, hint, id, ...input }: Props): ReactNode {
  const inputId = id ?? `field-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = errors?.length ? `${inputId}-error` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={inputId} className="font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        id={inputId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={`rounded border px-3 py-2 ${errors?.length ? 'border-red-600' : 'border-slate-300'}`}
        {...input}
      />
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-700" data-field-error={name}>
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
