import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';
import { readBody, sendJson } from './http';
import { FaultScript, type When } from './script';
import { countBy } from './tally';
import { DEFAULT_TIMING, statusCallbacks, type CallbackRecord, type DeliveryOutcome, type StatusTiming } from './twilio-callbacks';
import { OPTED_OUT, twilioError, validate, type TwilioFailure, type TwilioFault } from './twilio-errors';
import { listPage, messageResource, publicView, type TwilioMessage } from './twilio-messages';

/**
 * A local stand-in for api.twilio.com that speaks enough of the Messages API for the real SDK:
 * the SDK builds the request, signs in and parses the answer exactly as it would in production.
 * Messages can be created, listed (filters and paging as the SDK sends them) and fetched; each
 * accepted one is sent and delivered with signed status callbacks. Faults are scripted: errors
 * (with Retry-After on 429/503), slow answers, accepted-but-unanswered requests, a provider that
 * is down, and opted-out numbers.
 */

export type { CallbackRecord, DeliveryOutcome, StatusTiming, TwilioFailure, TwilioFault, TwilioMessage };

export interface RecordedRequest {
  method: string;
  path: string;
  /** The form of a POST, the query of a GET. */
  form: Record<string, string>;
  authorized: boolean;
  /** The status this server answered with; 0 when it never answered. */
  status: number;
}

