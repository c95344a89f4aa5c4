/**
 * The load generator: n calls at a fixed concurrency, each timed, plus a small keep-alive HTTP
 * client. node:http rather than fetch: undici's per-request cost would be charged to our API.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  /** Latency of each successful call, ms. */
  latencies: number[];
  errors: number;
  /** First error messages, to say what went wrong without flooding the output. */
  errorSamples: string[];
  elapsedMs: number;
  /** Successful calls per second over the whole batch. */
  throughput: number;
}

/**
 * Calls `task(i)` for i in [0, n) with at most `concurrency` in flight. A failed call counts as an
 * error and the batch goes on; `onProgress` sees (done, n) about once a second.
 */
export async function runLoad(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
  onProgress?: (done: number, n: number) => void,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  let done = 0;
  const started = performance.now();
  const ticker = onProgress ? setInterval(() => onProgress(done, n), 1_000) : undefined;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      try {
        await task(i);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
      done += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const elapsedMs = performance.now() - started;
  return { latencies, errors, errorSamples, elapsedMs, throughput: latencies.length / (elapsedMs / 1000) };
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** A JSON-over-HTTP client for one origin with a keep-alive pool as large as the concurrency. */
export function httpClient(baseUrl: string, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const origin = new URL(baseUrl);
  function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: origin.hostname,
          port: origin.port,
          method,
          path,
          // JSON unless the caller says otherwise (the fault suite posts Twilio's form-encoded webhooks).
          headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }
  return { request, close: () => agent.destroy() };
}

export type HttpClient = ReturnType<typeof httpClient>;
