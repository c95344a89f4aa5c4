/**
 * 3. Scale: with `target` commitments open, what everything weighs (worker RSS and heap, the
 * Temporal server, Postgres, disk) and how fast the queue, report and board endpoints answer, and
 * how long the supervisors' board takes to load in a browser.
 *
 * The list and report endpoints belong to the system-of-record work; until they exist they answer
 * 404 and are reported as "not available yet" rather than failing the run.
 */
import type { ChildMemory } from '../children';
import { commitmentBody } from '../body';
import { waitForQuietMachine } from '../cpu';
import { runLoad } from '../load';
import { diskMb, statusKb, treeMemory, type TreeMemory } from '../proc';
import type { Stack } from '../stack';
import { measureBoardFirstLoad, type BoardLoadResult } from './board-load';
import { distribution, round, roundDistribution, type Distribution } from '../stats';
import { MESSAGES_PER_CREATE, OPEN_DUE_IN, countRunning, postCommitments, settle } from './commitments';

/** Cold-cache loads of the board per scale run: each costs a browser context, about half a second. */
const BOARD_LOADS = 10;

export interface ScaleOptions {
  target: number;
  concurrency: number;
  /** Requests per endpoint for the latency percentiles. */
  requests: number;
  listQuery: string;
  reportQuery: string;
  quietWaitMs: number;
}

export interface EndpointResult {
  path: string;
  /** 'measured', or why not: 'not available yet' (404) or the unexpected status. */
  status: 'measured' | 'not available yet' | 'failed';
  note?: string;
  latencyMs?: Distribution;
  /** Rows in the first answer, when it is a JSON array or has an `items`/`data` array. */
  rows?: number;
}

export interface ScaleResult {
  target: number;
  /** Running commitment workflows according to Temporal's visibility (open and escalated-awaiting-acknowledgement). */
  openWorkflows: number;
  toppedUp: number;
  /** Extra creates made so the worker's cache was full when memory was read. */
  cacheFill: number;
  topUpThroughput: number;
  worker: {
    rssMb: number;
    peakRssMb: number;
    idleRssMb: number;
    heapUsedMb: number;
    heapTotalMb: number;
    externalMb: number;
    cachedWorkflows: number;
    maxCachedWorkflows: number;
  };
  temporal: TreeMemory & { diskMb: number };
  temporalPostgres?: TreeMemory;
  appPostgres: TreeMemory & { diskMb: number };
  api: { rssMb: number };
  endpoints: EndpointResult[];
  /** The board's first load in Chromium (issue 13: under 1 s with 10,000 open). */
  board?: BoardLoadResult;
}

