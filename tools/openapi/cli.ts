/**
 * `npm run lint:openapi`: lints the OpenAPI document with Redocly (redocly.yaml); exits 1 on errors.
 * `npm run client`: regenerates the typed client's schema (src/client/schema.d.ts).
 * `npm run openapi -- document [file]`: the document itself, to a file or stdout.
 * npm runs scripts from the repository root, so paths are taken from there.
 */
import { writeFile } from 'node:fs/promises';
import { CLIENT_SCHEMA, lintOpenApi, openApiJson, writeClientSchema } from './openapi';

const root = process.cwd();

async function main(command: string | undefined, arg: string | undefined): Promise<number> {
  switch (command) {
    case 'lint':
      return lintOpenApi(root, 'stylish');
    case 'client':
      await writeClientSchema(root);
      console.log(`client schema written to ${CLIENT_SCHEMA}`);
      return 0;
    case 'document':
      if (arg) await writeFile(arg, openApiJson());
      else process.stdout.write(openApiJson());
      return 0;
    default:
      console.error('usage: npm run openapi -- lint | client | document [file]');
      return 2;
  }
}

main(process.argv[2], process.argv[3]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
