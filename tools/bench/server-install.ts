/**
 * The standalone Temporal server and its SQL tool for the Postgres backend, built with Go once
 * into ~/.cache/followthrough/temporal-server-<version>/, next to the CLI our dev server uses,
 * together with the schema files the SQL tool applies (they live in the Go module, not in the
 * binaries).
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { temporalCliCacheDir } from '../../src/temporal/cli';

/** The server version the Temporal CLI v1.5.1 embeds (`temporal --version`), so both backends run the same server. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const MODULE = 'go.temporal.io/server';

export interface ServerBinaries {
  server: string;
  sqlTool: string;
  /** …/schema/postgresql/v12, holding temporal/versioned and visibility/versioned */
  schemaDir: string;
}

/** Thrown when the server binaries are missing and cannot be built (no Go, no module proxy). */
export class ServerInstallError extends Error {
  override readonly name = 'ServerInstallError';
}

function binariesIn(dir: string): ServerBinaries {
  return {
    server: path.join(dir, 'temporal-server'),
    sqlTool: path.join(dir, 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
}

async function usable(b: ServerBinaries): Promise<boolean> {
  try {
    await fs.access(b.server, constants.X_OK);
    await fs.access(b.sqlTool, constants.X_OK);
    await fs.access(path.join(b.schemaDir, 'visibility', 'versioned'));
    return true;
  } catch {
    return false;
  }
}

async function findGo(): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/go/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, 'go');
    if (
      await fs.access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

export function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * The cached binaries, built on first use: `go install` into a private directory that is renamed
 * into place at the end, so an interrupted build never leaves a half-filled cache behind.
 */
export async function ensureServerBinaries(log: (line: string) => void): Promise<ServerBinaries> {
  const finalDir = path.join(temporalCliCacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const cached = binariesIn(finalDir);
  if (await usable(cached)) return cached;

  const go = await findGo();
  if (!go) throw new ServerInstallError(`Temporal server ${TEMPORAL_SERVER_VERSION} is not in ${finalDir} and Go is not installed to build it.`);
  await fs.mkdir(path.dirname(finalDir), { recursive: true });
  const buildDir = await fs.mkdtemp(`${finalDir}.building-`);
  const started = Date.now();
  const ticker = setInterval(() => log(`  still building the Temporal server (${Math.round((Date.now() - started) / 1000)} s)…`), 30_000);
  try {
    log(`Building Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with Go (first run only, several minutes)…`);
    const env = { ...process.env, GOBIN: buildDir };
    await run(go, ['install', `${MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`], env);
    await fs.rename(path.join(buildDir, 'server'), path.join(buildDir, 'temporal-server'));
    await fs.rename(path.join(buildDir, 'sql'), path.join(buildDir, 'temporal-sql-tool'));
    // The schema files are in the module source, which `go install` left in the module cache.
    const { Dir } = JSON.parse(await run(go, ['mod', 'download', '-json', `${MODULE}@v${TEMPORAL_SERVER_VERSION}`])) as { Dir: string };
    await fs.cp(path.join(Dir, 'schema', 'postgresql', 'v12'), binariesIn(buildDir).schemaDir, { recursive: true });
    // The module cache is read-only; the copies need not be.
    await run('chmod', ['-R', 'u+w', path.join(buildDir, 'schema')]);
    await fs.rm(finalDir, { recursive: true, force: true });
    await fs.rename(buildDir, finalDir);
    log(`Built the Temporal server into ${finalDir}`);
    return cached;
  } finally {
    clearInterval(ticker);
    await fs.rm(buildDir, { recursive: true, force: true });
  }
}
