import type { ReactNode } from 'react';
import type { DiffRow } from '@/lib/domain/evidence/diff';
import { formatValue, pathLabel } from './descriptors';
import { ScrollBox } from '@/components/ui/scroll-box';

type ChangeLabels = Record<DiffRow['change'], string>;

const MARKS: Record<DiffRow['change'], { symbol: string; row: string }> = {
  added: { symbol: '+', row: 'bg-green-50' },
  removed: { symbol: '−', row: 'bg-red-50' },
  changed: { symbol: '~', row: 'bg-amber-50' },
};

export const HISTORY_CHANGE_LABELS: ChangeLabels = { added: 'Added', removed: 'Removed', changed: 'Changed' };

/**
 * Changed fields as a table: field, change, before, after. The change is spelled out and marked with a symbol, and
 * removed/added text is struck through/underlined, so nothing depends on the row colour alone.
 */
export function DiffTable({
  rows,
  beforeHeading,
  afterHeading,
  labels = HISTORY_CHANGE_LABELS,
  caption,
  testId,
  strike = true,
}: {
  rows: DiffRow[];
  beforeHeading: string;
  afterHeading: string;
  labels?: ChangeLabels;
  caption?: string;
  testId?: string;
  /** Strike the old value and underline the new (history); off when neither side is "old" (a conflict). */
  strike?: boolean;
}): ReactNode {
  return (
    <ScrollBox label={caption ?? `Changes: ${beforeHeading}, ${afterHeading}`}>
      <table className="w-full border-collapse bg-white text-left text-sm" data-testid={testId}>
        {caption ? <caption className="mb-2 text-left text-slate-700">{caption}</caption> : null}
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="p-2">
              Field
            </th>
            <th scope="col" className="p-2">
              Change
            </th>
            <th scope="col" className="p-2">
              {beforeHeading}
            </th>
            <th scope="col" className="p-2">
              {afterHeading}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.path} className={`border-b border-slate-200 align-top ${MARKS[row.change].row}`} data-path={row.path} data-change={row.change}>
              <th scope="row" className="p-2 font-normal">
                <span className="block font-medium">{pathLabel(row.path)}</span>
                <code className="text-xs text-slate-600">{row.path}</code>
              </th>
              <td className="whitespace-nowrap p-2 font-medium">
                <span aria-hidden="true" className="mr-1 inline-block w-3 font-mono">
                  {MARKS[row.change].symbol}
                </span>
                {labels[row.change]}
              </td>
              <td className="max-w-sm whitespace-pre-wrap break-words p-2">
                {row.change === 'added' ? <span className="text-slate-500">(none)</span> : strike ? <del className="decoration-red-700">{formatValue(row.before)}</del> : formatValue(row.before)}
              </td>
              <td className="max-w-sm whitespace-pre-wrap break-words p-2">
                {row.change === 'removed' ? <span className="text-slate-500">(none)</span> : strike ? <ins className="decoration-green-700">{formatValue(row.after)}</ins> : formatValue(row.after)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
