/**
 * Rate limits, counted in Postgres (`rate_limits`, migrations/1764900000000_rate-limits.sql) with
 * rate-limiter-flexible, so every API replica sees the same counts. A refused request is a 429
 * problem with `Retry-After`. What is limited, and why:
 *
 * - every request, by source address: a flood from one place (`TRUST_PROXY` names the proxies in
 *   front of us, so the address is the client's, not the load balancer's);
 * - every authenticated request, by key (a console session counts as its person's key);
 * - key lookups, by source address: at most as many at once as the refusal limit, and past that
 *   many refused keys the address is refused before any lookup for the rest of the window, so
 *   300 guessed keys in a second cost a handful of lookups, not 300; a key that authenticated
 *   recently (./recent-keys.ts) is let through both, so one bad client behind a NAT does not
 *   lock out the integrations beside it;
 * - sign-in attempts of the console, by source address;
 * - inbound texts, by phone (STOP and START always go through: an opt-out is never refused).
 *
 * When Postgres cannot count, or takes longer than a second to, each replica counts in memory
 * instead (the insurance limiter): limits keep holding, per replica, and no request fails or waits
 * long because of the limiter.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import { principalOf } from './auth';
import { problems, type HttpProblem } from './problems';

export interface LimitSettings {
  perKeyPerMinute: number;
  perAddressPerMinute: number;
  badKeysPerWindow: number;
  signInsPerWindow: number;
  textsPerPhonePerHour: number;
}

/** How long failed keys and sign-ins are counted, and an address that went over waits. */
const WINDOW_SECONDS = 15 * 60;
/** A count Postgres has not answered by then is made in memory: a limiter must never be what makes a request slow. */
const STORE_TIMEOUT_MS = 1_000;
export const RATE_LIMIT_TABLE = 'rate_limits';

/** Around each database lookup of a bearer key (./auth.ts); a cached answer needs no lookup and passes no gate. */
export interface LookupGate {
  /**
   * Throws a 429 problem when this address may not look a key up now, unless `vouched` (asked
   * only then) says the key authenticated recently. Resolves to what to call after the lookup:
   * a refused key counts against the address.
   */
  enter(req: Request, vouched: () => Promise<boolean>): Promise<(refused: boolean) => Promise<void>>;
}

export interface Limits {
  /** Every request, by source address (health checks and Twilio's webhooks excepted). */
  byAddress: RequestHandler;
  /** After authentication: by key, or by person for a console session. */
  byPrincipal: RequestHandler;
  keyLookups: LookupGate;
  /** Console sign-in forms, by source address; `refuse` answers in the console's own words. */
  signIn: (refuse: (req: Request, res: Response, retryAfterSeconds: number) => void) => RequestHandler;
  /** Throws a 429 problem when this phone has texted too often. */
  inboundText: (from: string) => Promise<void>;
}

/** Paths a load balancer, an orchestrator's probes or Twilio call: never limited by address (Twilio's are signed, and limited by phone). */
const UNLIMITED_BY_ADDRESS = /^\/(healthz$|livez$|v1\/webhooks\/twilio\/)/;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function createLimits(db: Pool, s: LimitSettings): Limits {
  const limiter = (keyPrefix: string, points: number, duration: number) => {
    const insuranceLimiter = new RateLimiterMemory({ keyPrefix, points, duration });
    const store = new RateLimiterPostgres({
      storeClient: db,
      storeType: 'pool',
      tableName: RATE_LIMIT_TABLE,
      // The migration made the table; the library must not try DDL with the API's grants.
      tableCreated: true,
      keyPrefix,
      points,
      duration,
      insuranceLimiter,
    });
    return new RLWrapperTimeouts({ limiter: store, timeoutMs: STORE_TIMEOUT_MS, insuranceLimiter });
  };
  const address = limiter('address', s.perAddressPerMinute, 60);
  const key = limiter('key', s.perKeyPerMinute, 60);
  const badKeys = limiter('badkey', s.badKeysPerWindow, WINDOW_SECONDS);
  const signIns = limiter('signin', s.signInsPerWindow, WINDOW_SECONDS);
  const texts = limiter('phone', s.textsPerPhonePerHour, 3600);
  /** Addresses refused without a lookup on this replica, and until when (epoch ms); lookups in flight per address. */
  const refusedUntil = new Map<string, number>();
  const inFlight = new Map<string, number>();

  /** Consumes a point; the seconds to wait when over the limit, else undefined. */
  async function over(l: RLWrapperTimeouts, k: string): Promise<number | undefined> {
    try {
      await l.consume(k);
      return undefined;
    } catch (err) {
      if (err instanceof RateLimiterRes) return seconds(err.msBeforeNext);
      throw err;
    }
  }

  /** Consumes a point; the seconds until the window ends once nothing is left (this point included), else undefined. */
  async function spend(l: RLWrapperTimeouts, k: string): Promise<number | undefined> {
    try {
      const res = await l.consume(k);
      return res.remainingPoints <= 0 ? seconds(res.msBeforeNext) : undefined;
    } catch (err) {
      if (err instanceof RateLimiterRes) return seconds(err.msBeforeNext);
      throw err;
    }
  }

  const tooMany = (wait: number, what: string) => problems.tooManyRequests(wait, `Too many ${what}; try again in ${wait} seconds.`);
  const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

  return {
    byAddress: async (req, _res, next) => {
      if (!UNLIMITED_BY_ADDRESS.test(req.path)) {
        const wait = await over(address, addressOf(req));
        if (wait) throw tooMany(wait, 'requests from this address');
      }
      next();
    },
    byPrincipal: async (_req, res, next) => {
      const wait = await over(key, principalOf(res).keyId);
      if (wait) throw tooMany(wait, 'requests with this API key');
      next();
    },
    keyLookups: {
      async enter(req, vouched) {
        const ip = addressOf(req);
        /** The address is refused from the refusal that uses up its allowance, not the one after. */
        const count = async (refused: boolean) => {
          const wait = refused ? await spend(badKeys, ip) : undefined;
          if (!wait) return;
          if (refusedUntil.size > 10_000) refusedUntil.clear();
          refusedUntil.set(ip, Date.now() + wait * 1000);
        };
        /** Why this address may not look a key up now, if it may not. */
        const shut = (): HttpProblem | undefined => {
          const until = refusedUntil.get(ip) ?? 0;
          if (until > Date.now()) return tooMany(seconds(until - Date.now()), 'refused API keys from this address');
          // A burst of guesses must not all be looked up before the first refusals are counted.
          if ((inFlight.get(ip) ?? 0) >= s.badKeysPerWindow) return tooMany(1, 'API key lookups at once from this address');
          return undefined;
        };
        if (shut() && (await vouched())) return count;
        // Asked again: the answer above may have waited for a query, and the counts moved meanwhile.
        const refusal = shut();
        if (refusal) throw refusal;
        inFlight.set(ip, (inFlight.get(ip) ?? 0) + 1);
        return async (refused) => {
          try {
            await count(refused);
          } finally {
            // Held until the refusal is counted, so no burst slips in between.
            const left = (inFlight.get(ip) ?? 1) - 1;
            if (left > 0) inFlight.set(ip, left);
            else inFlight.delete(ip);
          }
        };
      },
    },
    signIn: (refuse) => async (req, res, next) => {
      const wait = await over(signIns, addressOf(req));
      if (wait) return refuse(req, res, wait);
      next();
    },
    inboundText: async (from) => {
      const wait = await over(texts, from);
      if (wait) throw tooMany(wait, 'texts from this number');
    },
  };
}
