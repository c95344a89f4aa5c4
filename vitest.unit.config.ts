import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the tests that need no server (the pure core, the contracts, messages,
 * schemas, calendars, the console's actions), named `*.unit.test.ts`. No global setup, so no
 * Temporal or Postgres is started; `npm test` runs them too.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.unit.test.ts'],
    pool: 'threads',
  },
});
