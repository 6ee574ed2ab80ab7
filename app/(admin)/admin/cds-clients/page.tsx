import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { outageAwarePage } from '@/lib/server/action-outage';
import { listCdsClients, recentCdsCalls, recentCdsFeedback } from '@/lib/server/cds/clients';
import { getEnv } from '@/lib/server/env';
import { requirePageUser } from '@/lib/server/session';
import { CdsClientFhirServersForm, RegisterCdsClientForm, ToggleCdsClientForm } from './client-forms';
import { formatUtc } from '@/components/ui/format-utc';
import { ScrollBox } from '@/components/ui/scroll-box';

export const metadata: Metadata = { title: 'CDS Hooks clients' };

const when = (d: Date): string => formatUtc(d, { seconds: true });

export default outageAwarePage(async function CdsClientsPage(): Promise<ReactNode> {
  await requirePageUser('cds:manage');
  const [clients, calls, feedback] = await Promise.all([listCdsClients(), recentCdsCalls(50), recentCdsFeedback(50)]);
  const fromEnv = getEnv().CDS_HOOKS_CLIENTS.map((c) => c.iss);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">CDS Hooks clients</h1>
      <p className="max-w-3xl text-slate-700">
        EHRs allowed to call <code>/cds-services</code>. Each call carries a JWT signed with one of the client&apos;s keys; calls from any other issuer get 401.
        {fromEnv.length ? ` Also allowed by the CDS_HOOKS_CLIENTS setting: ${fromEnv.join(', ')}.` : ''}
      </p>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-semibold">Register a client</h2>
        <RegisterCdsClientForm />
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-semibold">Registered clients ({clients.length})</h2>
        <ScrollBox label="Registered clients table">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b">
                <th className="py-2">Issuer</th>
                <th>Name</th>
                <th>Keys</th>
                <th>FHIR base URLs</th>
                <th>Status</th>
                <th>Registered</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.id} className="border-b last:border-0" data-testid={`cds-client-${c.iss}`}>
                  <td className="py-2 font-mono text-xs">{c.iss}</td>
                  <td>{c.name}</td>
                  <td>{c.keyCount}</td>
                  <td className="py-2">
                    <CdsClientFhirServersForm clientId={c.id} iss={c.iss} fhirServers={c.fhirServers} />
                  </td>
                  <td>{c.enabled ? 'Enabled' : <span className="font-medium text-red-700">Disabled</span>}</td>
                  <td>{when(c.createdAt)}</td>
                  <td className="py-2">
                    <ToggleCdsClientForm clientId={c.id} iss={c.iss} enabled={c.enabled} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-semibold">Recent calls</h2>
        <ScrollBox label="Recent calls table">
          <table className="w-full text-left text-sm" data-testid="cds-calls">
            <thead>
              <tr className="border-b">
                <th className="py-2">When</th>
                <th>Service</th>
                <th>Issuer</th>
                <th>Hook instance</th>
                <th>Cards</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.id} className="border-b last:border-0">
                  <td className="py-1">{when(c.at)}</td>
                  <td>{c.serviceId}</td>
                  <td className="font-mono text-xs">{c.iss}</td>
                  <td className="font-mono text-xs">{c.hookInstance ?? '—'}</td>
                  <td>{c.cardsCount}</td>
                  <td>{c.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-semibold">Recent feedback</h2>
        <ScrollBox label="Card feedback table">
          <table className="w-full text-left text-sm" data-testid="cds-feedback">
            <thead>
              <tr className="border-b">
                <th className="py-2">When</th>
                <th>Service</th>
                <th>Issuer</th>
                <th>Card</th>
                <th>Outcome</th>
                <th>Override reason</th>
              </tr>
            </thead>
            <tbody>
              {feedback.map((f) => {
                const reason = f.overrideReason as { code?: string; display?: string } | null;
                return (
                  <tr key={f.id} className="border-b last:border-0">
                    <td className="py-1">{when(f.at)}</td>
                    <td>{f.serviceId}</td>
                    <td className="font-mono text-xs">{f.iss}</td>
                    <td className="font-mono text-xs">{f.cardUuid}</td>
                    <td>{f.outcome}</td>
                    <td>
                      {reason ? (reason.display ?? reason.code) : '—'}
                      {f.userComment ? ` — “${f.userComment}”` : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      </section>
    </div>
  );
});
