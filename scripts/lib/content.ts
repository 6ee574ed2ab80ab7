/** The curated content files (content/*.json): each is a partial "k2-evidence/1" document; together they are one. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');

type Part = { name: string; data: unknown };

export function mergeContentFiles(parts: Part[]): Record<string, unknown> {
  const merged: Record<string, unknown[]> & { format?: unknown } = { trials: [], claims: [], interactions: [], sources: [], medications: [] };
  merged.format = 'k2-evidence/1';
  for (const part of parts) {
    const data = part.data as Record<string, unknown>;
    if (data.format !== 'k2-evidence/1') throw new Error(`${part.name}: "format" must be "k2-evidence/1".`);
    for (const key of ['trials', 'claims', 'interactions', 'sources', 'medications'] as const) {
      const list = data[key];
      if (list !== undefined) {
        if (!Array.isArray(list)) throw new Error(`${part.name}: "${key}" must be an array.`);
        merged[key]!.push(...(list as unknown[]));
      }
    }
  }
  return merged;
}

export async function readContent(dir = CONTENT_DIR): Promise<Record<string, unknown>> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const parts = await Promise.all(names.map(async (name) => ({ name, data: JSON.parse(await readFile(path.join(dir, name), 'utf8')) as unknown })));
  return mergeContentFiles(parts);
}
