/**
 * `npm run temporal:install`: makes sure a Temporal CLI is available (building it with Go into
 * the user cache on first use) and prints where it is. CI runs it before the tests so the
 * one-time build is not charged to a test's setup timeout.
 */
import { TemporalCliNotFoundError, resolveTemporalCli } from '../temporal/cli';

resolveTemporalCli({ log: (line) => console.log(line) }).then(
  (cli) => {
    if (cli.kind === 'binary') {
      console.log(`Temporal CLI: ${cli.path} (${cli.source})`);
    } else {
      console.log('Temporal CLI: none local; the SDK will download the dev server on first use (needs internet).');
    }
  },
  (err: unknown) => {
    console.error(err instanceof TemporalCliNotFoundError ? err.message : err);
    process.exit(1);
  },
);
