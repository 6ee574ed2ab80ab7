/**
 * `next build` only when the build is missing or stale: the inputs' content hash is kept next to the build.
 * Content, not mtimes, because a fresh clone gives every file a new mtime.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const INPUT_DIRS = ['app', 'components', 'lib', 'public', 'content', 'prisma'];
const INPUT_FILES = ['next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs', 'proxy.ts', 'instrumentation.ts'];
const SKIP = new Set(['node_modules', '.next', 'generated', '.data', '.cache']);

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * The hash of the build's inputs: the source files, and the server-actions encryption key when one is set (Next.js
 * embeds it in the build, so a new key needs a new build; only its hash enters here). The hash is also the build id
 * (next.config.js generateBuildId), so instances that build the same source with the same key serve the same build.
 */
export async function buildInputsHash(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const files = [
    ...(await Promise.all(INPUT_DIRS.map((d) => listFiles(path.join(root, d))))).flat(),
    ...INPUT_FILES.map((f) => path.join(root, f)).filter((f) => existsSync(f)),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  const actionsKey = env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY;
  if (actionsKey) hash.update(`NEXT_SERVER_ACTIONS_ENCRYPTION_KEY\0${createHash('sha256').update(actionsKey).digest('hex')}\0`);
  return hash.digest('hex');
}

function stampFile(root: string, distDir: string): string {
  return path.join(root, distDir, 'k2-build-inputs.sha256');
}

export async function isBuildFresh(root: string, distDir = '.next', env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!existsSync(path.join(root, distDir, 'BUILD_ID'))) return false;
  const stamp = stampFile(root, distDir);
  if (!existsSync(stamp)) return false;
  return (await readFile(stamp, 'utf8')).trim() === (await buildInputsHash(root, env));
}

/** Build when missing or stale; returns true when it built. */
export async function ensureBuild(root: string, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (await isBuildFresh(root, '.next', env)) return false;
  log('Building the app (next build) — the first build takes a minute or two …');
  const hash = await buildInputsHash(root, env);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', K2_BUILD_ID: hash.slice(0, 32) },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code ?? 'signal'})`))));
  });
  await writeFile(stampFile(root, '.next'), `${hash}\n`);
  log(`Build finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
