/**
 * The API's composition root: config → Postgres pool (with deadlines), Temporal client, express
 * app. api.ts, `npm start`, the test harness and the benchmarks build their API here; overrides
 * are what a caller injects instead (a shared pool or client, its own keys and clock).
 */
import { Client, Connection } from '@temporalio/client';
import type express from 'express';
import type { Pool } from 'pg';
import { createApp } from '../api/app';
import type { ApiDeps } from '../api/deps';
import { receiverPolicyOf } from '../events/pump-start';
import { policyDefaults } from '../api/policy';
import { settleTemporalCalls } from '../api/unavailable';
import { createAuthenticator } from '../api/auth';
import { createLimits } from '../api/limits';
import { createChannels, type MailSender } from '../channels';
import type { Config } from '../config';
import { messageBoundsOf } from '../config-protection';
import { handOverOpenWork } from '../people/handover';
import { createPool } from '../runtime';
import { dataConverterFor } from '../temporal/codec';
import { temporalConnectionOptions } from '../temporal/connection';

/**
 * Every query made for a request has a deadline, so a Postgres that is down or stalled is a 503
 * within seconds, not a request hanging on a socket: 2 s to get a connection, 5 s for a
 * statement on the server, 6 s on our side (a network that drops packets never answers).
 */
export const API_POOL_TIMEOUTS = { connectionTimeoutMillis: 2_000, statement_timeout: 5_000, query_timeout: 6_000 } as const;

export function createApiPool(databaseUrl: string): Pool {
  return createPool(databaseUrl, API_POOL_TIMEOUTS);
}

export interface ApiOverrides {
  /** A pool the caller owns; otherwise one with API_POOL_TIMEOUTS from DATABASE_URL, ended on close. */
  db?: Pool;
  /** A client the caller owns; otherwise a lazy one to TEMPORAL_ADDRESS (with its TLS or API key), closed on close. */
  client?: Client;
  /** How long a key lookup is cached (default AUTH_CACHE_MS, src/api/auth.ts). */
  authCacheMs?: number;
  /** The product's mail sender, for the console's sign-in links (default: the one the config builds). */
  mail?: MailSender;
  /** Instead of handing a deactivated person's open commitments to their team's supervisor. */
  onDeactivated?: ApiDeps['onDeactivated'];
  linkSecret?: string;
  /** Event receivers on http and local addresses allowed (npm start), besides ALLOW_INSECURE. */
  insecureReceivers?: boolean;
  temporalDeadlineMs?: number;
  clock?: () => Date;
  log?: (line: string) => void;
}

export interface ComposedApi {
  app: express.Express;
  deps: ApiDeps;
  /** Releases what this composition made (not what was injected). */
  close(): Promise<void>;
}

export function composeApi(config: Config, o: ApiOverrides = {}): ComposedApi {
  if ((!o.db && !config.DATABASE_URL) || (!o.client && !config.TEMPORAL_ADDRESS)) throw new Error('The API needs TEMPORAL_ADDRESS and DATABASE_URL.');
  const db = o.db ?? createApiPool(config.DATABASE_URL as string);
  // Lazy: the API starts, and answers 503 naming Temporal, while Temporal is still down.
  const dataConverter = dataConverterFor(config.PAYLOAD_KEYS);
  const client =
    o.client ??
    new Client({
      connection: Connection.lazy(temporalConnectionOptions(config)),
      namespace: config.TEMPORAL_NAMESPACE,
      ...(dataConverter ? { dataConverter } : {}),
    });
  const linkSecret = o.linkSecret ?? config.LINK_SECRET;
  const limits = createLimits(db, {
    perKeyPerMinute: config.RATE_LIMIT_PER_KEY,
    perAddressPerMinute: config.RATE_LIMIT_PER_ADDRESS,
    badKeysPerWindow: config.RATE_LIMIT_BAD_KEYS,
    signInsPerWindow: config.RATE_LIMIT_SIGN_IN,
    textsPerPhonePerHour: config.RATE_LIMIT_TEXTS_PER_PHONE,
  });
  const deps: ApiDeps = {
    client,
    db,
    auth: createAuthenticator(db, { gate: limits.keyLookups, ...(o.authCacheMs === undefined ? {} : { cacheMs: o.authCacheMs }) }),
    // Someone deactivated: their open commitments go to their team's supervisor, the customers told.
    onDeactivated:
      o.onDeactivated ??
      (async (staffId, by) => {
        const result = await handOverOpenWork({ client, db }, staffId, { kind: 'staff', id: by.staffId, name: by.name, role: by.role });
        for (const f of result.failed) (o.log ?? console.error)(`hand-over of ${f.id} from ${staffId} failed: ${f.reason}`);
      }),
    // The console's sign-in links go out by the same mail sender as every other email.
    mail: o.mail ?? createChannels(config, o.log ?? console.log).mail,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    policyDefaults: policyDefaults(config),
    shortestWindowMs: config.SHORTEST_WINDOW,
    limits,
    messageBounds: messageBoundsOf(config),
    trustProxy: config.TRUST_PROXY,
    ...(config.PAYLOAD_KEYS ? { payloadKeys: config.PAYLOAD_KEYS } : {}),
    temporalUiOrigins: config.TEMPORAL_UI_ORIGINS,
    brand: config.BRAND_NAME,
    ...(config.HELP_CONTACT ? { helpContact: config.HELP_CONTACT } : {}),
    ...(linkSecret ? { linkSecret } : {}),
    ...(config.TWILIO_AUTH_TOKEN ? { twilioAuthToken: config.TWILIO_AUTH_TOKEN } : {}),
    ...(o.temporalDeadlineMs ? { temporalDeadlineMs: o.temporalDeadlineMs } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    receivers: receiverPolicyOf(config, o.insecureReceivers),
    log: o.log ?? console.error,
  };
  return {
    app: createApp(deps),
    deps,
    async close() {
      if (!o.client) {
        await settleTemporalCalls(client);
        await client.connection.close();
      }
      if (!o.db) await db.end();
    },
  };
}
