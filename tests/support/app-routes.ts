/** The app's route handlers and pages, discovered from the source tree (so a new one cannot be left out of a test). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

const root = path.resolve(import.meta.dirname, '../../app');

function walk(dir: string, file: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full, file));
    else if (entry === file) out.push(full);
  }
  return out;
}

/** Route handlers: `key` is the directory under app/ without route groups (`api/v1/trials/[id]`), with its methods. */
export function discoverRoutes(): Array<{ key: string; methods: Method[] }> {
  return walk(root, 'route.ts').map((file) => {
    const source = readFileSync(file, 'utf8');
    const methods = new Set<Method>();
    for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PATCH|PUT|DELETE|OPTIONS)\b/g)) methods.add(m[1] as Method);
    for (const m of source.matchAll(/export\s+const\s*\{([^}]+)\}/g)) for (const name of m[1]!.split(',').map((s) => s.trim())) if (/^(GET|POST|PATCH|PUT|DELETE|OPTIONS)$/.test(name)) methods.add(name as Method);
    return { key: path.relative(root, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join('/'), methods: [...methods] };
  });
}

/** Pages, as route paths without groups (`/reports/[id]`). */
export function discoverPages(): string[] {
  return walk(root, 'page.tsx').map((file) => '/' + path.relative(root, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s)).join('/'));
}
