import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { createApp } from '../../src/api/app';
import { openApiDocument } from '../../src/api/openapi';
import { ROUTES } from '../../src/api/routes';
import { composeApi } from '../../src/compose/api';
import { loadConfig } from '../../src/config';

/** `METHOD /path/{param}` for every route express would serve, read off its router stack. */
function served(app: ReturnType<typeof createApp>): string[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`) : [],
  );
}

function documented(doc: { paths?: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
}

// Nothing is called: a lazy client and an unconnected pool are enough to build the app.
const { app } = composeApi(loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://127.0.0.1:1/none' }), {
  client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
  db: new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/none' }),
});
const doc = openApiDocument(ROUTES, 'http://api.test') as { paths?: Record<string, Record<string, unknown>> };

describe('the route table', () => {
  it('serves exactly the routes the OpenAPI document describes, and the document describes every route served', () => {
    const routes = served(app);
    expect(routes.length).toBeGreaterThan(15);
    expect(new Set(routes).size).toBe(routes.length);
    expect([...documented(doc)].sort()).toEqual([...routes].sort());
  });

  it('documents the Idempotency-Key header on every action and on create', () => {
    const posts = Object.entries(doc.paths ?? {}).filter(([path]) => path.startsWith('/v1/commitments'));
    const withoutKey = posts.filter(([, item]) => {
      const post = (item as { post?: { parameters?: { name: string; in: string }[] } }).post;
      return post && !post.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    });
    expect(posts.length).toBeGreaterThanOrEqual(9);
    expect(withoutKey.map(([path]) => path)).toEqual([]);
  });

  it('documents a 503 naming the dependency on every route that calls one', () => {
    const missing = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { responses: Record<string, unknown>; security?: unknown[] }>)
        .filter(([, op]) => (op.security === undefined || path.includes('webhooks')) && !op.responses['503'])
        .map(([m]) => `${m} ${path}`),
    );
    expect(missing).toEqual([]);
  });
});
