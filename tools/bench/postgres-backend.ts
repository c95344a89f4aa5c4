/**
 * The Postgres backend: the standalone Temporal server on an embedded Postgres of its own, schemas
 * set up by the server's SQL tool, single node, every port on loopback. The production shape of
 * docker-compose.yml, without Docker.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { canConnect, portIsFree } from '../../src/net';
import { SEARCH_ATTRIBUTES } from '../../src/shared/contract';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes';
import { dynamicConfigYaml } from '../../src/temporal/server-config';
import { embeddedPostgres, NAMESPACE, type Backend } from './backends';
import { trackPid } from './cleanup';
import { TEMPORAL_SERVER_VERSION, ensureServerBinaries } from './server-install';
import { serverConfig, setupSchemas, spawnServer, type ServerPorts } from './temporal-server';

const SERVER_READY_MS = 120_000;

export async function startPostgresBackend(workDir: string, log: (line: string) => void, opts: { historyShards: number }): Promise<Backend> {
  const binaries = await ensureServerBinaries(log);
  const pg = await embeddedPostgres(path.join(workDir, 'temporal-postgres'), log);
  const url = new URL(pg.url);
  const target = { host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  await setupSchemas(binaries, target, log);

  const names = [
    'frontend',
    'frontendHttp',
    'frontendMembership',
    'history',
    'historyMembership',
    'matching',
    'matchingMembership',
    'worker',
    'workerMembership',
  ] as const;
  const ports = Object.fromEntries(await lowFreePorts(names.length).then((free) => names.map((n, i) => [n, free[i]]))) as unknown as ServerPorts;
  const configDir = path.join(workDir, 'config');
  await fs.mkdir(configDir, { recursive: true });
  const dynamicConfigFile = path.join(configDir, 'dynamicconfig.yaml');
  await fs.writeFile(dynamicConfigFile, dynamicConfigYaml());
  await fs.writeFile(path.join(configDir, 'development.yaml'), serverConfig(target, ports, { historyShards: opts.historyShards, dynamicConfigFile }));

  const logFile = path.join(workDir, 'temporal-server.log');
  const child = await spawnServer(binaries, workDir, logFile);
  const stopServer = trackPid('Temporal server', child.pid as number, 15_000);
  const address = `127.0.0.1:${ports.frontend}`;
  try {
    await waitForServer(address, () => child.exitCode !== null || child.signalCode !== null);
  } catch (err) {
    // Each server log line is a JSON record with a long stack trace; the messages say enough.
    const lines = (await fs.readFile(logFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).slice(-10);
    const tail = lines.map((l) => l.replace(/,"stacktrace":".*$/, '}').slice(0, 500)).join('\n');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- temporal-server.log (tail) ---\n${tail}`);
  }
  await registerSearchAttributes(address, log);
  return {
    name: 'postgres',
    description: `Temporal server ${TEMPORAL_SERVER_VERSION} (\`go.temporal.io/server/cmd/server\`), postgres12 plugin on embedded Postgres, ${opts.historyShards} history shards, single node`,
    address,
    temporalPid: child.pid,
    persistencePid: pg.pid,
    diskPaths: [pg.dataDir],
    stop: async () => {
      await stopServer();
      await pg.stop();
    },
  };
}

/**
 * Free ports below 32768: the server stores membership ports in a Postgres smallint, so the
 * kernel's ephemeral range (32768 and up, what freePort() hands out) fails at start-up.
 */
async function lowFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count && attempt < 1_000; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.includes(port) && (await portIsFree(port))) ports.push(port);
  }
  if (ports.length < count) throw new Error('Could not find free ports between 20000 and 32000 for the Temporal server');
  return ports;
}

/** Ready means: answers gRPC, the namespace is registered, and the frontend's namespace cache knows it. */
async function waitForServer(address: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + SERVER_READY_MS;
  const [host, port] = address.split(':') as [string, string];
  let lastError = 'no answer yet';
  let registered = false;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('The Temporal server exited during start-up');
    if (await canConnect(host, Number(port))) {
      let connection: Connection | undefined;
      try {
        connection = await Connection.connect({ address, connectTimeout: 2_000 });
        const svc = connection.workflowService;
        await svc.getSystemInfo({});
        if (!registered) {
          await svc.registerNamespace({ namespace: NAMESPACE, workflowExecutionRetentionPeriod: msToTs('1 day') }).catch((err: unknown) => {
            if (!/already exists|AlreadyExists/i.test(String(err))) throw err;
          });
          registered = true;
        }
        await svc.countWorkflowExecutions({ namespace: NAMESPACE, query: '' });
        return;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      } finally {
        await connection?.close();
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The Temporal server at ${address} was not ready within ${SERVER_READY_MS / 1000} s: ${lastError}`);
}

/**
 * As the production worker does at boot (src/bin/worker.ts), then waits until they are usable: the server's
 * namespace caches pick new attributes up only on their next refresh (about 10 s), and a workflow
 * upserting an attribute the cache does not know yet fails its workflow task.
 */
async function registerSearchAttributes(address: string, log: (line: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: NAMESPACE });
  try {
    const added = await ensureSearchAttributes(client, NAMESPACE);
    if (added.length === 0) return;
    log(`  registered search attributes ${added.join(', ')}; waiting until the server uses them…`);
    const pairs = Object.values(SEARCH_ATTRIBUTES).map((key) => ({ key, value: key.type === 'DATETIME' ? new Date() : 'probe' })) as SearchAttributePair[];
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const handle = await client.workflow.start('searchAttributeProbe', {
          taskQueue: 'bench-probe',
          workflowId: `bench-probe-${randomUUID()}`,
          typedSearchAttributes: pairs,
        });
        await handle.terminate('probe');
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    // The frontend knows them now; history's namespace cache refreshes on the same interval.
    await new Promise((r) => setTimeout(r, 12_000));
  } finally {
    await connection.close();
  }
}
