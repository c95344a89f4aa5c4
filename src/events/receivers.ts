/**
 * Where events may be sent, and the one POST that sends one. A receiver is an https URL on a public
 * address; http and private addresses only where insecure receivers are allowed (`npm start`, or
 * ALLOW_INSECURE), or, for on-premises receivers, the private ranges EVENT_RECEIVER_PRIVATE_RANGES
 * lists. The address is checked at creation when it is a literal, and at every delivery on the
 * address actually connected to (the socket's own DNS lookup), so a name that later resolves to
 * 127.0.0.1 or the cloud's metadata service is refused then too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

export interface ReceiverPolicy {
  /** http and every address allowed: a receiver on the developer's own machine. */
  insecure: boolean;
  /** Private ranges allowed anyway (CIDR), for receivers inside the company's network. */
  allowedRanges: readonly string[];
}

/** Loopback, private, shared, link-local (with the 169.254.169.254 metadata service), multicast, reserved. */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  FORBIDDEN.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 one. */
function plain(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1] as string, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

function allowList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [net, bits] = range.split('/');
    const family = isIP(net ?? '') === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(net as string, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
  }
  return list;
}

/** Whether an address may receive events under the policy. */
export function addressAllowed(address: string, policy: ReceiverPolicy): boolean {
  if (policy.insecure) return true;
  const { address: a, family } = plain(address);
  if (!FORBIDDEN.check(a, family)) return true;
  return allowList(policy.allowedRanges).check(a, family);
}

/** Why a receiver URL is refused at creation, or undefined when it is fine. */
export function receiverUrlProblem(raw: string, policy: ReceiverPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL, such as https://helpdesk.example.com/hooks/followthrough';
  }
  if (url.username || url.password) return 'must not carry a user name or password; the signature proves who sent it';
  if (url.protocol === 'http:' && !policy.insecure) return 'must be https (http is for a receiver on your own machine under npm start, or ALLOW_INSECURE)';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' && !policy.insecure) return 'must not be localhost outside npm start';
  if (isIP(host) && !addressAllowed(host, policy))
    return `points at ${host}, a private or reserved address; list the range in EVENT_RECEIVER_PRIVATE_RANGES for an on-premises receiver`;
  return undefined;
}

export class ReceiverRefused extends Error {
  override readonly name = 'ReceiverRefused';
}

/** The socket's lookup, refusing any answer that is not allowed: checked on what is connected to. */
function guardedLookup(policy: ReceiverPolicy) {
  return (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.find((a) => !addressAllowed(a.address, policy));
      if (refused) return callback(new ReceiverRefused(`${hostname} resolves to ${refused.address}, a private or reserved address`), []);
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

export interface PostAnswer {
  status?: number;
  /** The answer's first KB, for the delivery log. */
  response?: string;
  /** Seconds or a date, as Retry-After said, turned into milliseconds from now. */
  retryAfterMs?: number;
  /** Why there was no answer (refused address, timeout, connection refused). */
  error?: string;
  durationMs: number;
}

/** What the delivery log keeps of an answer. */
export const RESPONSE_KEPT = 1024;

function retryAfter(res: IncomingMessage, now: number): number | undefined {
  const value = res.headers['retry-after'];
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** One POST, never following a redirect, given up after `timeoutMs` (answer included). */
export function postEvent(url: string, headers: Record<string, string>, body: string, policy: ReceiverPolicy, timeoutMs: number): Promise<PostAnswer> {
  const started = Date.now();
  const durationMs = () => Date.now() - started;
  return new Promise<PostAnswer>((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ error: 'the URL no longer parses', durationMs: 0 });
    }
    if (target.protocol === 'http:' && !policy.insecure) return resolve({ error: 'http is refused outside npm start and ALLOW_INSECURE', durationMs: 0 });
    // A literal address is connected to without a lookup: judged here instead.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && !addressAllowed(literal, policy)) return resolve({ error: `${literal} is a private or reserved address`, durationMs: 0 });
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Followthrough-Webhooks/1' },
      lookup: guardedLookup(policy),
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < RESPONSE_KEPT) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      res.on('error', () => undefined);
      res.on('end', () =>
        resolve({
          status: res.statusCode as number,
          response: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_KEPT),
          ...(retryAfter(res, Date.now()) !== undefined ? { retryAfterMs: retryAfter(res, Date.now()) as number } : {}),
          durationMs: durationMs(),
        }),
      );
    });
    req.on('error', (err: Error & { code?: string }) => {
      const why =
        err instanceof ReceiverRefused || (err.cause as Error | undefined) instanceof ReceiverRefused
          ? err.message
          : err.name === 'TimeoutError' || err.name === 'AbortError'
            ? `no answer within ${timeoutMs / 1000} s`
            : `${err.code ?? err.name}: ${err.message}`;
      resolve({ error: why, durationMs: durationMs() });
    });
    req.end(body);
  });
}
