/**
 * Pages during a database outage: outageAwarePage() (lib/server/action-outage.ts) turns an "unavailable" error thrown
 * anywhere in a page's render into the redirect to /unavailable (503) and lets everything else through; the ESLint
 * rule k2/outage-aware-pages (eslint-rules/outage-aware-pages.mjs) sees that no async page, layout, generateMetadata
 * or server component is left without it. tests/e2e/page-data-outage.test.ts proves it against a real database fault.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { forbidden, notFound, redirect } from 'next/navigation';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outageAwarePage } from '@/lib/server/action-outage';
import { log } from '@/lib/server/log';
import { PAGE_PATH_HEADER } from '@/lib/server/unavailable';

// The page's own path, as proxy.ts passes it (a query included).
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-k2-page-path': '/reports?patientRef=ward%203' }) }));

const root = path.resolve(import.meta.dirname, '../..');

function prismaError(code: string, message: string, meta?: unknown): Error {
  return Object.assign(new Error(message), { name: 'PrismaClientKnownRequestError', code, clientVersion: '7.10.0', meta });
}

/** What the wrapped page threw (or undefined when it did not). */
async function thrownBy(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('outageAwarePage', () => {
  it('renders the page as it was, with its arguments and its name', async () => {
    const page = outageAwarePage(async function ReportsPage(props: { id: string }, extra: number) {
      return `${props.id}:${extra}`;
    });
    await expect(page({ id: 'r1' }, 2)).resolves.toBe('r1:2');
    expect(page.name).toBe('ReportsPage');
    // The header the mock above answers (vi.mock is hoisted above the imports, so it spells the name out).
    expect(PAGE_PATH_HEADER).toBe('x-k2-page-path');
  });

  it('sends a page whose own read finds the database unavailable to /unavailable, with the way back', async () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const outages = [
      prismaError('P1001', "Can't reach database server at 127.0.0.1:5432", { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } }),
      prismaError('P2039', 'Database error. Code: `57P01`. Message: `terminating connection due to administrator command`', { driverAdapterError: { cause: { originalCode: '57P01', kind: 'postgres', code: '57P01' } } }),
      new Error('Connection terminated unexpectedly'),
    ];
    for (const outage of outages) {
      const page = outageAwarePage(async () => {
        await Promise.resolve(); // the session check has passed
        throw outage;
      });
      const error = (await thrownBy(() => page())) as { digest?: string } | undefined;
      expect(error?.digest, String(outage)).toMatch(/^NEXT_REDIRECT;\w+;\/unavailable\?next=%2Freports%3FpatientRef%3Dward%25203;307;$/);
    }
    // One line per page, with the event only: no path, no query (it may hold a patient reference).
    expect(warn).toHaveBeenCalledTimes(outages.length);
    for (const [fields] of warn.mock.calls) expect(fields).toEqual({ event: 'page.database-unavailable' });
  });

  it('lets redirect(), notFound(), forbidden() and bugs through untouched', async () => {
    vi.stubEnv('__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS', 'true'); // next.config.js: experimental.authInterrupts
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const navigation: Array<[() => never, RegExp]> = [
      [() => redirect('/login'), /^NEXT_REDIRECT;\w+;\/login;307;$/],
      [() => notFound(), /^NEXT_HTTP_ERROR_FALLBACK;404$/],
      [() => forbidden(), /^NEXT_HTTP_ERROR_FALLBACK;403$/],
    ];
    for (const [thrower, digest] of navigation) {
      const passed = (await thrownBy(outageAwarePage(async () => thrower()))) as { digest?: string } | undefined;
      expect(passed?.digest).toMatch(digest);
    }
    for (const bug of [prismaError('P2002', 'Unique constraint failed on the fields: (`email`)'), new TypeError('x is undefined')]) {
      expect(await thrownBy(outageAwarePage(async () => { throw bug; }))).toBe(bug);
    }
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('the lint rule k2/outage-aware-pages', () => {
  const eslint = new ESLint({ cwd: root });

  /** The rule's findings (line numbers) for `code` as if it were the file at `filePath`. */
  async function findings(filePath: string, code: string): Promise<number[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
    return result!.messages.filter((m) => m.ruleId === 'k2/outage-aware-pages').map((m) => m.line);
  }

  const head = "import type { ReactNode } from 'react';\nimport { outageAwarePage } from '@/lib/server/action-outage';\nimport { listThings } from '@/lib/server/things';\n";

  it('flags an async page, layout or generateMetadata that is not wrapped', async () => {
    expect(await findings('app/(clinician)/things/page.tsx', `${head}export default async function ThingsPage(): Promise<ReactNode> {\n  return (await listThings()).length;\n}\n`)).toEqual([4]);
    expect(await findings('app/(clinician)/things/layout.tsx', `${head}export default async function ThingsLayout({ children }: { children: ReactNode }): Promise<ReactNode> {\n  await listThings();\n  return children;\n}\n`)).toEqual([4]);
    expect(await findings('app/(clinician)/things/page.tsx', `${head}const Page = async (): Promise<ReactNode> => (await listThings()).length;\nexport default Page;\n`)).toEqual([4, 5]);
    expect(await findings('app/(clinician)/things/[id]/page.tsx', `${head}export async function generateMetadata() {\n  return { title: String((await listThings()).length) };\n}\nexport default outageAwarePage(async function ThingPage(): Promise<ReactNode> {\n  return null;\n});\n`)).toEqual([4]);
    expect(await findings('app/(clinician)/things/[id]/page.tsx', `${head}export const generateMetadata = async () => ({ title: String((await listThings()).length) });\nexport default outageAwarePage(async function ThingPage(): Promise<ReactNode> {\n  return null;\n});\n`)).toEqual([4]);
  });

  it('flags an async server component elsewhere, which renders apart from its page', async () => {
    expect(await findings('components/things/thing-count.tsx', `${head}export async function ThingCount(): Promise<ReactNode> {\n  return (await listThings()).length;\n}\n`)).toEqual([4]);
    expect(await findings('app/(clinician)/things/page.tsx', `${head}const Count = async (): Promise<ReactNode> => (await listThings()).length;\nexport default function ThingsPage(): ReactNode {\n  return <Count />;\n}\n`)).toEqual([4]);
  });

  it('accepts wrapped pages, plain components, client files, helpers and route handlers', async () => {
    expect(await findings('app/(clinician)/things/page.tsx', `${head}async function load(): Promise<number> {\n  return (await listThings()).length;\n}\nexport const generateMetadata = outageAwarePage(async function generateMetadata() {\n  return { title: String(await load()) };\n});\nexport default outageAwarePage(async function ThingsPage(): Promise<ReactNode> {\n  return <p>{await load()}</p>;\n});\n`)).toEqual([]);
    expect(await findings('app/not-found.tsx', "import type { ReactNode } from 'react';\nexport default function NotFound(): ReactNode {\n  return <p>Not found</p>;\n}\n")).toEqual([]);
    expect(await findings('components/things/picker.tsx', "'use client';\nimport type { ReactNode } from 'react';\nexport default async function Picker(): Promise<ReactNode> {\n  return null;\n}\n")).toEqual([]);
    expect(await findings('app/api/v1/things/route.ts', "export async function GET(): Promise<Response> {\n  return new Response(null);\n}\n")).toEqual([]);
  });

  it('finds every page and layout of the app wrapped', async () => {
    const results = await eslint.lintFiles(['app/**/page.tsx', 'app/**/layout.tsx']);
    expect(results.length).toBeGreaterThanOrEqual(18);
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'k2/outage-aware-pages').map((m) => `${path.relative(root, r.filePath)}:${m.line}`))).toEqual([]);
  });
});
