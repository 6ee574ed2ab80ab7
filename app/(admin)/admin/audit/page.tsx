import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { listAuditEvents } from '@/lib/server/audit-log';
import { requirePageUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Audit log' };
const PAGE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<ReactNode> {
  await requirePageUser('audit:read');
  const params = await searchParams;
  const before = typeof params.before === 'string' && /^\d{1,18}$/.test(params.before) ? BigInt(params.before) : undefined;
  const action = typeof params.action === 'string' && /^[a-z.-]{1,60}$/.test(params.action) ? params.action : undefined;
  const rows = await listAuditEvents({ before, action, limit: PAGE });
  const last = rows.at(-1);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <form className="flex items-end gap-2" method="get">
        <div className="flex flex-col gap-1">
          <label htmlFor="action" className="font-medium">
            Action starts with
          </label>
          <input id="action" name="action" defaultValue={action ?? ''} placeholder="auth." className="rounded border border-slate-300 px-3 py-2" />
        </div>
        <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
          Filter
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-slate-600">No audit events{action ? ` for “${action}”` : ''}.</p>
      ) : (
        <table className="w-full bg-white text-left text-sm">
          <thead>
            <tr className="border-b">
              <th className="p-2">When (UTC)</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Entity</th>
              <th>IP</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-b align-top">
                <td className="whitespace-nowrap p-2">{row.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td>{row.actor}</td>
                <td className="font-mono">{row.action}</td>
                <td>
                  {row.entity}
                  {row.entityId ? <span className="block font-mono text-xs text-slate-500">{row.entityId}</span> : null}
                </td>
                <td>{row.ip ?? '—'}</td>
                <td className="max-w-md break-words font-mono text-xs">{JSON.stringify(row.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {last && rows.length === PAGE ? (
        <Link className="text-brand-700 underline" href={`/admin/audit?before=${last.id}${action ? `&action=${action}` : ''}`}>
          Older events
        </Link>
      ) : null}
    </div>
  );
}
