/**
 * Builds the console (src/console/client/, Preact + TSX) into dist/console with esbuild: minified ES modules
 * with content-hashed names, code-split so Chart.js is fetched only by the reports page, and a
 * manifest.json naming the current entry script and stylesheet for the server (./assets.ts).
 * Run by `npm run build` (src/bin/build-console.ts) and once by the test setup.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { consoleDistDir, repoRoot } from './assets';

export interface BuiltClient {
  dir: string;
  /** Bytes of each output file, raw and gzipped. */
  files: { name: string; bytes: number; gzipBytes: number }[];
}

export async function buildClient(outDir: string = consoleDistDir(), root: string = repoRoot()): Promise<BuiltClient> {
  const assets = path.join(outDir, 'assets');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(assets, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: path.join(root, 'src', 'console', 'client', 'main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    sourcemap: false,
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: assets,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const entry = outputs.find(([, o]) => o.entryPoint !== undefined);
  const style = entry?.[1].cssBundle;
  if (!entry || !style) throw new Error('esbuild produced no entry script or stylesheet for the console');
  const name = (file: string) => path.relative(assets, path.resolve(root, file)).split(path.sep).join('/');
  writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify({ script: name(entry[0]), style: name(style) }, null, 2));
  const files = outputs.map(([file]) => {
    const bytes = readFileSync(path.resolve(root, file));
    return { name: name(file), bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  });
  return { dir: outDir, files };
}
