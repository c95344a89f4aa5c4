/**
 * Finds the Temporal CLI, whose `server start-dev` is the embedded Temporal server.
 *
 * Order: an explicit TEMPORAL_CLI_PATH, a working `temporal` on PATH, our own cached build, a fresh
 * `go install` into that cache, and finally the SDK's download of the dev server. Each step is
 * cheaper to debug than the next, so an explicit choice always beats a guess.
 */
import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The one place the CLI version is pinned. v1.5.1 is the newest tag `go install ...@version` accepts:
 * later tags carry a `replace` directive in go.mod, and `go install` refuses modules that have one.
 */
export const TEMPORAL_CLI_VERSION = '1.5.1';

const GO_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';

export type TemporalCli = { kind: 'binary'; path: string; source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go-build' } | { kind: 'sdk-download' };

export interface ResolveTemporalCliOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** false: never run `go install` (tests, CI without Go module access). */
  allowBuild?: boolean;
}

/** Thrown when TEMPORAL_CLI_PATH is set but does not name an executable file. */
export class TemporalCliPathError extends Error {
  override readonly name = 'TemporalCliPathError';
}

/** Thrown when no Temporal CLI could be found, built or downloaded; the message says what to install. */
export class TemporalCliNotFoundError extends Error {
  override readonly name = 'TemporalCliNotFoundError';
  constructor(options?: ErrorOptions) {
    super(
      'No Temporal CLI found for the embedded Temporal server. Install Go (https://go.dev/dl) so Followthrough ' +
        `can build it, or run \`go install ${GO_PACKAGE}@v${TEMPORAL_CLI_VERSION}\` and put it on PATH, ` +
        'or set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to use an existing server.',
      options,
    );
  }
}

/** `$XDG_CACHE_HOME/followthrough`, else `$HOME/.cache/followthrough`. */
export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'followthrough');
}

/** Where our own build of the pinned version lives; the version in the path keeps upgrades clean. */
export function cachedTemporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(temporalCliCacheDir(env), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

export async function resolveTemporalCli(opts: ResolveTemporalCliOptions = {}): Promise<TemporalCli> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});

  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!(await isExecutableFile(explicit))) {
      throw new TemporalCliPathError(`TEMPORAL_CLI_PATH is set to ${explicit}, which is not an executable file.`);
    }
    return { kind: 'binary', path: explicit, source: 'TEMPORAL_CLI_PATH' };
  }

  const onPath = await findOnPath('temporal', env);
  // A stale or broken install on PATH is skipped rather than trusted: the later steps still work.
  if (onPath && (await runsVersion(onPath, env))) return { kind: 'binary', path: onPath, source: 'PATH' };

  const cached = cachedTemporalCliPath(env);
  if (await isExecutableFile(cached)) return { kind: 'binary', path: cached, source: 'cache' };

  const go = opts.allowBuild === false ? undefined : await findOnPath('go', env);
  if (go) {
    try {
      await goInstall(go, cached, env, log);
      return { kind: 'binary', path: cached, source: 'go-build' };
    } catch (err) {
      // Typically no access to the Go module proxy; the SDK download may still work.
      log(`Building the Temporal CLI failed, trying the SDK's download instead: ${(err as Error).message}`);
    }
  }
  return { kind: 'sdk-download' };
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    await fs.access(file, constants.X_OK);
    return stat.isFile();
  } catch {
    return false;
  }
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function runsVersion(file: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(file, ['--version'], { env, timeout: 10_000 }, (err) => resolve(!err));
  });
}

/**
 * `go install` into a private GOBIN next to the cache, then a rename into place: a build that is
 * interrupted halfway never leaves a file where step (c) would pick it up.
 */
async function goInstall(go: string, target: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const finalDir = path.dirname(target);
  await fs.mkdir(path.dirname(finalDir), { recursive: true });
  const buildDir = await fs.mkdtemp(`${finalDir}.building-`);
  log(`Building the Temporal CLI v${TEMPORAL_CLI_VERSION} with Go (first run only, takes a few minutes)…`);
  const started = Date.now();
  const progress = setInterval(() => log(`Still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)…`), 30_000);
  progress.unref();
  try {
    await run(go, ['install', `${GO_PACKAGE}@v${TEMPORAL_CLI_VERSION}`], { ...env, GOBIN: buildDir });
    await fs.mkdir(finalDir, { recursive: true });
    await fs.rename(path.join(buildDir, 'temporal'), target);
    log(`Built the Temporal CLI at ${target}`);
  } finally {
    clearInterval(progress);
    await fs.rm(buildDir, { recursive: true, force: true });
  }
}

async function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(file)} ${args.join(' ')} exited with ${code ?? signal}: ${stderr.trim()}`));
    });
  });
}
