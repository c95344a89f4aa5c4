/**
 * What the kernel says about our processes: resident memory, CPU time, process trees, and the
 * size of data directories. Linux only (/proc), which is where the benchmark runs.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux x86-64 and arm64

/** kB fields of /proc/<pid>/status, e.g. VmRSS and VmHWM (peak RSS); undefined when the process is gone. */
export function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Proportional set size: shared pages split between the processes sharing them, so a tree's PSS adds up. */
function pssKb(pid: number): number | undefined {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface Stat {
  ppid: number;
  /**
   * User + system CPU seconds of the process and of its children that have exited and been
   * waited for (Postgres backends come and go), so summing a tree loses nothing and counts nothing twice.
   */
  cpu: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; fields after it are fixed.
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { ppid: Number(fields[1]), cpu: ticks / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** `root` and all its descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const s = stat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** A direct child of `parent` whose command line contains `needle` (e.g. the dev server of this process). */
export function findChild(parent: number, needle: string): number | undefined {
  return allPids().find((pid) => stat(pid)?.ppid === parent && cmdline(pid).includes(needle));
}

export interface TreeMemory {
  processes: number;
  /** Sum of VmRSS: counts shared memory (Postgres shared buffers) once per process. */
  rssMb: number;
  /** Sum of PSS: shared pages split fairly, the better "how much does this cost" number. */
  pssMb: number;
}

export function treeMemory(root: number): TreeMemory {
  const pids = processTree(root);
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    rss += statusKb(pid, 'VmRSS') ?? 0;
    pss += pssKb(pid) ?? 0;
  }
  return { processes: pids.length, rssMb: rss / 1024, pssMb: pss / 1024 };
}

/** CPU seconds used so far by `root` and its live descendants. */
export function treeCpuSeconds(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + (stat(pid)?.cpu ?? 0), 0);
}

/** Bytes on disk under `paths` (du -sb), 0 for paths that do not exist. */
export function diskMb(paths: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile('du', ['-sbc', ...paths], (_err, stdout) => {
      // du exits non-zero when one path is missing but still prints the total of the rest.
      const total = /^(\d+)\s+total$/m.exec(stdout ?? '');
      resolve(total ? Number(total[1]) / 1024 / 1024 : 0);
    });
  });
}

/** CPU seconds the whole machine has spent busy (all cores, everything but idle and iowait). */
export function machineBusySeconds(): number {
  const [first = ''] = readFileSync('/proc/stat', 'utf8').split('\n');
  const ticks = first.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy = ticks.reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + (i < 8 ? t : 0)), 0);
  return busy / CLOCK_TICKS_PER_SECOND;
}
