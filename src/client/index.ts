/**
 * A typed client of the Followthrough API for TypeScript callers: openapi-fetch over the types that
 * openapi-typescript generates from the OpenAPI document (./schema.d.ts, `npm run client`). Paths,
 * parameters, bodies and answers are checked by tsc; each call resolves with `data` (a 2XX body) or
 * `error` (a problem+json body), and the `response`.
 *
 *   const api = createFollowthroughClient('https://followthrough.example.com', process.env.FOLLOWTHROUGH_KEY!);
 *   const { data, error } = await api.GET('/v1/commitments/{id}', { params: { path: { id } } });
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** A schema of the document by name: `Schema<'Commitment'>`, `Schema<'Problem'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type FollowthroughClient = Client<paths>;

/**
 * A client that sends `apiKey` as the bearer token with every request to the API at `baseUrl`
 * (its root, without /v1). `options` go to openapi-fetch (a `fetch` of your own, say); headers of
 * a single call go in that call, and `client.use()` adds middleware.
 */
export function createFollowthroughClient(baseUrl: string, apiKey: string, options: Omit<ClientOptions, 'baseUrl' | 'headers'> = {}): FollowthroughClient {
  return createClient<paths>({ ...options, baseUrl: baseUrl.replace(/\/+$/, ''), headers: { Authorization: `Bearer ${apiKey}` } });
}
