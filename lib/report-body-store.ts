/**
 * Where the rendered body of a saved report waits for the page's HTML (issue 14, "a fast report page"). One Map on
 * globalThis, shared by the two halves of a page render in one process: the server component that looks the body up
 * (lib/server/reports/body-cache.ts fills it) and the client component that writes it into the HTML during
 * server-side rendering (components/reports/cached-report-body.tsx reads it). No `server-only` here: the client
 * component imports the reader; in a browser the Map is simply absent.
 */
export type ReportBodyStore = Map<string, string>;

const STORE_KEY = 'k2ReportBodies';

export function reportBodyStore(): ReportBodyStore {
  const g = globalThis as unknown as Record<string, ReportBodyStore | undefined>;
  return (g[STORE_KEY] ??= new Map());
}

/** The body for a key, if this process holds it (only on the server; undefined in a browser). */
export function readReportBody(key: string): string | undefined {
  if (typeof window !== 'undefined') return undefined;
  return reportBodyStore().get(key);
}
