import 'server-only';
import { listEntries } from '@/lib/server/evidence/service';
import type { EntryKind } from '@/lib/domain/evidence/schemas';
import { citationTarget, entrySummary, type Option } from './descriptors';

/** Every trial and source id (any status), for the citation id suggestions of claims, interactions and medications. */
export async function loadCitationTargets(): Promise<Option[]> {
  const [trials, sources] = await Promise.all([listEntries('trial', { limit: 500 }, false), listEntries('source', { limit: 500 }, false)]);
  return [
    ...trials.items.map((t) => citationTarget('trial', t.id, t.entry as unknown as Record<string, unknown>)),
    ...sources.items.map((s) => citationTarget('source', s.id, s.entry as unknown as Record<string, unknown>)),
  ];
}

/** Every interaction entry (any status), for a medication's "Interaction entry" select: "Warfarin (warfarin)". */
export async function loadInteractionTargets(): Promise<Option[]> {
  const interactions = await listEntries('interaction', { limit: 500 }, false);
  return interactions.items.map((i) => ({ value: i.id, label: `${entrySummary(i.entry as unknown as Record<string, unknown>, i.id).title} (${i.id})` }));
}

/** What the form of a kind suggests: citation targets for the kinds that cite, interaction entries for medications. */
export async function loadFormTargets(kind: EntryKind): Promise<{ citationTargets: Option[]; interactionTargets: Option[] }> {
  const cites = kind === 'claim' || kind === 'interaction' || kind === 'medication';
  const [citationTargets, interactionTargets] = await Promise.all([cites ? loadCitationTargets() : [], kind === 'medication' ? loadInteractionTargets() : []]);
  return { citationTargets, interactionTargets };
}
