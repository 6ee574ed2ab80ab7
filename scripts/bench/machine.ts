/** The machine a run was taken on, and the exact command, for the terminal and docs/BENCHMARKS.md. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export type Machine = { cpu: string; cores: number; ramGiB: number; node: string; os: string; loadAtStart: string; postgres: string };

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty) return `${pretty} (${os.type()} ${os.release()}, ${os.arch()})`;
  } catch {
    // not Linux
  }
  return `${os.type()} ${os.release()} (${os.arch()})`;
}

export function describeMachine(postgres: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: osName(),
    loadAtStart: os.loadavg().map((n) => n.toFixed(2)).join(' / '),
    postgres,
  };
}

/** How this run was started, as a person would type it. */
export function commandLine(args: readonly string[]): string {
  const quoted = args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  return process.env.npm_lifecycle_event === 'bench' ? `npm run bench${quoted.length ? ` -- ${quoted.join(' ')}` : ''}` : `node --conditions=react-server --import tsx scripts/bench.ts ${quoted.join(' ')}`.trim();
}
