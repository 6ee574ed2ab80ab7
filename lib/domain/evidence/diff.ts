/** A readable diff of two versions of an entry: one row per changed leaf, with its path ("outcomes.0.result"). */
export type DiffRow = { path: string; change: 'added' | 'removed' | 'changed'; before?: unknown; after?: unknown };

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, []);
    value.forEach((item, i) => flatten(item, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix, {});
    for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(prefix, value);
  }
}

export function diffEntries(before: unknown, after: unknown): DiffRow[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const rows: DiffRow[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort(comparePaths)) {
    const inA = a.has(path);
    const inB = b.has(path);
    if (inA && !inB) rows.push({ path, change: 'removed', before: a.get(path) });
    else if (!inA && inB) rows.push({ path, change: 'added', after: b.get(path) });
    else if (JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path))) rows.push({ path, change: 'changed', before: a.get(path), after: b.get(path) });
  }
  return rows;
}

/** Numeric path segments sort as numbers, so outcomes.10 comes after outcomes.9. */
function comparePaths(x: string, y: string): number {
  const xs = x.split('.');
  const ys = y.split('.');
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const [p, q] = [xs[i]!, ys[i]!];
    if (p === q) continue;
    const [np, nq] = [Number(p), Number(q)];
    if (Number.isInteger(np) && Number.isInteger(nq)) return np - nq;
    return p < q ? -1 : 1;
  }
  return xs.length - ys.length;
}
