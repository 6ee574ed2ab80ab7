/** The server actions of the production build, from Next's own manifest, so that a new action cannot be forgotten. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
export async function callServerAction(baseUrl: string, action: ServerAction, cookie: string | null, args: unknown[] = [{}, {}], headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${baseUrl}${action.pagePath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Next-Action': action.id,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: baseUrl,
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
    body: JSON.stringify(args),
  });
  await response.arrayBuffer();
  return response.status;
}

type EncodeReply = (value: unknown) => Promise<FormData | string>;

/** Call a `useActionState` server action with a form, as the React client submits it: (previous state, form data). */
export async function callServerActionWithForm(
  baseUrl: string,
  action: ServerAction,
  cookie: string | null,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<number> {
  const response = await sendActionForm(baseUrl, action, cookie, fields, headers);
  await response.arrayBuffer();
  return response.status;
}

/** The same, with the answer's text (the RSC payload carrying the action's returned state) and redirect target. */
export async function callServerActionWithFormText(
  baseUrl: string,
  action: ServerAction,
  cookie: string | null,
  fields: Record<string, string>,
): Promise<{ status: number; text: string; location: string | null }> {
  const response = await sendActionForm(baseUrl, action, cookie, fields, {});
  return { status: response.status, text: await response.text(), location: response.headers.get('location') ?? response.headers.get('x-action-redirect') };
}

async function sendActionForm(baseUrl: string, action: ServerAction, cookie: string | null, fields: Record<string, string>, headers: Record<string, string>): Promise<Response> {
  // React's own client encoder (the one Next bundles), so the body is exactly what a browser form would send.
  const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-webpack/client.node.js') as { encodeReply: EncodeReply };
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const body = await encodeReply([{}, form]);
  return fetch(`${baseUrl}${action.pagePath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Next-Action': action.id, accept: 'text/x-component', origin: baseUrl, ...(cookie ? { cookie } : {}), ...headers },
    body,
  });
}
