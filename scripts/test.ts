/**
 * `npm test`: typecheck → lint → (Chromium check) → production build if stale → vitest (unit, integration on a real
 * embedded PostgreSQL, e2e in Chromium against `next start`). Ends with one line "N passed, N failed".
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';
import { ensureBuild } from './lib/build';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string): void => console.log(`\n[test] ${line}`);
const bin = (name: string): string => path.join(root, 'node_modules/.bin', name);
const timings: Array<[string, number]> = [];

/** Run one step as a child process without blocking: its output is collected and printed whole when it ends, so two never interleave. */
function stepAsync(name: string, command: string, args: string[]): Promise<boolean> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    let done = false;
    const finish = (ok: boolean, why?: string): void => {
      if (done) return;
      done = true;
      timings.push([name, Date.now() - started]);
      log(`${name}: ${[path.basename(command), ...args].join(' ')}`);
      process.stdout.write(Buffer.concat(output));
      if (!ok) console.error(`\n[test] ${name} failed${why ? `: ${why}` : ''}.`);
      resolve(ok);
    };
    child.on('error', (error) => finish(false, error.message));
    child.on('close', (code) => finish(code === 0));
  });
}

/** Browser tests need Chromium; install Debian's when we can, otherwise stop with a clear message — never skip. */
function ensureChromium(): void {
  const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (existsSync(chrome)) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!process.env.CHROME_PATH && isRoot && hasApt) {
    log('Chromium is missing: installing Debian\'s chromium (apt-get) …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && existsSync(chrome)) return;
  }
  console.error(
    `\n[test] The browser tests need Chromium at ${chrome}, and it is not there.\n` +
      '       Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chromium/Chrome binary.',
  );
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** The PDF tests rasterise pages with pdftoppm (Debian poppler-utils): install it when we can, else stop and say so. */
function ensurePdftoppm(): void {
  const found = spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' });
  if (!found.error) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('pdftoppm is missing: installing Debian\'s poppler-utils (apt-get) …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'poppler-utils'], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && !spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).error) return;
  }
  console.error('\n[test] The PDF tests need pdftoppm, and it is not there.\n       Install it (Debian/Ubuntu: sudo apt-get install poppler-utils).');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

async function main(): Promise<void> {
  const started = Date.now();
  // Typecheck and lint are independent and single-threaded: run them side by side on the two cores.
  await Promise.all([stepAsync('typecheck', bin('tsc'), ['--noEmit']), stepAsync('lint', bin('eslint'), ['--max-warnings=0', '.'])]).then((results) => {
    if (results.some((ok) => !ok)) {
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  });
  ensureChromium();
  ensurePdftoppm();

  const buildStarted = Date.now();
  await ensureBuild(root, (line) => log(line));
  timings.push(['build', Date.now() - buildStarted]);

  log('vitest: unit, integration, e2e');
  const testsStarted = Date.now();
  const vitest = await startVitest('test', [], { run: true, watch: false });
  await vitest.close();
  timings.push(['vitest', Date.now() - testsStarted]);

  const files = vitest.state.getFiles();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const task of vitest.state.getFiles().flatMap((file) => collectTests(file))) {
    if (task.result?.state === 'pass') passed++;
    else if (task.result?.state === 'fail') failed++;
    else skipped++;
  }
  const fileErrors = files.filter((file) => file.result?.state === 'fail' && collectTests(file).every((t) => t.result?.state !== 'fail')).length;
  const unhandled = vitest.state.getUnhandledErrors().length;
  failed += fileErrors + unhandled;

  console.log(`\n[test] timings: ${timings.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (passed === 0) failed = Math.max(failed, 1); // a run that ran no test is a failure
  console.log(skipped > 0 ? `${passed} passed, ${failed} failed, ${skipped} skipped` : `${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || process.exitCode ? 1 : 0);
}

type TaskLike = { type: string; result?: { state?: string }; tasks?: TaskLike[] };
function collectTests(task: TaskLike): TaskLike[] {
  if (task.type === 'test') return [task];
  return (task.tasks ?? []).flatMap((child) => collectTests(child));
}

main().catch((error: unknown) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
