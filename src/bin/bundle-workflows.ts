/**
 * `npm run build` step: bundles the workflows once, at build time, into dist/workflows-bundle.js.
 * A worker that bundles at start-up instead keeps webpack's memory for its whole life (about
 * 80 MB of resident memory, measured in docs/benchmarks.md).
 */
import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PREBUILT_BUNDLE, workflowsPath } from '../runtime';

async function main(): Promise<void> {
  const quiet = { trace() {}, debug() {}, info() {}, log() {}, warn: console.warn, error: console.error };
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quiet });
  writeFileSync(PREBUILT_BUNDLE, code);
  console.log(`workflows bundled into ${PREBUILT_BUNDLE} (${Math.round(code.length / 1024)} KB)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
