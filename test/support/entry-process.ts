/**
 * A production entry (`src/bin/worker.ts`, `src/bin/api.ts`) as an operator runs it: bundled once with esbuild
 * (node_modules stay external, so no build is needed) and started as a separate process configured
 * only by its environment, with what it prints kept for the test to wait on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { workflowBundle } from './test-workers';

const REPO = path.resolve(__dirname, '../..');

export interface BundledEntry {
  file: string;
  remove(): Promise<void>;
}

/**
 * Bundles `entry` (a path from the repository root) into node_modules, where it finds node_modules,
 * migrations/ and dist/console above it as dist/ does: `<dir>/bin/<entry>.js`, with the workflow bundle
 * in `<dir>` (src/runtime.ts, inlined, looks one folder above its own); `workflows` adds it, for the worker.
 */
export async function bundleEntry(entry: string, o: { workflows?: boolean } = {}): Promise<BundledEntry> {
  const dir = await mkdtemp(path.join(REPO, 'node_modules', '.cache-entry-'));
  const file = path.join(dir, 'bin', `${path.basename(entry, '.ts')}.js`);
  await mkdir(path.dirname(file));
  const options = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' } as const;
  await build({ entryPoints: [path.join(REPO, entry)], outfile: file, ...options });
  if (o.workflows) await writeFile(path.join(dir, 'workflows-bundle.js'), (await workflowBundle()).code);
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface EntryProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /**
   * Resolves with the matching lines once it has printed `times` of them (it waits for the process,
   * never for time); rejects when it exits first.
   */
  printed(pattern: RegExp, times?: number): Promise<string[]>;
  exited: Promise<number | null>;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `file` with the test runner's environment (less the servers it names) plus `env`. */
export function startEntry(file: string, env: Record<string, string>, execArgv: string[] = []): EntryProcess {
  const { API_KEYS: _retired, DATABASE_URL: _db, TEMPORAL_ADDRESS: _t, ...inherited } = process.env;
  const child = spawn(process.execPath, [...execArgv, file], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    text += d.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    printed: (pattern, times = 1) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = text.split('\n').filter((line) => pattern.test(line));
          if (found.length < times) return;
          listeners.delete(check);
          resolve(found);
        };
        listeners.add(check);
        check();
        void exited.then((code) => reject(new Error(`${path.basename(file)} exited (${code}) before printing ${pattern}:\n${text}`)));
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
