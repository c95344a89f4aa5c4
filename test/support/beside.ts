/**
 * For tests about whether a worker serves the task queue: another API (and console) beside a
 * harness's, over the same database and Temporal client but on a task queue of the test's choosing
 * (one nobody polls, say), and the evidence that a queue's worker is polling.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { expect, inject } from 'vitest';
import { composeApi } from '../../src/compose/api';
import { loadConfig } from '../../src/config';
import { closeServer, listen } from '../../src/runtime';
import { TEST_ENV } from './config';
import type { Harness } from './harness';

export interface ApiBeside {
  url: string;
  /** GET with the key if given; the JSON body and the Retry-After header. */
  get(path: string, key?: string): Promise<{ status: number; retryAfter: string | null; body: any }>;
  close(): Promise<void>;
}

/** An API on `taskQueue` over the harness's database and client; `clock` is the API's "now". */
export async function apiBeside(h: Harness, taskQueue: string, clock?: () => Date): Promise<ApiBeside> {
  const servers = { TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: h.db.url };
  const config = loadConfig({ ...servers, TEMPORAL_TASK_QUEUE: taskQueue, PUBLIC_BASE_URL: 'http://127.0.0.1', ...TEST_ENV });
  const { app } = composeApi(config, { db: h.db.pool, client: h.client, log: () => undefined, ...(clock ? { clock } : {}) });
  const server: Server = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async get(path, key) {
      const res = await fetch(`${url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
    },
    close: () => closeServer(server),
  };
}

const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;

/** Waits until Temporal lists a poller of `queue` for both workflow and activity tasks. */
export async function workerPolls(client: Client, queue: string): Promise<void> {
  const listed = async (taskQueueType: temporal.api.enums.v1.TaskQueueType) => {
    const { namespace } = client.options;
    const answer = await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: queue }, taskQueueType });
    return answer.pollers.length;
  };
  const both = async () => (await listed(TASK_QUEUE_TYPE_WORKFLOW)) * (await listed(TASK_QUEUE_TYPE_ACTIVITY));
  await expect.poll(both, { timeout: 10_000 }).toBeGreaterThan(0);
}
