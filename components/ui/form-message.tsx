import type { ReactNode } from 'react';

/** A form-level message: an error (announced at once) or a confirmation. */
export function FormMessage({ error, success }: { error?: string | null; success?: string | null }): ReactNode {
  if (error) {
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-red-800" data-testid="form-error">
        {error}
      </p>
    );
  }
  if (success) {
    return (
      <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900" data-testid="form-success">
        {success}
      </p>
    );
  }
  return null;
}
