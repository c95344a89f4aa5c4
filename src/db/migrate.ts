/**
 * Applies the SQL migrations in `<repo>/migrations` with node-pg-migrate. Every process that
 * needs the schema (API, worker, tests) calls this at boot, so it must be idempotent and safe
 * when several processes start at once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

const MIGRATIONS_TABLE = 'pgmigrations';

/**
 * node-pg-migrate's own lock is `pg_try_advisory_lock`: a second process starting at the same
 * moment fails with "Another migration is already running" instead of waiting. So we first take a
 * blocking advisory lock of our own on the same session; advisory locks are re-entrant per session,
 * so the runner's try-lock then succeeds, and the loser simply waits and finds nothing to apply.
 * The key is arbitrary but fixed; it only has to differ from other advisory-lock users.
 */
const MIGRATE_LOCK_KEY = '4671062391755233';

/** Thrown when the migrations directory cannot be found next to package.json. */
export class MigrationsDirNotFoundError extends Error {
  override readonly name = 'MigrationsDirNotFoundError';
}

/**
 * The repository root is the nearest directory with a package.json, found by walking up: this file
 * runs both as `src/db/migrate.ts` (vitest) and as `dist/src/db/migrate.js` (after tsc).
 */
export function migrationsDir(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const migrations = path.join(dir, 'migrations');
      if (existsSync(migrations)) return migrations;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new MigrationsDirNotFoundError(`No migrations/ directory beside a package.json above ${from}`);
}

/** Applies pending migrations; returns their names, empty when the schema is current. */
export async function migrate(
  databaseUrl: string,
  log: (line: string) => void = () => {},
  /** `count`: stop after this many migrations (tests build an older schema); `connectionTimeoutMillis`: give up connecting then. */
  opts: { count?: number; connectionTimeoutMillis?: number } = {},
): Promise<string[]> {
  const dir = migrationsDir();
  const timeout = opts.connectionTimeoutMillis;
  const client = new pg.Client({ connectionString: databaseUrl, ...(timeout ? { connectionTimeoutMillis: timeout } : {}) });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    const applied = await runner({
      dbClient: client,
      dir,
      direction: 'up',
      migrationsTable: MIGRATIONS_TABLE,
      // A migration file added out of timestamp order is a merge mistake; fail rather than guess.
      checkOrder: true,
      ...(opts.count !== undefined ? { count: opts.count } : {}),
      logger: { debug: () => {}, info: log, warn: log, error: log },
    });
    return applied.map((m) => m.name);
  } finally {
    // Ending the session releases the advisory lock even if the runner threw mid-way.
    await client.end();
  }
}
