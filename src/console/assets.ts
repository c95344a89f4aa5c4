/**
 * The built client (`npm run build` → dist/console/): files named by their content hash, so they
 * are cached for a year and a new build is a new name; manifest.json says which names are current.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/** URL prefix of the built files. */
export const ASSETS_PATH = '/console/assets';

export interface Manifest {
  /** URL of the entry script (an ES module: its chunks load on demand, e.g. Chart.js on /reports). */
  script: string;
  /** URL of the stylesheet, also used by the server's own pages. */
  style: string;
}

/** Thrown when the console is asked for before `npm run build` made it. */
export class ClientNotBuiltError extends Error {
  override readonly name = 'ClientNotBuiltError';
}

/** The nearest directory with a package.json: this file runs as src/console (vitest) and as dist/src/console. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const consoleDistDir = (): string => path.join(repoRoot(), 'dist', 'console');

/**
 * Reads manifest.json, again whenever it changes: a rebuild during `npm start` or between test
 * files is picked up without a restart.
 */
export function manifestReader(dir: string): () => Manifest {
  const file = path.join(dir, 'manifest.json');
  let cached: { mtimeMs: number; manifest: Manifest } | undefined;
  return () => {
    if (!existsSync(file)) throw new ClientNotBuiltError(`The console is not built (no ${file}); run \`npm run build\`.`);
    const { mtimeMs } = statSync(file);
    if (cached?.mtimeMs !== mtimeMs) {
      const names = JSON.parse(readFileSync(file, 'utf8')) as { script: string; style: string };
      cached = { mtimeMs, manifest: { script: `${ASSETS_PATH}/${names.script}`, style: `${ASSETS_PATH}/${names.style}` } };
    }
    return cached.manifest;
  };
}

/** The hashed files, immutable for a year; anything else under the prefix is a plain 404. */
export function assetsHandler(dir: string): RequestHandler {
  return express.static(path.join(dir, 'assets'), {
    index: false,
    fallthrough: false,
    immutable: true,
    maxAge: '365d',
  });
}
