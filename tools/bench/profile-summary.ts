/**
 * `node dist-bench/tools/bench/profile-summary.js <file.cpuprofile|dir> [top]`: where a process spent its
 * CPU, from the profiles `npm run bench -- --cpu-prof DIR` has the worker and the API write. Self
 * time is summed by area (our code, each npm package, Node's internals, the garbage collector) and
 * by function, busiest first, as markdown tables for docs/benchmarks.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { table } from './report/format';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The area a frame belongs to: a package under node_modules, our own source, Node itself, or V8's pseudo-frames. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(src|dist\/src|dist-bench\/src|tools\/bench|dist-bench\/tools\/bench)\/([^/]+)/.exec(url);
  if (ours) return `ours: ${ours[2]}`;
  if (/workflows-bundle/.test(url)) return 'workflow bundle (sandbox)';
  return path.basename(url);
}

export function summarise(profile: CpuProfile): { totalMs: number; areas: [string, number][]; functions: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, k) => {
    const us = profile.timeDeltas[k] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    totalUs += us;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(`${fn} [${area}]`, (functions.get(`${fn} [${area}]`) ?? 0) + us);
  });
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]): [string, number] => [k, v / 1000]);
  return { totalMs: totalUs / 1000, areas: sorted(areas), functions: sorted(functions) };
}

function files(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(target, f));
}

function main(): void {
  const [target, topArg] = process.argv.slice(2);
  if (!target) throw new Error('usage: profile-summary <file.cpuprofile|dir> [top]');
  const top = Number(topArg ?? 15);
  for (const file of files(target)) {
    const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    const share = (ms: number) => `${((ms / s.totalMs) * 100).toFixed(1)}%`;
    console.log(`\n### ${file}: ${(s.totalMs / 1000).toFixed(1)} s of CPU on the main thread\n`);
    console.log(
      table(
        ['Area', 'Self time', 'Share'],
        s.areas.slice(0, top).map(([a, ms]) => [a, `${Math.round(ms)} ms`, share(ms)]),
      ),
    );
    console.log('');
    console.log(
      table(
        ['Function', 'Self time', 'Share'],
        s.functions.slice(0, top).map(([f, ms]) => [f.replace(/\|/g, '\\|'), `${Math.round(ms)} ms`, share(ms)]),
      ),
    );
  }
}

if (require.main === module) main();
