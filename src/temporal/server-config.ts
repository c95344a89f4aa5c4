/**
 * Dynamic config every Temporal server of ours runs with: the embedded dev server (as flags),
 * the benchmark's Postgres-backed server and docker-compose (deploy/temporal/dynamicconfig.yaml,
 * kept equal to this by test/temporal/server-config.unit.test.ts). A server run by someone else without it
 * still works; only what the setting buys is missing.
 */
export const DYNAMIC_CONFIG: Readonly<Record<string, boolean | number | string>> = {
  // Task-queue priority (off by default in server 1.29): a supervisor alert at a deadline goes
  // ahead of the customer messages queued with it (src/workflows/machine.ts, docs/benchmarks.md).
  'matching.useNewMatcher': true,
};

/** `temporal server start-dev` flags. */
export function dynamicConfigFlags(): string[] {
  return Object.entries(DYNAMIC_CONFIG).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}

/** The server's dynamic config file format: each key holds a list of constrained values. */
export function dynamicConfigYaml(): string {
  return Object.entries(DYNAMIC_CONFIG)
    .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n`)
    .join('');
}
