/**
 * Memos for the report engine's work that depends only on the evidence snapshot (never on the patient): an index of
 * trials by goal, a trial's dose class, the snapshot's dose ranges. A snapshot and its entries are not changed once
 * built (lib/server/reports/snapshot.ts), so a memo keyed by the object itself keeps the functions pure — the same
 * input always gives the same answer — while a large snapshot (thousands of trials) is not re-analysed per report.
 */

/** A memo of a pure function of an object that is never changed (a trial entry). */
export function memoByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, { value: V }>();
  return (key) => {
    let hit = cache.get(key);
    if (!hit) {
      hit = { value: compute(key) };
      cache.set(key, hit);
    }
    return hit.value;
  };
}

/** The same for a list: a list whose length changed after all (a test that pushes to it) is computed again. */
export function memoByList<T, V>(compute: (list: readonly T[]) => V): (list: readonly T[]) => V {
  const cache = new WeakMap<readonly T[], { length: number; value: V }>();
  return (list) => {
    let hit = cache.get(list);
    if (!hit || hit.length !== list.length) {
      hit = { length: list.length, value: compute(list) };
      cache.set(list, hit);
    }
    return hit.value;
  };
}
