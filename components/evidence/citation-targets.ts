import 'server-only';
import { listEntries } from '@/lib/server/evidence/service';
import { citationTarget, type Option } from './descriptors';

/** Every trial and source id (any status), for the citation id suggestions of claims and interactions. */
export async function loadCitationTargets(): Promise<Option[]> {
  const [trials, sources] = await Promise.all([listEntries('trial', { limit: 500 }, false), listEntries('source', { limit: 500 }, false)]);
  return [
    ...trials.items.map((t) => citationTarget('trial', t.id, t.entry as unknown as Record<string, unknown>)),
    ...sources.items.map((s) => citationTarget('source', s.id, s.entry as unknown as Record<string, unknown>)),
  ];
}
