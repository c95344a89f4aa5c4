/**
 * `npm run admin -- <command>`: the staff directory from a shell, for the first admin on an empty
 * database and for whoever holds the database when no admin key is at hand. Uses DATABASE_URL,
 * or the embedded Postgres of a running `npm start`; applies pending migrations first.
 * Exit codes: 0 done, 1 refused or failed, 2 a mistake in the command line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMANDS, flagOf, UsageError, type Command, type Flags } from '../admin/commands';
import { loadConfig } from '../config';
import { DirectoryConflictError, DirectoryReferenceError } from '../people/store/errors';
import { embeddedDatabaseUrl } from '../db/embedded';
import { migrate } from '../db/migrate';
import { createPool } from '../runtime';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'usage: npm run admin -- <command> [flags]',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'npm run admin -- <command> --help shows its flags. Uses DATABASE_URL, else a running `npm start`.',
  ].join('\n');
}

function parseCommandLine(command: Command, args: string[]): { flags: Flags; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const s of command.strings) options[s] = { type: 'string' };
  for (const b of command.booleans ?? []) options[b] = { type: 'boolean' };
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    const wanted = command.positionals ?? [];
    if (positionals.length !== wanted.length)
      throw new Error(wanted.length ? `expected ${wanted.map((p) => `<${p}>`).join(' ')}` : `unexpected argument "${positionals[0]}"`);
    // No option is declared `multiple`, so no value is an array.
    return { flags: values as Flags, positionals };
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\nusage: npm run admin -- ${command.usage}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || ['help', '--help', '-h'].includes(name)) {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${usage()}`);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: npm run admin -- ${command.usage}\n\n${command.summary}.`);
    return 0;
  }
  const { flags, positionals } = parseCommandLine(command, args);
  const config = loadConfig();
  // Notes go to stderr: stdout carries what a script may capture, such as a new key.
  const databaseUrl = config.DATABASE_URL ?? embeddedDatabaseUrl(config.POSTGRES_PORT);
  const where = new URL(databaseUrl).host;
  if (!config.DATABASE_URL) console.error(`admin: DATABASE_URL unset; using the database of a running \`npm start\` (${where})`);
  const applied = await migrate(databaseUrl);
  if (applied.length) console.error(`admin: applied ${applied.length} migration(s)`);
  const db = createPool(databaseUrl);
  try {
    await command.run(db, flags, positionals, console.log);
  } finally {
    await db.end();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`admin: ${err.message}`);
      process.exitCode = 2;
    } else if (err instanceof DirectoryConflictError || err instanceof DirectoryReferenceError) {
      for (const e of err.errors) console.error(`admin: ${flagOf(e.pointer)} ${e.detail}`);
      process.exitCode = 1;
    } else {
      console.error(`admin failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
  },
);
