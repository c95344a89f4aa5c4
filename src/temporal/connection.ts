/**
 * How every process reaches Temporal: the worker's native connection, the API's lazy client, the
 * reconcile and retention CLIs. One set of options from the configuration, so a TLS cluster or
 * Temporal Cloud is set up once (TEMPORAL_TLS_* or TEMPORAL_API_KEY, src/temporal/tls-config.ts).
 */
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';

/** What both `Connection` (client) and `NativeConnection` (worker) take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
  metadata?: Record<string, string>;
}

type ConnectionConfig = Pick<Config, 'TEMPORAL_NAMESPACE'> &
  Partial<
    Pick<
      Config,
      'TEMPORAL_ADDRESS' | 'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'
    >
  >;

/**
 * The connection options for TEMPORAL_ADDRESS (or `fallbackAddress`, a running `npm start`'s
 * server, for the CLIs). Builds them only: nothing is connected here.
 */
export function temporalConnectionOptions(config: ConnectionConfig, fallbackAddress?: string): TemporalConnectionOptions {
  const address = config.TEMPORAL_ADDRESS ?? fallbackAddress;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set.');
  const tls: TLSConfig = {
    ...(config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY
      ? { clientCertPair: { crt: Buffer.from(config.TEMPORAL_TLS_CERT), key: Buffer.from(config.TEMPORAL_TLS_KEY) } }
      : {}),
    ...(config.TEMPORAL_TLS_CA ? { serverRootCACertificate: Buffer.from(config.TEMPORAL_TLS_CA) } : {}),
    ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  // An API key only ever travels over TLS; the config refuses TEMPORAL_TLS=false with one.
  const secure = config.TEMPORAL_TLS === true || Boolean(config.TEMPORAL_API_KEY) || Object.keys(tls).length > 0;
  return {
    address,
    ...(secure ? { tls } : {}),
    ...(config.TEMPORAL_API_KEY
      ? {
          apiKey: config.TEMPORAL_API_KEY,
          // Temporal Cloud's regional endpoints route an API-key request by this header; a
          // namespace endpoint ignores it.
          metadata: { 'temporal-namespace': config.TEMPORAL_NAMESPACE },
        }
      : {}),
  };
}

/**
 * A connected client for the CLIs and tests; `fallbackAddress` when TEMPORAL_ADDRESS is unset,
 * `dataConverter` the payload codec (src/temporal/codec.ts) when PAYLOAD_KEYS are configured.
 */
export async function connectClient(config: ConnectionConfig, fallbackAddress?: string, dataConverter?: DataConverter): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config, fallbackAddress));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, ...(dataConverter ? { dataConverter } : {}) });
}
