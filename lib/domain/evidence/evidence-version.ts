import { createHash } from 'node:crypto';

/**
 * The identifier of a published evidence set: a hash of its sorted (kind, id, version) tuples. Publishing,
 * unpublishing, retracting or editing a published entry changes it; the same set always gives the same identifier.
 */
export function evidenceVersionOf(published: Array<{ kind: string; id: string; version: number }>): string {
  const lines = published.map((e) => `${e.kind}:${e.id}:${e.version}`).sort();
  return `ev-${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 12)}`;
}
