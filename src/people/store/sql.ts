/** Small helpers the directory's writers share. */
import type { Pool, PoolClient } from 'pg';

/** A pool or a client inside a transaction: readers work with either. */
export type Queryable = Pick<Pool, 'query'> | PoolClient;

export const isoOrUndefined = (d: Date | null): string | undefined => (d ? d.toISOString() : undefined);
