import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { outageAwarePage } from '@/lib/server/action-outage';
import { listApiTokens } from '@/lib/server/api-tokens';
import { requirePageUser } from '@/lib/server/session';
import { CreateTokenForm, RevokeTokenForm } from './token-forms';
import { formatUtc } from '@/components/ui/format-utc';
import { ScrollBox } from '@/components/ui/scroll-box';

export const metadata: Metadata = { title: 'API tokens' };

const when = (d: Date | null): string => (d ? formatUtc(d) : '—');

export default outageAwarePage(async function TokensPage(): Promise<ReactNode> {
  const user = await requirePageUser('token:manage-own');
  const tokens = await listApiTokens(user.id);
  const now = Date.now();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Personal API tokens</h1>
      <p className="max-w-3xl text-slate-700">
        A token lets a script or an EHR integration call the API as you: send it as <code>Authorization: Bearer &lt;token&gt;</code>. It sees
        only what you can see. Revoke a token you no longer use.
      </p>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-semibold">New token</h2>
        <CreateTokenForm />
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-semibold">Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="text-slate-600">You have no tokens yet.</p>
        ) : (
          <ScrollBox label="API tokens table">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b">
                  <th className="py-2">Name</th>
                  <th>Starts with</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th>Expires</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id} className="border-b last:border-0">
                    <td className="py-2">{token.name}</td>
                    <td className="font-mono">{token.prefix}…</td>
                    <td>{when(token.createdAt)}</td>
                    <td>{when(token.lastUsedAt)}</td>
                    <td>{token.expiresAt ? when(token.expiresAt) : 'never (made before expiries)'}</td>
                    <td>
                      {token.revokedAt ? (
                        `Revoked ${when(token.revokedAt)}`
                      ) : token.expiresAt && token.expiresAt.getTime() <= now ? (
                        'Expired'
                      ) : (
                        <RevokeTokenForm tokenId={token.id} name={token.name} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
    </div>
  );
});
