import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { outageAwarePage } from '@/lib/server/action-outage';
import { listAuditEvents } from '@/lib/server/audit-log';
import { requirePageUser } from '@/lib/server/session';
import { formatUtc } from '@/components/ui/format-utc';
import { describeAuditAction, describeAuditDetails } from '@/lib/domain/audit-words';
import { ScrollBox } from '@/components/ui/scroll-box';

export const metadata: Metadata = { title: 'Audit log' };
const PAGE = 50;

export default outageAwarePage(async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<ReactNode> {
  await requirePageUser('audit:read');
  const params = await searchParams;
  const before = typeof params.before === 'string' && /^\d{1,18}$/.test(params.before) ? BigInt(params.before) : undefined;
  const pick = (key: string, pattern: RegExp): string | undefined => {
    const value = params[key];
    return typeof value === 'string' && pattern.test(value) ? value : undefined;
  };
  const action = pick('action', /^[a-z.-]{1,60}$/);
  const actor = pick('actor', /^[^\s]{1,254}$/);
  const entity = pick('entity', /^[A-Za-z]{1,40}$/);
  const entityId = pick('entityId', /^[\w.-]{1,100}$/);
  const filters = { action, actor, entity, entityId };
  const rows = await listAuditEvents({ before, ...filters, limit: PAGE });
  const filterQuery = Object.entries(filters)
    .filter(([, v]) => v)
    .map(([k, v]) => `&${k}=${encodeURIComponent(v!)}`)
    .join('');
  const last = rows.at(-1);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <form className="flex flex-wrap items-end gap-2" method="get" aria-label="Filter the audit log">
        {[
          { id: 'action', label: 'Action contains', value: action, placeholder: 'sign-in' },
          { id: 'actor', label: 'Actor (e-mail) contains', value: actor, placeholder: 'admin@' },
          { id: 'entity', label: 'Entity', value: entity, placeholder: 'trial' },
          { id: 'entityId', label: 'Entity id contains', value: entityId, placeholder: 'knapen' },
        ].map((f) => (
          <div key={f.id} className="flex flex-col gap-1">
            <label htmlFor={f.id} className="font-medium">
              {f.label}
            </label>
            <input id={f.id} name={f.id} defaultValue={f.value ?? ''} placeholder={f.placeholder} className="rounded border border-slate-300 px-3 py-2" />
          </div>
        ))}
        <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
          Filter
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-slate-600">No audit events match these filters.</p>
      ) : (
        <ScrollBox label="Audit events table">
          <table className="w-full bg-white text-left text-sm">
            <thead>
              <tr className="border-b">
                <th className="p-2">When</th>
                <th className="p-2">Who</th>
                <th className="p-2">What</th>
                <th className="p-2">On</th>
                <th className="p-2">IP</th>
                <th className="p-2">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-b align-top">
                  <td className="whitespace-nowrap p-2">{formatUtc(row.at, { seconds: true })}</td>
                  <td className="break-all p-2">{row.actor}</td>
                  <td className="p-2">
                    {describeAuditAction(row.action)}
                    <span className="block font-mono text-xs text-slate-500">{row.action}</span>
                  </td>
                  <td className="p-2">
                    {row.entity}
                    {row.entityId ? <span className="block break-all font-mono text-xs text-slate-500">{row.entityId}</span> : null}
                  </td>
                  <td className="p-2">{row.ip ?? '—'}</td>
                  <td className="max-w-md break-words p-2 text-xs">
                    {describeAuditDetails(row.details).map((line) => (
                      <span key={line} className="block">
                        {line}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {last && rows.length === PAGE ? (
        <Link className="text-brand-700 underline" href={`/admin/audit?before=${last.id}${filterQuery}`}>
          Older events
        </Link>
      ) : null}
    </div>
  );
});