export async function runScale(stack: Stack, opts: ScaleOptions, startIndex: number, log: (line: string) => void): Promise<ScaleResult> {
  // Escalated commitments are still running workflows (they wait for an acknowledgement), so count those too.
  const alreadyOpen = await countRunning(stack.client, 'commitmentWorkflow');
  const topUp = async (n: number, from: number, what: string) => {
    log(`scale: creating ${n} more commitments (${what})…`);
    const before = await stack.sink.call<number>('count');
    const res = await postCommitments(stack, n, opts.concurrency, (i) => commitmentBody(from + i, { due: { dueIn: OPEN_DUE_IN } }), {
      onProgress: (done, total) => log(`scale: ${done}/${total} created`),
    });
    if (res.latencies.length === 0) throw new Error(`no commitment could be created: ${res.errorSamples[0] ?? 'no answer'}`);
    if (res.errors) log(`  ! ${res.errors} creates failed: ${res.errorSamples[0] ?? ''}`);
    // Generous: the dev server slows down markedly once it holds thousands of workflows.
    const settled = await settle(stack, before, res.latencies.length * MESSAGES_PER_CREATE, 120_000 + n * 300);
    if (settled === undefined) log('  ! the recaps had not all gone out when memory was measured');
    await stack.take();
    return res;
  };
  const missing = Math.max(0, opts.target - alreadyOpen);
  let topUpThroughput = Number.NaN;
  if (missing > 0) topUpThroughput = (await topUp(missing, startIndex, `${alreadyOpen} running already`)).throughput;

  // Memory is read with the worker's cache full, as it is in steady state: a freshly restarted
  // worker (the tuned one) has cached only what it touched since.
  const status = await stack.workerStatus();
  const wanted = Math.min(status.maxCachedWorkflows, await countRunning(stack.client, 'commitmentWorkflow'));
  let cacheFill = 0;
  if (status.numCachedWorkflows < wanted * 0.95) {
    cacheFill = wanted - status.numCachedWorkflows;
    await topUp(cacheFill, startIndex + missing, `the worker caches ${status.numCachedWorkflows} of up to ${status.maxCachedWorkflows}; filling its cache`);
  }

  // Let the worker's and servers' caches reach their resting size before reading memory.
  await new Promise((r) => setTimeout(r, 3_000));
  await waitForQuietMachine(stack, log, opts.quietWaitMs);
  const openWorkflows = await countRunning(stack.client, 'commitmentWorkflow');

  const [workerMemory, after, apiMemory] = await Promise.all([
    stack.worker.call<ChildMemory>('memory'),
    stack.workerStatus(),
    stack.api.call<ChildMemory>('memory'),
  ]);
  const result: ScaleResult = {
    target: opts.target,
    openWorkflows,
    toppedUp: missing,
    cacheFill,
    topUpThroughput: round(topUpThroughput),
    worker: {
      rssMb: round((statusKb(stack.worker.pid, 'VmRSS') ?? 0) / 1024),
      peakRssMb: round((statusKb(stack.worker.pid, 'VmHWM') ?? 0) / 1024),
      idleRssMb: stack.workerIdleRssMb,
      heapUsedMb: round(workerMemory.heapUsedMb),
      heapTotalMb: round(workerMemory.heapTotalMb),
      externalMb: round(workerMemory.externalMb),
      cachedWorkflows: after.numCachedWorkflows,
      maxCachedWorkflows: after.maxCachedWorkflows,
    },
    temporal: {
      ...roundTree(stack.backend.temporalPid ? treeMemory(stack.backend.temporalPid) : { processes: 0, rssMb: 0, pssMb: 0 }),
      diskMb: round(await diskMb(stack.backend.diskPaths)),
    },
    ...(stack.backend.persistencePid ? { temporalPostgres: roundTree(treeMemory(stack.backend.persistencePid)) } : {}),
    appPostgres: { ...roundTree(treeMemory(stack.appPg.pid)), diskMb: round(await diskMb([stack.appPg.dataDir])) },
    api: { rssMb: round(apiMemory.rssMb) },
    endpoints: [],
  };
  log(
    `scale: ${openWorkflows} open; worker RSS ${result.worker.rssMb} MB (heap ${result.worker.heapUsedMb} MB, ${after.numCachedWorkflows} cached workflows), Temporal ${result.temporal.rssMb} MB`,
  );

  result.endpoints.push(await measureEndpoint(stack, `/v1/commitments?${opts.listQuery}`, opts.requests, log));
  result.endpoints.push(await measureEndpoint(stack, `/v1/reports/summary?${opts.reportQuery}`, opts.requests, log));
  result.endpoints.push(await measureEndpoint(stack, '/v1/board', opts.requests, log));
  result.board = await measureBoardFirstLoad(stack, BOARD_LOADS, log).catch((err: unknown) => ({
    status: 'not measured' as const,
    note: err instanceof Error ? err.message : String(err),
  }));
  return result;
}

function roundTree(t: TreeMemory): TreeMemory {
  return { processes: t.processes, rssMb: round(t.rssMb), pssMb: round(t.pssMb) };
}

function rowsIn(body: string): number | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (Array.isArray(parsed)) return parsed.length;
    const list = (parsed as { items?: unknown; data?: unknown; rows?: unknown }) ?? {};
    const rows = [list.items, list.data, list.rows].find(Array.isArray);
    return rows ? (rows as unknown[]).length : undefined;
  } catch {
    return undefined;
  }
}

/** One probe first: a 404 means the endpoint is not there yet, and that is reported, not measured. */
async function measureEndpoint(stack: Stack, path: string, requests: number, log: (line: string) => void): Promise<EndpointResult> {
  const headers = { authorization: `Bearer ${stack.supervisorKey}` };
  const probe = await stack.http.request('GET', path, headers);
  if (probe.status === 404) {
    log(`scale: GET ${path} answered 404: not available yet, skipped`);
    return { path, status: 'not available yet', note: 'answered 404; the endpoint is being built (system-of-record issue)' };
  }
  if (probe.status !== 200) {
    log(`scale: GET ${path} answered ${probe.status}; not measured`);
    return { path, status: 'failed', note: `answered ${probe.status}: ${probe.body.slice(0, 200)}` };
  }
  // A few at a time, as a handful of supervisors' screens refreshing would.
  const res = await runLoad(requests, 4, async () => {
    const answer = await stack.http.request('GET', path, headers);
    if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
  });
  const latencyMs = roundDistribution(distribution(res.latencies));
  log(`scale: GET ${path}: p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms`);
  const rows = rowsIn(probe.body);
  return { path, status: 'measured', latencyMs, ...(rows !== undefined ? { rows } : {}), ...(res.errors ? { note: `${res.errors} errors` } : {}) };
}
