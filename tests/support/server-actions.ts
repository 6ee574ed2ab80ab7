/** The server actions of the production build, from Next's own manifest, so that a new action cannot be forgotten. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type ServerAction = { id: string; name: string; file: string; pagePath: string };

export function listServerActions(root = process.cwd()): ServerAction[] {
  const manifest = JSON.parse(readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string; filename: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers)[0] ?? 'app/page';
    const pagePath =
      worker
        .replace(/^app/, '')
        .replace(/\/page$/, '')
        .split('/')
        .filter((segment) => segment && !/^\(.*\)$/.test(segment))
        .map((segment) => `/${segment}`)
        .join('') || '/';
    return { id, name: entry.exportedName, file: entry.filename, pagePath };
  });
}

/** Call a server action the way the React client does (Next-Action header, JSON-encoded arguments). */
export async function callServerAction(baseUrl: string, action: ServerAction, cookie: string | null, args: unknown[] = [{}, {}]): Promise<number> {
  const response = await fetch(`${baseUrl}${action.pagePath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Next-Action': action.id,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: baseUrl,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(args),
  });
  await response.arrayBuffer();
  return response.status;
}
