import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';

/**
 * A local stand-in for api.twilio.com that speaks enough of the Messages API for the real SDK:
 * the SDK builds the request, signs in and parses the answer exactly as it would in production.
 */

export interface TwilioFailure {
  status: number;
  code?: number;
  message?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  form: Record<string, string>;
  authorized: boolean;
  /** The status this server answered with. */
  status: number;
}

export interface TwilioMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  status: string;
  status_callback: string | null;
  date_created: string;
  uri: string;
  /** Date.now() when the server accepted the message (benchmarks measure lag to it); never sent back. */
  receivedAt?: number;
  [field: string]: unknown;
}

/** Thrown when a test waited for a message that never arrived. */
export class MessageNotReceivedError extends Error {
  override readonly name = 'MessageNotReceivedError';
}

// Twilio's generic errors for the statuses a test scripts without naming a code.
const DEFAULT_FAILURES: Record<number, { code: number; message: string }> = {
  400: { code: 21211, message: "The 'To' number is not a valid phone number." },
  401: { code: 20003, message: 'Authenticate' },
  404: { code: 20404, message: 'The requested resource was not found' },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'An internal server error has occurred' },
  503: { code: 20503, message: 'Service unavailable' },
};

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

export async function startTwilioServer(opts: { accountSid: string; authToken: string }) {
  const requests: RecordedRequest[] = [];
  const arrivals = new Arrivals<TwilioMessage>((ms, n) => new MessageNotReceivedError(`no matching SMS reached the Twilio fake within ${ms} ms (${n} received)`));
  const messages = arrivals.items;
  const scriptedNext: TwilioFailure[] = [];
  const scriptedFor = new Map<string, TwilioFailure>();
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const form = Object.fromEntries(new URLSearchParams(raw));
      const authorized = req.headers.authorization === expectedAuth;
      const answer = (status: number, body: object) => {
        requests.push({ method: req.method ?? '', path, form, authorized, status });
        sendJson(res, status, body);
      };

      if (!authorized) return answer(401, twilioError({ status: 401 }));
      const match = MESSAGES_PATH.exec(path);
      if (req.method !== 'POST' || !match || match[1] !== opts.accountSid) return answer(404, twilioError({ status: 404 }));

      const scripted = scriptedFor.get(form.To ?? '') ?? scriptedNext.shift();
      if (scripted) return answer(scripted.status, twilioError(scripted));
      const invalid = validate(form);
      if (invalid) return answer(400, twilioError(invalid));

      const message = messageResource(opts.accountSid, form);
      arrivals.add({ ...message, receivedAt: Date.now() });
      answer(201, message);
    }).catch(() => res.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messages,
    /** Resolves with the first accepted message (already here or still to come) that matches. */
    waitForMessage(predicate: (m: TwilioMessage) => boolean = () => true, timeoutMs = 5_000): Promise<TwilioMessage> {
      return arrivals.waitFor(predicate, timeoutMs);
    },
    /** The next n message requests fail with this Twilio error. */
    failNext(n: number, failure: TwilioFailure) {
      for (let i = 0; i < n; i++) scriptedNext.push(failure);
    },
    /** Every message request to this number fails, as Twilio does for an opted-out recipient. */
    failFor(to: string, failure: TwilioFailure) {
      scriptedFor.set(to, failure);
    },
    reset() {
      requests.length = 0;
      messages.length = 0;
      scriptedNext.length = 0;
      scriptedFor.clear();
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

export type TwilioServer = Awaited<ReturnType<typeof startTwilioServer>>;

function validate(form: Record<string, string>): TwilioFailure | undefined {
  if (!form.To) return { status: 400, code: 21604, message: "A 'To' phone number is required." };
  if (!form.From && !form.MessagingServiceSid) return { status: 400, code: 21603, message: "A 'From' phone number is required." };
  if (!form.Body && !form.MediaUrl) return { status: 400, code: 21602, message: 'Message body is required.' };
  return undefined;
}

function messageResource(accountSid: string, form: Record<string, string>): TwilioMessage {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const now = rfc2822(new Date());
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}`;
  const viaService = Boolean(form.MessagingServiceSid);
  return {
    sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    to: form.To ?? '',
    // With a Messaging Service, Twilio picks the sender later and answers `accepted`, not `queued`.
    from: form.From ?? null,
    messaging_service_sid: form.MessagingServiceSid ?? null,
    body: form.Body ?? '',
    status: viaService ? 'accepted' : 'queued',
    status_callback: form.StatusCallback ?? null,
    direction: 'outbound-api',
    num_segments: '1',
    num_media: '0',
    price: null,
    price_unit: 'USD',
    error_code: null,
    error_message: null,
    date_created: now,
    date_updated: now,
    date_sent: null,
    uri: `${uri}.json`,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
  };
}

function twilioError(failure: TwilioFailure) {
  const fallback = DEFAULT_FAILURES[failure.status] ?? { code: failure.status * 100, message: 'Request failed' };
  const code = failure.code ?? fallback.code;
  return { code, message: failure.message ?? fallback.message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: failure.status };
}

// Twilio dates look like "Tue, 04 Mar 2025 10:15:00 +0000".
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: object) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Twilio-Request-Id': `RQ${randomBytes(16).toString('hex')}`,
  });
  res.end(json);
}
