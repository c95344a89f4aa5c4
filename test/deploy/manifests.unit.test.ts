/**
 * deploy/kubernetes, validated in CI where no cluster runs: every document against its kind's schema
 * and strictly (no field its kind lacks), then against the code it deploys: the environment the
 * containers get is what the config reads and passes its checks, the probes ask what the processes
 * serve, the worker runs as docker-compose runs it, the autoscaler asks Temporal about the namespace
 * and task queue the worker polls with the worker's credentials, and the replicas' pools fit Postgres.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROUTES } from '../../src/api/routes';
import { ConfigError, loadConfig } from '../../src/config';
import { productionProblems } from '../../src/guards';
import { POOL_SIZE } from '../../src/runtime';
import { WORKER_HEALTH_PATH, WORKER_LIVENESS_PATH } from '../../src/worker-health';
import { applyJsonPatch, DEPLOY, documentsOf, type Manifest, quantity, REPO, schemaError, strictErrors, yamlFiles } from './manifests';

const kustomizations = yamlFiles().filter((f) => path.basename(f) === 'kustomization.yaml');
/** The kustomize components beside the base (in folders of their own). */
const components = kustomizations.filter((k) => k.includes('/'));
const manifests: Manifest[] = yamlFiles()
  .filter((f) => !kustomizations.includes(f))
  .flatMap(documentsOf);

/** The one document of a kind (and name), or the test fails saying which is missing. */
function one(kind: string, name?: string, from: Manifest[] = manifests): any {
  const found = from.filter((m) => m.doc.kind === kind && (name === undefined || m.doc.metadata?.name === name));
  expect(
    found.map((m) => m.where),
    `exactly one ${kind} ${name ?? ''}`,
  ).toHaveLength(1);
  return (found[0] as Manifest).doc;
}

const base = manifests.filter((m) => !m.file.includes('/'));
const configMap = one('ConfigMap', 'followthrough-config');
const secretExample = one('Secret', 'followthrough-secrets');
const api = one('Deployment', 'followthrough-api');
const worker = one('Deployment', 'followthrough-worker');
const scaledObject = one('ScaledObject', 'followthrough-worker', base);
const containerOf = (deployment: any) => deployment.spec.template.spec.containers[0];
const envOf = (container: any): Record<string, string> => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value]));

/** What a role's process sees: the ConfigMap and the Secret it loads, then its own env (which wins). */
function environmentOf(deployment: any, secret: Record<string, string>): Record<string, string> {
  const container = containerOf(deployment);
  const sources = container.envFrom.map((s: any) => {
    if (s.configMapRef?.name === configMap.metadata.name) return configMap.data;
    if (s.secretRef?.name === secretExample.metadata.name) return secret;
    throw new Error(`${deployment.metadata.name} loads ${JSON.stringify(s)}, which deploy/kubernetes does not define`);
  });
  return Object.assign({}, ...sources, envOf(container));
}

/** The example with its placeholders filled as an operator would. */
const filledSecret = {
  ...secretExample.stringData,
  DATABASE_URL: 'postgres://followthrough:s3cret@postgres.internal:5432/followthrough',
  LINK_SECRET: randomBytes(32).toString('base64'),
  PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
};

