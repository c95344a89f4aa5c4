import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { temporalConnectionOptions } from '../../src/temporal/connection';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes';

// Shapes only: nothing here connects anywhere, so the PEM bodies need not be real keys.
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n';
const CA = '-----BEGIN CERTIFICATE-----\nMIICA\n-----END CERTIFICATE-----\n';
const CLUSTER = { TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'followthrough' };

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('connecting to a TLS cluster or Temporal Cloud', () => {
  it('connects in plain gRPC when nothing asks for TLS, as to the embedded or a local server', () => {
    expect(temporalConnectionOptions(loadConfig(CLUSTER))).toEqual({ address: 'temporal.internal:7233' });
  });

  it('builds mutual TLS from a client certificate and key given as files, with a CA and a server name', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ft-tls-'));
    for (const [name, pem] of [
      ['client.pem', CERT],
      ['client.key', KEY],
      ['ca.pem', CA],
    ] as const)
      writeFileSync(path.join(dir, name), pem);
    const config = loadConfig({
      ...CLUSTER,
      TEMPORAL_TLS_CERT: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: path.join(dir, 'client.key'),
      TEMPORAL_TLS_CA: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example.com',
    });
    const options = temporalConnectionOptions(config);
    expect(options.address).toBe('temporal.internal:7233');
    expect(options.apiKey).toBeUndefined();
    expect(options.tls?.serverNameOverride).toBe('temporal.example.com');
    expect(Buffer.from(options.tls?.clientCertPair?.crt ?? []).toString()).toBe(CERT);
    expect(Buffer.from(options.tls?.clientCertPair?.key ?? []).toString()).toBe(KEY);
    expect(Buffer.from(options.tls?.serverRootCACertificate ?? []).toString()).toBe(CA);
  });

  it('takes the certificate and key inline too, with \\n for line breaks as one-line secrets carry them', () => {
    const oneLine = (pem: string) => pem.trimEnd().replace(/\n/g, '\\n');
    const options = temporalConnectionOptions(loadConfig({ ...CLUSTER, TEMPORAL_TLS_CERT: oneLine(CERT), TEMPORAL_TLS_KEY: oneLine(KEY) }));
    expect(Buffer.from(options.tls?.clientCertPair?.crt ?? []).toString()).toBe(CERT.trimEnd());
    expect(Buffer.from(options.tls?.clientCertPair?.key ?? []).toString()).toBe(KEY.trimEnd());
  });

  it('reaches Temporal Cloud with an API key: over TLS, the key as bearer, the namespace in the metadata', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'us-east-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'followthrough.a1b2c',
      TEMPORAL_API_KEY: 'tmprl-key',
    });
    expect(temporalConnectionOptions(config)).toEqual({
      address: 'us-east-1.aws.api.temporal.io:7233',
      tls: {},
      apiKey: 'tmprl-key',
      metadata: { 'temporal-namespace': 'followthrough.a1b2c' },
    });
  });

  it('turns TLS on with the system CAs alone when TEMPORAL_TLS is true, and reads "false" as false', () => {
    expect(temporalConnectionOptions(loadConfig({ ...CLUSTER, TEMPORAL_TLS: 'true' }))).toEqual({ address: CLUSTER.TEMPORAL_ADDRESS, tls: {} });
    expect(temporalConnectionOptions(loadConfig({ ...CLUSTER, TEMPORAL_TLS: 'false' }))).toEqual({ address: CLUSTER.TEMPORAL_ADDRESS });
    expect(errorOf({ ...CLUSTER, TEMPORAL_TLS: 'sometimes' })).toMatch(/TEMPORAL_TLS: must be true or false/);
  });

  it('names each half of a certificate pair that is missing', () => {
    expect(errorOf({ ...CLUSTER, TEMPORAL_TLS_CERT: CERT })).toMatch(/TEMPORAL_TLS_KEY: is required with TEMPORAL_TLS_CERT/);
    expect(errorOf({ ...CLUSTER, TEMPORAL_TLS_KEY: KEY })).toMatch(/TEMPORAL_TLS_CERT: is required with TEMPORAL_TLS_KEY/);
  });

  it('refuses an API key together with a client certificate, TLS turned off, or no address', () => {
    expect(errorOf({ ...CLUSTER, TEMPORAL_API_KEY: 'k', TEMPORAL_TLS_CERT: CERT, TEMPORAL_TLS_KEY: KEY })).toMatch(
      /TEMPORAL_API_KEY: cannot be combined with TEMPORAL_TLS_CERT/,
    );
    expect(errorOf({ ...CLUSTER, TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' })).toMatch(/TEMPORAL_API_KEY: needs TLS, which TEMPORAL_TLS=false turns off/);
    const message = errorOf({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS_CA: CA });
    for (const name of ['TEMPORAL_API_KEY', 'TEMPORAL_TLS_CA']) expect(message).toContain(`${name}: needs TEMPORAL_ADDRESS`);
  });

  it('names a certificate path that cannot be read, or that holds no PEM', () => {
    expect(errorOf({ ...CLUSTER, TEMPORAL_TLS_CA: '/nowhere/ca.pem' })).toMatch(
      /TEMPORAL_TLS_CA: is neither a PEM CA certificate nor a file that can be read \(ENOENT: \/nowhere\/ca.pem\)/,
    );
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ft-tls-')), 'empty.pem');
    writeFileSync(file, 'not a certificate');
    expect(errorOf({ ...CLUSTER, TEMPORAL_TLS_CA: file })).toMatch(/TEMPORAL_TLS_CA: names .*empty.pem, which holds no PEM CA certificate/);
  });

  it('treats empty TLS variables as unset, as .env files write them', () => {
    expect(temporalConnectionOptions(loadConfig({ ...CLUSTER, TEMPORAL_TLS_CERT: '', TEMPORAL_API_KEY: ' ', TEMPORAL_TLS: '' }))).toEqual({
      address: CLUSTER.TEMPORAL_ADDRESS,
    });
  });
});

describe('the search attributes on a server that takes no operator calls (Temporal Cloud)', () => {
  const grpcError = (code: number, message: string) => Object.assign(new Error(message), { code });
  const clientWith = (operatorService: { listSearchAttributes: () => Promise<unknown>; addSearchAttributes?: () => Promise<unknown> }) =>
    ({ connection: { operatorService } }) as unknown as Client;
  const ALL = { customAttributes: { FollowthroughOwner: 2, FollowthroughStatus: 2, FollowthroughDueAt: 5 } };

  it('starts when they all exist, adding nothing', async () => {
    expect(await ensureSearchAttributes(clientWith({ listSearchAttributes: () => Promise.resolve(ALL) }), 'followthrough.a1b2c')).toEqual([]);
  });

  it('names the missing ones, and how to create them, when the server will not add them', async () => {
    const client = clientWith({
      listSearchAttributes: () => Promise.resolve({ customAttributes: { FollowthroughOwner: 2 } }),
      addSearchAttributes: () => Promise.reject(grpcError(7, 'PERMISSION_DENIED')),
    });
    await expect(ensureSearchAttributes(client, 'followthrough.a1b2c')).rejects.toThrow(
      /lacks the search attributes FollowthroughStatus \(Keyword\), FollowthroughDueAt \(Datetime\).*tcld/,
    );
  });

  it('starts with a warning naming them when the server will not even list them', async () => {
    const warnings: string[] = [];
    const client = clientWith({ listSearchAttributes: () => Promise.reject(grpcError(12, 'UNIMPLEMENTED')) });
    expect(await ensureSearchAttributes(client, 'followthrough.a1b2c', (l) => warnings.push(l))).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /make sure FollowthroughOwner \(Keyword\), FollowthroughStatus \(Keyword\), FollowthroughDueAt \(Datetime\) exist in followthrough.a1b2c/,
      ),
    ]);
  });

  it('still fails on any other error: an unreachable server is not a reason to go on', async () => {
    await expect(ensureSearchAttributes(clientWith({ listSearchAttributes: () => Promise.reject(grpcError(14, 'UNAVAILABLE')) }), 'default')).rejects.toThrow(
      'UNAVAILABLE',
    );
  });
});
