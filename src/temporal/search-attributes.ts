/**
 * Registers our search attributes on the namespace, idempotently. The dev server gets them as
 * start flags; an existing server (TEMPORAL_ADDRESS) through the operator service at start-up.
 * Temporal Cloud does not take operator calls: there they are created in the namespace by hand
 * (Cloud UI or `tcld`), and the worker says which ones when they are missing.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../shared/contract';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** gRPC PERMISSION_DENIED and UNIMPLEMENTED: what a server answers an operator call it does not offer to us. */
const REFUSED_CODES = new Set([7, 12]);
const refused = (err: unknown) => REFUSED_CODES.has((err as { code?: number }).code ?? -1);

/** "FollowthroughOwner (Keyword), …": what to create by hand. */
const described = (keys: { name: string; type: string }[]) => keys.map((k) => `${k.name} (${k.type === 'DATETIME' ? 'Datetime' : 'Keyword'})`).join(', ');

/** Thrown when the namespace lacks our search attributes and the server will not add them: create them there first. */
export class SearchAttributesMissingError extends Error {
  override readonly name = 'SearchAttributesMissingError';
}

/**
 * Whether a start was refused because the namespace lacks a search attribute it named (gRPC
 * INVALID_ARGUMENT, "no mapping defined for search attribute …" or "… is not defined"): an API
 * that came up before the worker registered them, or a Cloud namespace nobody added them to.
 */
export function isUnknownSearchAttribute(err: unknown): boolean {
  const cause = (err as { cause?: { code?: number; message?: string } } | undefined)?.cause;
  return cause?.code === 3 && /search attribute/i.test(cause.message ?? '');
}

/** `--search-attribute` values for `temporal server start-dev`. */
export function devServerSearchAttributes(): Record<string, string> {
  return Object.fromEntries(Object.values(SEARCH_ATTRIBUTES).map((k) => [k.name, k.type === 'DATETIME' ? 'Datetime' : 'Keyword']));
}

/**
 * Adds the attributes the namespace lacks; returns the names added. A server that will not even
 * list them (Temporal Cloud with a namespace-scoped key) is trusted to have them, with a warning:
 * a workflow that upserts a missing one fails its task, and the log names what to create.
 */
export async function ensureSearchAttributes(client: Client, namespace: string, warn: (line: string) => void = console.warn): Promise<string[]> {
  const ours = Object.values(SEARCH_ATTRIBUTES);
  let existing: Record<string, unknown>;
  try {
    existing = (await client.connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    if (!refused(err)) throw err;
    warn(`search attributes: this server does not let the worker list them (${(err as Error).message}); make sure ${described(ours)} exist in ${namespace}`);
    return [];
  }
  const missing = ours.filter((k) => !(k.name in existing));
  if (missing.length === 0) return [];
  try {
    await client.connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED[k.type] ?? INDEXED.KEYWORD!])),
    });
  } catch (err) {
    if (!refused(err)) throw err;
    throw new SearchAttributesMissingError(
      `Namespace ${namespace} lacks the search attributes ${described(missing)}, and this server does not let the worker add them (on Temporal Cloud, add them in the UI or with tcld namespace search-attributes add). ${(err as Error).message}`,
    );
  }
  return missing.map((k) => k.name);
}
