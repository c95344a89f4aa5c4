/**
 * What a 500 writes to the log about the request: never an answer link's token or a query string
 * (a sign-in token, a customer's phone as a filter), whatever failed.
 */
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { Request } from 'express';
import type { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import { loggedRequest } from '../../src/api/log-path';
import { composeApi } from '../../src/compose/api';
import { loadConfig } from '../../src/config';
import { signLink } from '../../src/links';
import { closeServer, listen } from '../../src/runtime';

const req = (method: string, path: string) => ({ method, path }) as Request;

describe('how a request is named in the logs', () => {
  it("drops an answer link's token, and keeps the rest of the path", () => {
    expect(loggedRequest(req('POST', '/c/eyJjIjoiY210XzEyMyJ9.c2lnbmF0dXJl'))).toBe('POST /c/[token]');
    expect(loggedRequest(req('GET', '/v1/commitments/cmt_0123456789abcdefghijklmn'))).toBe('GET /v1/commitments/cmt_0123456789abcdefghijklmn');
  });

  it('is what the 500 handler logs: no token, no query string', async () => {
    // A database that fails in a way no dependency check recognises: the request ends in a 500.
    const broken = {
      query: () => Promise.reject(new Error('something broke')),
      connect: () => Promise.reject(new Error('something broke')),
      on: () => undefined,
    } as unknown as Pool;
    const lines: string[] = [];
    const secret = 's'.repeat(40);
    const { app } = composeApi(loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://127.0.0.1:1/none' }), {
      db: broken,
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      linkSecret: secret,
      log: (line) => lines.push(line),
    });
    const server = await listen(app, 0, '127.0.0.1');
    try {
      const token = signLink(secret, { c: 'cmt_0123456789abcdefghijklmn', a: 'no', n: 0, exp: Math.floor(Date.now() / 1000) + 3600 });
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/c/${token}?phone=%2B14155550123`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'text=still+broken',
      });
      expect(res.status).toBe(500);
      const logged = lines.find((l) => l.includes('failed:')) ?? '';
      expect(logged).toMatch(/^POST \/c\/\[token\] failed: Error: something broke/);
      expect(logged).not.toContain(token.slice(0, 20));
      expect(logged).not.toContain('4155550123');
    } finally {
      await closeServer(server);
    }
  });
});