describe('the Kubernetes manifests', () => {
  it('each document validates against its kind’s schema', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(10);
    expect(manifests.map(schemaError).filter(Boolean)).toEqual([]);
  });

  it('no document has a field its kind does not have, or a value of the wrong type', () => {
    expect(strictErrors(manifests)).toEqual([]);
  }, 60_000);

  it('the kustomization applies every manifest but the example Secret, and names components that exist', () => {
    const text = readFileSync(path.join(DEPLOY, 'kustomization.yaml'), 'utf8');
    const applied = [...new Set(base.map((m) => m.file))].filter((f) => f !== 'secret.example.yaml');
    expect([...parse(text).resources].sort()).toEqual(applied.sort());
    const offered = [...text.matchAll(/^#\s+- (temporal-[a-z-]+)$/gm)].map((m) => m[1]);
    expect(offered.sort()).toEqual(components.map((k) => path.dirname(k)).sort());
  });

  it('gives both roles settings named as in .env.example that pass the production checks once the Secret is filled', () => {
    const envExample = readFileSync(path.join(REPO, '.env.example'), 'utf8');
    const documented = new Set([...envExample.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const own = [api, worker].flatMap((d) => Object.keys(envOf(containerOf(d))));
    const given = [...Object.keys(configMap.data), ...Object.keys(secretExample.stringData), ...own];
    // MALLOC_ARENA_MAX is glibc's, not ours (docker-compose.yml sets it the same way).
    expect(given.filter((name) => !documented.has(name) && name !== 'MALLOC_ARENA_MAX')).toEqual([]);
    for (const deployment of [api, worker]) {
      const config = loadConfig(environmentOf(deployment, filledSecret));
      expect(productionProblems(config), deployment.metadata.name).toEqual([]);
      const { TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE } = configMap.data;
      expect(config).toMatchObject({ TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE });
    }
  });

  it('holds no secret in the example Secret: each value is empty or a placeholder that stops both roles, naming it', () => {
    const values = Object.entries<string>(secretExample.stringData);
    for (const [name, value] of values) expect(value === '' || /<.+>/.test(value), name).toBe(true);
    for (const deployment of [api, worker]) {
      const refused = (() => {
        try {
          loadConfig(environmentOf(deployment, secretExample.stringData));
          return '';
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          return (err as Error).message;
        }
      })();
      for (const [name] of values.filter(([, value]) => value)) expect(refused, deployment.metadata.name).toContain(`  ${name}: `);
    }
  });

  it('runs the worker and the API as docker-compose.yml does', () => {
    const compose = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'), { merge: true });
    expect(containerOf(worker).command).toEqual(compose.services.worker.command);
    expect(envOf(containerOf(worker)).MALLOC_ARENA_MAX).toBe(compose.services.worker.environment.MALLOC_ARENA_MAX);
    expect(containerOf(api).command).toEqual(compose.services.api.command);
  });

  it('probes the API on paths it serves without a key: start-up on /healthz, readiness and liveness on /livez', () => {
    const served = ROUTES.filter((r) => r.method === 'get' && r.auth === 'public').map((r) => r.path);
    const container = containerOf(api);
    const port = container.ports.find((p: any) => p.name === 'http');
    expect(String(port.containerPort)).toBe(envOf(container).PORT);
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(served).toEqual(expect.arrayContaining(['/healthz', '/livez']));
  });

  it('probes the worker on its health port: liveness on /livez, readiness on /healthz', () => {
    const container = containerOf(worker);
    const port = container.ports.find((p: any) => p.name === 'health');
    expect(String(port.containerPort)).toBe(envOf(container).WORKER_HEALTH_PORT);
    expect(container.livenessProbe.httpGet).toEqual({ path: WORKER_LIVENESS_PATH, port: 'health' });
    expect(container.readinessProbe.httpGet).toEqual({ path: WORKER_HEALTH_PATH, port: 'health' });
    expect(container.startupProbe).toBeUndefined();
  });

  it('requests and limits CPU and memory for every container, limits at or above requests', () => {
    for (const deployment of [api, worker]) {
      for (const { requests, limits } of deployment.spec.template.spec.containers.map((c: any) => c.resources)) {
        for (const resource of ['cpu', 'memory']) {
          const what = `${deployment.metadata.name} ${resource}`;
          expect(quantity(limits[resource]), what).toBeGreaterThanOrEqual(quantity(requests[resource]));
        }
      }
    }
  });

  it('keeps at least one replica of each through a drain, and leaves the counts to the autoscalers', () => {
    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: api.metadata.name });
    expect(scaledObject.spec.scaleTargetRef.name).toBe(worker.metadata.name);
    for (const [deployment, minimum] of [
      [api, hpa.spec.minReplicas],
      [worker, scaledObject.spec.minReplicaCount],
    ]) {
      expect(deployment.spec.replicas, 'the autoscaler owns the count').toBeUndefined();
      const labels = deployment.spec.template.metadata.labels;
      expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
      const selects = (m: Manifest) => Object.entries(m.doc.spec.selector.matchLabels).every(([k, v]) => labels[k] === v);
      const pdbs = manifests.filter((m) => m.doc.kind === 'PodDisruptionBudget' && selects(m));
      expect(pdbs, deployment.metadata.name).toHaveLength(1);
      const left = minimum - (pdbs[0] as Manifest).doc.spec.maxUnavailable;
      expect(left, `${deployment.metadata.name}: replicas left during a drain`).toBeGreaterThanOrEqual(1);
    }
    expect(one('Service').spec.selector).toEqual(api.spec.selector.matchLabels);
  });

  it('fits every replica’s Postgres pool, at the autoscalers’ maximum, in a default Postgres’s 100 connections', () => {
    const hpa = one('HorizontalPodAutoscaler');
    expect((hpa.spec.maxReplicas + scaledObject.spec.maxReplicaCount) * POOL_SIZE).toBeLessThanOrEqual(100);
  });

  it('scales the worker with KEDA’s Temporal scaler on both kinds of task of the queue the worker polls, never below one', () => {
    expect(scaledObject.spec.triggers).toHaveLength(1);
    const [trigger] = scaledObject.spec.triggers;
    expect(trigger.type).toBe('temporal');
    // The trigger's fields as KEDA's docs name them (keda.sh/docs, scalers, Temporal).
    const documented = ['endpoint', 'endpointFromEnv', 'namespace', 'taskQueue', 'queueTypes', 'targetQueueSize'];
    documented.push('activationTargetQueueSize', 'minConnectTimeout', 'unsafeSsl', 'tlsServerName');
    expect(Object.keys(trigger.metadata).filter((k) => !documented.includes(k))).toEqual([]);
    const { TEMPORAL_NAMESPACE: namespace, TEMPORAL_TASK_QUEUE: taskQueue } = configMap.data;
    expect(trigger.metadata).toMatchObject({ namespace, taskQueue });
    // KEDA reads endpointFromEnv from the scale target's first container.
    expect(environmentOf(worker, filledSecret)[trigger.metadata.endpointFromEnv]).toBe(configMap.data.TEMPORAL_ADDRESS);
    expect(trigger.metadata.queueTypes.split(',').sort()).toEqual(['activity', 'workflow']);
    expect(Number(trigger.metadata.targetQueueSize)).toBeGreaterThan(0);
    expect(Number.isInteger(Number(trigger.metadata.targetQueueSize))).toBe(true);
    expect(scaledObject.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
  });

  it.each(components)(
    '%s gives the scaler the worker’s own Temporal credentials',
    (file) => {
      const component = parse(readFileSync(path.join(DEPLOY, file), 'utf8'));
      expect(component).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component' });
      const own = component.resources.map((r: string) => path.join(path.dirname(file), r));
      for (const r of own) expect(existsSync(path.join(DEPLOY, r)), r).toBe(true);
      const auth = one(
        'TriggerAuthentication',
        undefined,
        manifests.filter((m) => own.includes(m.file)),
      );
      // KEDA's auth parameters for Temporal, and the variables the worker reads the same credentials from.
      const variableOf: Record<string, string> = {
        apiKey: 'TEMPORAL_API_KEY',
        cert: 'TEMPORAL_TLS_CERT',
        key: 'TEMPORAL_TLS_KEY',
        ca: 'TEMPORAL_TLS_CA',
      };
      for (const ref of auth.spec.secretTargetRef) {
        expect(ref.name).toBe(secretExample.metadata.name);
        expect(ref.key, ref.parameter).toBe(variableOf[ref.parameter]);
        expect(Object.keys(secretExample.stringData)).toContain(ref.key);
      }
      const [patch] = component.patches;
      expect(patch.target).toMatchObject({ kind: scaledObject.kind, name: scaledObject.metadata.name });
      const patched = applyJsonPatch(scaledObject, parse(patch.patch));
      expect(patched.spec.triggers[0].authenticationRef).toEqual({ name: auth.metadata.name });
      const asManifest = { where: `${file} applied to worker.yaml`, file, doc: patched };
      expect([schemaError(asManifest), ...strictErrors([asManifest])].filter(Boolean)).toEqual([]);
    },
    60_000,
  );
});
