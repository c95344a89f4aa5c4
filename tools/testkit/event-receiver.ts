import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { EventData } from '../../src/events/catalogue';
import { Arrivals } from './arrivals';

/**
 * A webhook receiver on localhost, as a helpdesk's would be: every request is verified with the
 * `standardwebhooks` package (the receiver's side of the spec) against the secrets it was given,
 * and must be a CloudEvents 1.0 JSON body. What it answers is scripted: 2xx by default, or an
 * outage (503, with Retry-After if asked), 410 Gone, a redirect, a hang, or a closed socket.
 * A request that does not verify is answered 401 and recorded as refused, never as received.
 */

export interface ReceivedEvent {
  webhookId: string;
  timestamp: string;
  /** How many signatures the header carried (two during a rotation's overlap). */
  signatures: number;
  /** Which of the receiver's secrets verified it. */
  verifiedWith: string[];
  event: { specversion: string; id: string; source: string; type: string; subject?: string; time: string; data: ReceivedData };
  receivedAt: number;
}

/** What a test reads of `data`: a commitment event's, or a test event's. */
export type ReceivedData = EventData & { subscriptionId?: string; message?: string };

export type ReceiverAnswer =
  | { kind: 'ok'; status?: number }
  /** `times`: this status for that many requests, then 2xx again (a receiver that recovers on a known attempt). */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; times?: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'hang' }
  | { kind: 'drop' };

export interface EventReceiver {
  url: string;
  port: number;
  /** Verified deliveries, in arrival order, including duplicates. */
  received: Arrivals<ReceivedEvent>;
  /** Requests that did not verify (bad signature, old timestamp, not CloudEvents), with why. */
  refused: string[];
  /** Every request, answered however: the count of attempts. */
  requests: number;
  /** The secrets it verifies with (set after the subscription is made, or rotated). */
  secrets: string[];
  answer: ReceiverAnswer;
  waitForTypes(subject: string, types: string[], timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startEventReceiver(opts: { path?: string } = {}): Promise<EventReceiver> {
  const sockets = new Set<Socket>();
  const received = new Arrivals<ReceivedEvent>((ms, n) => new Error(`the receiver did not get the expected events within ${ms} ms (${n} verified so far)`));
  const state = { refused: [] as string[], requests: 0, secrets: [] as string[], answer: { kind: 'ok' } as ReceiverAnswer };
  const server: Server = createServer(async (req, res) => {
    state.requests++;
    const raw = await body(req);
    const answer = state.answer;
    if (answer.kind === 'hang') return;
    if (answer.kind === 'drop') return req.socket.destroy();
    if (answer.kind === 'redirect') return res.writeHead(307, { location: answer.location }).end();
    if (answer.kind === 'status') {
      if (answer.times !== undefined) state.answer = answer.times > 1 ? { ...answer, times: answer.times - 1 } : { kind: 'ok' };
      res.writeHead(answer.status, answer.retryAfter ? { 'retry-after': answer.retryAfter } : {});
      return res.end(answer.body ?? '');
    }
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    const verifiedWith = state.secrets.filter((secret) => {
      try {
        new Webhook(secret).verify(raw, headers);
        return true;
      } catch {
        return false;
      }
    });
    const event = (() => {
      try {
        return JSON.parse(raw) as ReceivedEvent['event'];
      } catch {
        return undefined;
      }
    })();
    const why = !verifiedWith.length
      ? 'no secret verified the signature'
      : !event || event.specversion !== '1.0' || !event.id || !event.type || !event.source || !event.time
        ? 'not a CloudEvents 1.0 JSON body'
        : req.headers['content-type'] !== 'application/json'
          ? `content-type ${req.headers['content-type']}`
          : undefined;
    if (why || !event) {
      state.refused.push(why ?? 'unparsable');
      return res.writeHead(401).end(why);
    }
    received.add({
      webhookId: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signatures: headers['webhook-signature'].split(' ').length,
      verifiedWith,
      event,
      receivedAt: Date.now(),
    });
    res.writeHead(answer.status ?? 204).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${opts.path ?? '/hooks/followthrough'}`,
    port,
    received,
    get refused() {
      return state.refused;
    },
    get requests() {
      return state.requests;
    },
    get secrets() {
      return state.secrets;
    },
    set secrets(v: string[]) {
      state.secrets = v;
    },
    get answer() {
      return state.answer;
    },
    set answer(v: ReceiverAnswer) {
      state.answer = v;
    },
    /** Resolves once every type has arrived for the commitment, with the distinct events in arrival order. */
    async waitForTypes(subject, types, timeoutMs = 30_000) {
      for (const type of types) await received.waitFor((r) => r.event.subject === subject && r.event.type === type, timeoutMs);
      const seen = new Set<string>();
      return received.items.filter((r) => r.event.subject === subject && !seen.has(r.event.id) && seen.add(r.event.id));
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
