import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    // Forks, not threads: the Temporal worker's native bridge and child servers behave best in
    // their own process.
    pool: 'forks',
    poolOptions: {
      // Each fork may run a Temporal worker; two keep a laptop responsive.
      forks: { maxForks: 2 },
    },
    testTimeout: 60_000,
    // The first run may build the Temporal CLI with Go or run initdb.
    hookTimeout: 180_000,
  },
});
