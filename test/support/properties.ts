/**
 * What the property tests (test/properties/) need besides arbitraries: the route table's
 * operations as the OpenAPI document describes them, and the check that no commitment they made
 * is stuck.
 */
import { expect } from 'vitest';
import { openApiDocument } from '../../src/api/openapi';
import { ROUTES } from '../../src/api/routes';
import type { AnyRoute } from '../../src/api/route';
import { SUPERVISOR_KEY, type Harness } from './harness';

export type Schema = Record<string, any>;

export interface Operation {
  /** `POST /v1/commitments`: how a failing case names it. */
  name: string;
  method: string;
  /** OpenAPI form: /v1/commitments/{id} */
  path: string;
  route: AnyRoute;
  parameters: { name: string; in: string; schema: Schema; required?: boolean }[];
  body?: Schema;
}

/** Percent-encodes every byte of the UTF-8 text (a half surrogate becomes U+FFFD), for any part of a URL. */
export const percentEncoded = (text: string): string => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

export const DOC = openApiDocument(ROUTES, 'http://127.0.0.1') as unknown as {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};

/** Every route of the table, with its parameters and body schema from the document built from it. */
export const OPERATIONS: Operation[] = Object.entries(DOC.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => {
    const route = ROUTES.find((r) => r.path === path && r.method === method);
    if (!route) throw new Error(`${method} ${path} is documented but not in the route table`);
    const content = (op.requestBody?.content ?? {}) as Record<string, { schema: Schema }>;
    const body = Object.values(content)[0]?.schema;
    return {
      name: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      route,
      parameters: (op.parameters ?? []) as Operation['parameters'],
      ...(body ? { body } : {}),
    };
  }),
);

/**
 * No commitment is stuck: each reached the read model, no workflow task of it keeps failing, and
 * it still answers an update at once (a note where it takes one; a 409 saying it is closed otherwise).
 */
export async function expectNoneStuck(h: Harness, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await expect
      .poll(async () => (await h.db.pool.query<{ version: number }>('SELECT version FROM commitments WHERE id = $1', [id])).rows[0]?.version ?? 0, {
        timeout: 20_000,
        message: `${id} reached the read model`,
      })
      .toBeGreaterThanOrEqual(1);
    const described = await h.client.workflow.getHandle(`commitment-${id}`).describe();
    expect(described.raw.pendingWorkflowTask?.attempt ?? 1, `${id}: its workflow task keeps failing`).toBeLessThan(2);
    const started = Date.now();
    const note = await h.api('POST', `/v1/commitments/${id}/notes`, { key: SUPERVISOR_KEY, body: { text: 'Checked by the property test' } });
    expect([id, [200, 409].includes(note.status)]).toEqual([id, true]);
    expect(Date.now() - started, `${id} answered a note slowly`).toBeLessThan(5_000);
  }
}
