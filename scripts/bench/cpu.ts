/**
 * CPU time, not wall time: on a machine shared with other work the wall-clock figures move with everyone else's load,
 * but the CPU each process spent per request does not (much). Linux only (/proc); elsewhere the figures are absent.
 *   app    — the `next start` process (all its threads, PDF workers included)
 *   db     — the PostgreSQL postmaster and its backends (and backends that have exited)
 *   bench  — this process (autocannon's client side)
 *   others — everything else the machine ran meanwhile (other people's work)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type CpuSample = { app: number; db: number; bench: number; busy: number; total: number };
export type CpuDelta = { appMs: number; dbMs: number; benchMs: number; othersMs: number; machineMs: number; cores: number };

const TICK_MS = (() => {
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return 10;
  }
})();

/** utime, stime, cutime, cstime of a process in ms, and its parent; null when it is gone. */
function stat(pid: number): { ppid: number; own: number; children: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: the fields after the last ')' are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number): number => Number(fields[i - 3]);
    return { ppid: n(4), own: (n(14) + n(15)) * TICK_MS, children: (n(16) + n(17)) * TICK_MS };
  } catch {
    return null;
  }
}

function machine(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

export function cpuProbe(appPid: number, postmasterPid: () => number | null): (() => CpuSample) | null {
  if (process.platform !== 'linux') return null;
  return () => {
    const app = stat(appPid);
    const pm = postmasterPid();
    let db = 0;
    if (pm) {
      const master = stat(pm);
      db = master ? master.own + master.children : 0;
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const s = stat(Number(entry));
        if (s && s.ppid === pm) db += s.own;
      }
    }
    const self = process.cpuUsage();
    return { app: app ? app.own : 0, db, bench: (self.user + self.system) / 1000, ...machine() };
  };
}

export function cpuDelta(a: CpuSample, b: CpuSample, wallMs: number): CpuDelta {
  const appMs = b.app - a.app;
  const dbMs = b.db - a.db;
  const benchMs = b.bench - a.bench;
  const machineMs = b.busy - a.busy;
  return { appMs, dbMs, benchMs, othersMs: Math.max(0, machineMs - appMs - dbMs - benchMs), machineMs, cores: (b.total - a.total) / wallMs };
}