/** Thrown when a test waited for a message that never arrived. */
export class MessageNotReceivedError extends Error {
  override readonly name = 'MessageNotReceivedError';
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;
const MESSAGE_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\/(SM[0-9a-f]{32})\.json$/;

export async function startTwilioServer(opts: { accountSid: string; authToken: string; timing?: Partial<StatusTiming> }) {
  const requests: RecordedRequest[] = [];
  const arrivals = new Arrivals<TwilioMessage>(
    (ms, n) => new MessageNotReceivedError(`no matching SMS reached the Twilio fake within ${ms} ms (${n} received)`),
  );
  // Every accepted message, for list and fetch; `messages` may be emptied by its user (the benchmark's sink does).
  const store: TwilioMessage[] = [];
  const script = new FaultScript<TwilioFault>();
  const optedOut = new Set<string>();
  const holds = new Set<NodeJS.Timeout>();
  const callbacks = statusCallbacks({ authToken: opts.authToken, timing: { ...DEFAULT_TIMING, ...opts.timing } });
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  const listUri = `/2010-04-01/Accounts/${opts.accountSid}/Messages.json`;
  let resetting = false;

  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (holds.delete(timer), resolve()), ms);
      holds.add(timer);
    });

  function accept(form: Record<string, string>): TwilioMessage {
    const message: TwilioMessage = { ...messageResource(opts.accountSid, form), receivedAt: Date.now() };
    store.push(message);
    arrivals.add(message);
    callbacks.progress(message);
    return message;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://twilio.local');
    const form = Object.fromEntries(req.method === 'GET' ? url.searchParams : new URLSearchParams(raw));
    const authorized = req.headers.authorization === expectedAuth;
    const record = (status: number) => requests.push({ method: req.method ?? '', path: url.pathname, form, authorized, status });
    const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
      record(status);
      if (!res.destroyed) sendJson(res, status, body, { 'Twilio-Request-Id': `RQ${randomBytes(16).toString('hex')}`, ...headers });
    };
    const fail = (f: TwilioFailure) =>
      answer(f.status, twilioError(f), f.status === 429 || f.status === 503 ? { 'Retry-After': String(f.retryAfterS ?? 1) } : {});

    if (!authorized) return fail({ status: 401 });
    const list = MESSAGES_PATH.exec(url.pathname);
    const one = MESSAGE_PATH.exec(url.pathname);
    if ((list?.[1] ?? one?.[1]) !== opts.accountSid) return fail({ status: 404 });
    if (one && req.method === 'GET') {
      const found = store.find((m) => m.sid === one[2]);
      return found ? answer(200, publicView(found)) : fail({ status: 404 });
    }
    if (list && req.method === 'GET') return answer(200, listPage(store, listUri, url.searchParams));
    if (!list || req.method !== 'POST') return fail({ status: 404 });

    const fault = script.take(form.To);
    if (fault?.kind === 'fail') return fail(fault.failure);
    if (fault?.kind === 'hold') {
      await hold(fault.ms);
      if (fault.then !== 'accept') return fail(fault.then);
    }
    const refusal = validate(form) ?? (optedOut.has(form.To ?? '') ? OPTED_OUT : undefined);
    if (refusal) return fail(refusal);
    const message = accept(form);
    if (fault?.kind !== 'hang') return answer(201, publicView(message));
    record(0);
    if (fault.mode === 'destroy') req.socket.destroy();
    // 'silent': the response stays open until the client gives up or the server closes.
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  // "reset" mode: every new connection is answered with a TCP reset.
  server.on('connection', (socket) => resetting && socket.resetAndDestroy());
  const listenOn = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listenOn(0);
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messages: arrivals.items,
    /** Status callbacks posted (after their retries), in the order they finished. */
    callbacks: callbacks.posted,
    /** Resolves with the first accepted message (already here or still to come) that matches. */
    waitForMessage(predicate: (m: TwilioMessage) => boolean = () => true, timeoutMs = 5_000): Promise<TwilioMessage> {
      return arrivals.waitFor(predicate, timeoutMs);
    },
    /** Resolves once a matching status callback was posted (and answered, or given up on). */
    waitForCallback(predicate: (c: CallbackRecord) => boolean, timeoutMs = 5_000): Promise<CallbackRecord> {
      return callbacks.waitFor(predicate, timeoutMs);
    },
    /** Message creates meet this fault: the next n, every one to a number, or all during a window. */
    script(fault: TwilioFault, when: When) {
      script.add(fault, when);
    },
    /** The next n message requests fail with this Twilio error. */
    failNext(n: number, failure: TwilioFailure) {
      script.add({ kind: 'fail', failure }, { next: n });
    },
    /** Every message request to this number fails with this error. */
    failFor(to: string, failure: TwilioFailure) {
      script.add({ kind: 'fail', failure }, { to });
    },
    clearScript() {
      script.clear();
    },
    /** As after the recipient texted STOP: later sends to the number fail with 400 / 21610. */
    optOut(number: string) {
      optedOut.add(number);
    },
    optIn(number: string) {
      optedOut.delete(number);
    },
    /** How this destination's messages end (default: delivered). */
    deliveryFor(to: string, outcome: DeliveryOutcome) {
      callbacks.outcomeFor(to, outcome);
    },
    /** Status callbacks on (default) or off; messages still move through their statuses. */
    setCallbacks(on: boolean) {
      callbacks.setEnabled(on);
    },
    /** Accepted copies per destination and body: 1 is received once, more is duplicated. */
    copies() {
      return countBy(store, (m) => ({ to: m.to, body: m.body })).map(({ key, copies }) => ({ ...key, copies }));
    },
    /** Down: connections refused (listener closed) or reset; open connections are dropped either way. */
    down(mode: 'refuse' | 'reset' = 'refuse') {
      if (mode === 'reset') resetting = true;
      else if (server.listening) server.close();
      server.closeAllConnections();
    },
    async up() {
      resetting = false;
      if (!server.listening) await listenOn(port);
    },
    reset() {
      requests.length = 0;
      arrivals.items.length = 0;
      store.length = 0;
      script.clear();
      optedOut.clear();
      callbacks.reset();
      resetting = false;
    },
    close(): Promise<void> {
      callbacks.close();
      holds.forEach((t) => clearTimeout(t));
      server.closeAllConnections();
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

export type TwilioServer = Awaited<ReturnType<typeof startTwilioServer>>;
