import type { ReactNode } from 'react';

/**
 * A box a wide table scrolls in, so the page itself never scrolls sideways (issue 14, "Layout that holds"). It is
 * positioned, so a visually hidden (absolute) element inside stays inside it, and it is a focusable named region, so a
 * keyboard user can scroll it (axe scrollable-region-focusable); `label` must be unique on the page.
 */
export function ScrollBox({ label, className = '', children }: { label: string; className?: string; children: ReactNode }): ReactNode {
  return (
    <div className={`relative max-w-full overflow-x-auto ${className}`} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
