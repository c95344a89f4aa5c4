import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canConnect } from '../../src/net';
import {
  TEMPORAL_CLI_VERSION,
  TemporalCliPathError,
  cachedTemporalCliPath,
  resolveTemporalCli,
  temporalCliCacheDir,
  type TemporalCli,
} from '../../src/temporal/cli';
import { DevServerStartError, startDevServer } from '../../src/temporal/dev-server';
import { startTcpProxy } from '../support/tcp-proxy';

// Every resolver call gets its own environment: an empty PATH directory and a private cache, so
// whatever is installed on this machine cannot leak in. allowBuild is always false: a real
// `go install` takes minutes and is not what these tests are about.
let root: string;
let emptyBin: string;
let realBinary: string | undefined;

async function script(file: string, body: string, mode = 0o755): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `#!/bin/sh\n${body}\n`, { mode });
  return file;
}

async function cacheWithRealBinary(): Promise<string> {
  const xdg = await fs.mkdtemp(path.join(root, 'xdg-'));
  const target = cachedTemporalCliPath({ XDG_CACHE_HOME: xdg });
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.symlink(realBinary!, target);
  return xdg;
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ft-cli-test-'));
  emptyBin = path.join(root, 'empty-bin');
  await fs.mkdir(emptyBin);
  // The binary the global setup found (cache, PATH or TEMPORAL_CLI_PATH), if there is one.
  const found = await resolveTemporalCli({ allowBuild: false });
  realBinary = found.kind === 'binary' ? found.path : undefined;
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('resolving the Temporal CLI', () => {
  it('uses TEMPORAL_CLI_PATH when it is set, ahead of PATH and the cache', async () => {
    const explicit = await script(path.join(root, 'explicit', 'my-temporal'), 'exit 0');
    const bin = path.join(root, 'path-bin');
    await script(path.join(bin, 'temporal'), 'echo "temporal version 9.9.9"');
    const cli = await resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: explicit, PATH: bin, HOME: root }, allowBuild: false });
    expect(cli).toEqual({ kind: 'binary', path: explicit, source: 'TEMPORAL_CLI_PATH' });
  });

  it('refuses a TEMPORAL_CLI_PATH that is not executable, naming the variable', async () => {
    const notExecutable = await script(path.join(root, 'plain', 'temporal'), 'exit 0', 0o644);
    for (const value of [notExecutable, path.join(root, 'does-not-exist')]) {
      const attempt = resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: value, PATH: emptyBin, HOME: root }, allowBuild: false });
      await expect(attempt).rejects.toBeInstanceOf(TemporalCliPathError);
      await expect(attempt).rejects.toThrow(/TEMPORAL_CLI_PATH/);
    }
  });

  it('uses a temporal on PATH when its --version works', async () => {
    const bin = path.join(root, 'working-bin');
    const temporal = await script(path.join(bin, 'temporal'), 'echo "temporal version 9.9.9"');
    const cli = await resolveTemporalCli({ env: { PATH: `${emptyBin}:${bin}`, HOME: root }, allowBuild: false });
    expect(cli).toEqual({ kind: 'binary', path: temporal, source: 'PATH' });
  });

  it('skips a temporal on PATH whose --version fails', async () => {
    const bin = path.join(root, 'broken-bin');
    await script(path.join(bin, 'temporal'), 'exit 3');
    const cli = await resolveTemporalCli({ env: { PATH: bin, XDG_CACHE_HOME: path.join(root, 'no-cache') }, allowBuild: false });
    expect(cli).toEqual({ kind: 'sdk-download' });
  });

  it('keeps its cache under XDG_CACHE_HOME, else under HOME/.cache', () => {
    expect(temporalCliCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/followthrough');
    expect(temporalCliCacheDir({ HOME: '/h' })).toBe('/h/.cache/followthrough');
    expect(cachedTemporalCliPath({ HOME: '/h' })).toBe(`/h/.cache/followthrough/temporal-cli-${TEMPORAL_CLI_VERSION}/temporal`);
  });

  it('finds the cached build when PATH has no temporal', async () => {
    const xdg = path.join(root, 'fake-xdg');
    const cached = await script(cachedTemporalCliPath({ XDG_CACHE_HOME: xdg }), 'exit 0');
    const cli = await resolveTemporalCli({ env: { PATH: emptyBin, XDG_CACHE_HOME: xdg }, allowBuild: false });
    expect(cli).toEqual({ kind: 'binary', path: cached, source: 'cache' });
  });

  it('falls back to the SDK download when there is no binary anywhere and building is not allowed', async () => {
    const env = { PATH: emptyBin, HOME: path.join(root, 'empty-home') };
    await expect(resolveTemporalCli({ env, allowBuild: false })).resolves.toEqual({ kind: 'sdk-download' });
  });
});

describe('the dev server started from the resolved binary', () => {
  it('answers getSystemInfo and stops cleanly', async (ctx) => {
    if (!realBinary) ctx.skip('no Temporal CLI binary on this machine (the global setup used another source)');
    const xdg = await cacheWithRealBinary();
    const cli: TemporalCli = await resolveTemporalCli({ env: { PATH: emptyBin, XDG_CACHE_HOME: xdg }, allowBuild: false });
    expect(cli).toMatchObject({ kind: 'binary', source: 'cache' });

    const server = await startDevServer({ cli, headless: true });
    const [host = '', port = ''] = server.address.split(':');
    expect(host).toBe('127.0.0.1');
    expect(server.uiUrl).toBeUndefined();
    const connection = await Connection.connect({ address: server.address });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.capabilities).toBeTruthy();
    } finally {
      await connection.close();
    }

    await server.stop();
    expect(await canConnect(host, Number(port))).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
  });
});

describe('a dev server that cannot start', () => {
  it('is reported with the tail of its output', async () => {
    const broken = await script(path.join(root, 'broken', 'temporal'), 'echo "address already in use" >&2; exit 1');
    const attempt = startDevServer({ cli: { kind: 'binary', path: broken, source: 'TEMPORAL_CLI_PATH' }, headless: true });
    await expect(attempt).rejects.toBeInstanceOf(DevServerStartError);
    await expect(attempt).rejects.toThrow(/exited before it was ready:\s+address already in use/);
  });

  it('is not mistaken for another instance’s server answering on the port it was given', async () => {
    // Another `npm start` bound the port after this one found it free: a real Temporal answers
    // there (the suite's, through a proxy on 127.0.0.1), while our child is still starting and
    // then fails to bind. Only the child's own "Server:" line makes it ready.
    const target = inject('temporalAddress');
    const [host = '', port = ''] = target.split(':');
    const other = await startTcpProxy({ host, port: Number(port) });
    try {
      const loser = await script(
        path.join(root, 'loser', 'temporal'),
        'sleep 3; echo "level=ERROR msg=\\"can\'t set frontend port: bind: address already in use\\"" >&2; exit 1',
      );
      const attempt = startDevServer({ cli: { kind: 'binary', path: loser, source: 'TEMPORAL_CLI_PATH' }, port: other.port, headless: true });
      await expect(attempt).rejects.toThrow(/exited before it was ready:\s+.*address already in use/);
    } finally {
      await other.close();
    }
  });
});
