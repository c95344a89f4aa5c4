/**
 * Setting up and starting the standalone Temporal server on Postgres: the schemas (with the
 * server's own SQL tool, as an operator would), the smallest config a single node needs, and the
 * process itself.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { run, type ServerBinaries } from './server-install';

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Creates both databases and brings their schemas to the newest version, as an operator would. */
export async function setupSchemas(b: ServerBinaries, pg: PostgresTarget, log: (line: string) => void): Promise<void> {
  for (const [database, dir] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const env = {
      ...process.env,
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: pg.host,
      SQL_PORT: String(pg.port),
      SQL_USER: pg.user,
      SQL_PASSWORD: pg.password,
      SQL_DATABASE: database,
    };
    await run(b.sqlTool, ['create-database'], env);
    await run(b.sqlTool, ['setup-schema', '-v', '0.0'], env);
    await run(b.sqlTool, ['update-schema', '-d', path.join(b.schemaDir, dir, 'versioned')], env);
    log(`  schema ${database} ready`);
  }
}

export interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** The smallest config a single-node server on Postgres needs; JSON is valid YAML, so no YAML writer is needed. */
export function serverConfig(pg: PostgresTarget, ports: ServerPorts, opts: { historyShards: number; dynamicConfigFile: string }): string {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${pg.host}:${pg.port}`,
      connectProtocol: 'tcp',
      user: pg.user,
      password: pg.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...(httpPort ? { httpPort } : {}) },
  });
  const frontend = `127.0.0.1:${ports.frontend}`;
  return JSON.stringify(
    {
      log: { stdout: true, level: 'warn' },
      persistence: {
        defaultStore: 'postgres-default',
        visibilityStore: 'postgres-visibility',
        numHistoryShards: opts.historyShards,
        // Each of the four services opens its own pools: 4 × (20 + 5) stays under Postgres's 100 connections.
        datastores: { 'postgres-default': store('temporal', 20), 'postgres-visibility': store('temporal_visibility', 5) },
      },
      global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
      services: {
        frontend: service(ports.frontend, ports.frontendMembership, ports.frontendHttp),
        history: service(ports.history, ports.historyMembership),
        matching: service(ports.matching, ports.matchingMembership),
        worker: service(ports.worker, ports.workerMembership),
      },
      clusterMetadata: {
        enableGlobalNamespace: false,
        failoverVersionIncrement: 10,
        masterClusterName: 'active',
        currentClusterName: 'active',
        clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: frontend } },
      },
      dcRedirectionPolicy: { policy: 'noop' },
      archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
      namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
      publicClient: { hostPort: frontend },
      dynamicConfigClient: { filepath: opts.dynamicConfigFile, pollInterval: '10s' },
    },
    null,
    2,
  );
}

/** Starts the server; its output goes to `logFile` (the benchmark prints only its tail on failure). */
export async function spawnServer(b: ServerBinaries, rootDir: string, logFile: string) {
  const out = await fs.open(logFile, 'a');
  const child = spawn(b.server, ['--root', rootDir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'], {
    stdio: ['ignore', out.fd, out.fd],
  });
  await out.close();
  return child;
}
