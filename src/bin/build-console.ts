/** `npm run build`'s last step: builds the console client and says how big it is. */
import { buildClient } from '../console/build-client';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

buildClient().then(
  ({ dir, files }) => {
    const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
    console.log(`console built into ${dir}: ${files.length} files, ${kb(total)} gzipped (${files.map((f) => `${f.name} ${kb(f.gzipBytes)}`).join(', ')})`);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
