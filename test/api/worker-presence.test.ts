/**
 * Whether a worker serves the task queue, as /healthz and the board say it: from Temporal's own
 * list of the queue's pollers (DescribeTaskQueue), against the real dev server and a real worker.
 * No worker keeps /healthz at 200 (the API still serves) with status degraded and worker absent.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { WORKER_GONE_AFTER_MS } from '../../src/api/worker-presence';
import { apiBeside, workerPolls } from '../support/beside';
import { SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();

describe('worker presence', () => {
  it('says a worker is present on /healthz and the board while one polls the task queue', async () => {
    await workerPolls(h.client, h.taskQueue);
    const health = await h.api('GET', '/healthz', { key: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', postgres: 'ok', temporal: 'ok', worker: 'present' });
    for (const kind of ['workflow', 'activity']) {
      expect(health.body.pollers[kind].recent, kind).toBeGreaterThanOrEqual(1);
      expect(Date.now() - Date.parse(health.body.pollers[kind].lastSeenAt), kind).toBeLessThan(WORKER_GONE_AFTER_MS);
    }
    expect(health.body.detail).toBeUndefined();
    const board = await h.api('GET', '/v1/board', { key: SUPERVISOR_KEY });
    expect(board.status).toBe(200);
    expect(board.body.worker).toBe('present');
  });

  it('says no worker is running when none polls the task queue: /healthz stays 200, degraded, and the board says absent', async () => {
    const queue = `nobody-polls-${randomUUID()}`;
    const api = await apiBeside(h, queue);
    try {
      const health = await api.get('/healthz');
      // The API itself serves (creates wait in Temporal): a load balancer must keep it in rotation.
      expect(health.status).toBe(200);
      expect(health.retryAfter).toBeNull();
      expect(health.body).toMatchObject({ status: 'degraded', postgres: 'ok', temporal: 'ok', worker: 'absent' });
      expect(health.body.pollers).toEqual({ workflow: { recent: 0, lastSeenAt: null }, activity: { recent: 0, lastSeenAt: null } });
      expect(health.body.detail.worker).toContain(queue);
      expect(health.body.detail.worker).toContain('npm run worker');
      const board = await api.get('/v1/board', SUPERVISOR_KEY);
      expect(board.status).toBe(200);
      expect(board.body.worker).toBe('absent');
    } finally {
      await api.close();
    }
  });

  it(`counts a worker that stopped polling as gone once it has not been seen for ${WORKER_GONE_AFTER_MS / 1000} s`, async () => {
    await workerPolls(h.client, h.taskQueue);
    await h.stopWorker();
    // Temporal keeps listing a stopped worker's pollers for minutes; when they were last seen is what counts.
    const now = await apiBeside(h, h.taskQueue);
    const later = await apiBeside(h, h.taskQueue, () => new Date(Date.now() + WORKER_GONE_AFTER_MS + 5_000));
    try {
      expect((await now.get('/healthz')).body.worker).toBe('present');
      const health = await later.get('/healthz');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'degraded', worker: 'absent' });
      expect(health.body.pollers).toMatchObject({ workflow: { recent: 0 }, activity: { recent: 0 } });
      expect(health.body.pollers.workflow.lastSeenAt).not.toBeNull();
      expect((await later.get('/v1/board', SUPERVISOR_KEY)).body.worker).toBe('absent');
    } finally {
      await Promise.all([now.close(), later.close()]);
      await h.startWorker();
    }
  });

  it('asks Temporal once for a burst of health checks and boards, not once per request', async () => {
    const api = await apiBeside(h, h.taskQueue);
    const asked = vi.spyOn(h.client.workflowService, 'describeTaskQueue');
    try {
      const ask = (i: number) => (i % 2 ? api.get('/v1/board', SUPERVISOR_KEY) : api.get('/healthz'));
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => ask(i)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      // One question per kind of task (workflow, activity), shared by all six requests.
      expect(asked).toHaveBeenCalledTimes(2);
    } finally {
      asked.mockRestore();
      await api.close();
    }
  });
});
