/**
 * The workers of one test file: one per test, each on a task queue of its own, built by the
 * product's composition root. The next test's worker is built while the current test runs. Earlier
 * tests' workers keep polling until the file ends, so workflows a file made before its tests (in
 * beforeAll) are still served; new workflows go to the current test's queue only.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import { composeWorker, type ComposedWorker, type WorkerOverrides } from '../../src/compose/worker';
import type { Config } from '../../src/config';

// Worker state changes at INFO would bury test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by an earlier test file.
}

let bundle: Promise<WorkflowBundle> | undefined;
/** One workflow bundle per test file: bundling costs seconds, a worker (on the main thread) milliseconds. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../../src/workflows/index.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  return bundle;
}

export class TestWorkers {
  #current: ComposedWorker | undefined;
  /** Workers of earlier tests, still serving the workflows started on their queues. */
  #earlier: ComposedWorker[] = [];
  #next: Promise<{ queue: string; worker: ComposedWorker }> | undefined;
  /** The task queue the current worker polls. */
  queue = '';

  constructor(
    private readonly config: Config,
    private readonly overrides: WorkerOverrides,
  ) {}

  async #build(queue: string): Promise<{ queue: string; worker: ComposedWorker }> {
    // Workflows on the main thread: a worker is then created in ~50 ms instead of ~0.7 s (a thread
    // and the bundle loaded into it), which is what makes a worker per test affordable. The cost:
    // no 2 s deadlock detection. TEST_WORKER_THREADS=1 runs them in worker threads, as in production.
    const tuning = process.env.TEST_WORKER_THREADS ? {} : { debugMode: true };
    return { queue, worker: await composeWorker({ ...this.config, TEMPORAL_TASK_QUEUE: queue }, { ...this.overrides, tuning, setUpNamespace: false }) };
  }

  #run(worker: ComposedWorker): void {
    this.#current = worker;
    void worker.run().catch((err: unknown) => console.error('test worker stopped:', err));
  }

  /** A worker on the current queue again (after `stop`). */
  async start(): Promise<void> {
    this.#run((await this.#build(this.queue)).worker);
  }

  async stop(): Promise<void> {
    await this.#current?.close();
    this.#current = undefined;
  }

  /** Replaces the worker with one on a new task queue; returns that queue. */
  async renew(): Promise<string> {
    if (this.#current) this.#earlier.push(this.#current);
    this.#current = undefined;
    const ready = await (this.#next ?? this.#build(`test-${randomUUID()}`));
    this.#next = undefined;
    this.queue = ready.queue;
    this.#run(ready.worker);
    return ready.queue;
  }

  warmNext(): void {
    this.#next ??= this.#build(`test-${randomUUID()}`);
    this.#next.catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.stop();
    await Promise.all(this.#earlier.splice(0).map((w) => w.close()));
    await (await this.#next?.catch(() => undefined))?.worker.close();
  }
}
