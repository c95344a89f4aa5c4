/**
 * The admin CLI's commands. Input is validated by the same zod schemas as the REST API, so a
 * value the CLI accepts is one the API would; refusals name the flag at fault.
 */
import type { Pool } from 'pg';
import type { z } from 'zod';
import { CreateKey, CreateStaff, CreateTeam, toNewStaff, toNewTeam } from '../people/routes/schemas';
import { fieldErrors } from '../api/problems';
import { issueKey, listKeys, revokeKey } from '../people/store/keys';
import { createStaff, listStaff } from '../people/store/staff';
import { createTeam } from '../people/store/teams';

export type Flags = Record<string, string | boolean | undefined>;

/** Thrown when the command line itself is wrong: the message is for the person typing it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Command {
  usage: string;
  summary: string;
  /** Flags taking a value; every other flag given is refused. */
  strings: string[];
  booleans?: string[];
  positionals?: string[];
  run(db: Pool, flags: Flags, positionals: string[], out: (line: string) => void): Promise<void>;
}

/** JSON pointers of the request schemas in the CLI's words: `/staffId` is `--staff`. */
const FLAG_OF: Record<string, string> = { '/staffId': '--staff', '/agentsMayCreateForTeammates': '--agents-may-create-for-teammates' };
export const flagOf = (pointer: string) => FLAG_OF[pointer] ?? (pointer ? `--${pointer.slice(1).split('/')[0]}` : 'the command');

export function parse<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.infer<S> {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(defined);
  if (!parsed.success)
    throw new UsageError(
      fieldErrors(parsed.error)
        .map((e) => `${flagOf(e.pointer)} ${e.detail}`)
        .join('\n'),
    );
  return parsed.data;
}

function table(rows: Record<string, string>[], out: (line: string) => void): void {
  if (!rows.length) return out('(none)');
  const columns = Object.keys(rows[0] as object);
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(width[i] ?? 0))
      .join('  ')
      .trimEnd();
  out(line(columns.map((c) => c.toUpperCase())));
  for (const r of rows) out(line(columns.map((c) => r[c] ?? '')));
}

async function printKey(db: Pool, staffId: string, label: string | undefined, out: (line: string) => void): Promise<void> {
  const { key, secret } = await issueKey(db, { staffId, label });
  out(`API key ${key.id} for ${staffId}; shown this once (only its hash is kept):`);
  out(secret);
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

export const COMMANDS: Record<string, Command> = {
  'create-admin': {
    usage: 'create-admin --id <id> --name <name> --email <email> [--phone <E.164>] [--timezone <zone>]',
    summary: 'Add an admin and print a key for them (works on an empty database)',
    strings: ['id', 'name', 'email', 'phone', 'timezone'],
    async run(db, f, _p, out) {
      const body = parse(CreateStaff, { id: f.id, name: f.name, role: 'admin', email: f.email, phone: f.phone, timezone: f.timezone });
      if (!body.email) throw new UsageError('--email is required');
      const created = await createStaff(db, toNewStaff(body));
      out(`Added admin ${created.id} (${created.name}).`);
      await printKey(db, created.id, 'created by npm run admin -- create-admin', out);
    },
  },
  'add-staff': {
    usage: 'add-staff --id <id> --name <name> --role agent|supervisor|admin [--team <id>] [--email <email>] [--phone <E.164>] [--timezone <zone>]',
    summary: "Add a person (time zone: the team's unless given)",
    strings: ['id', 'name', 'role', 'team', 'email', 'phone', 'timezone'],
    async run(db, f, _p, out) {
      const created = await createStaff(
        db,
        toNewStaff(parse(CreateStaff, { id: f.id, name: f.name, role: f.role, team: f.team, email: f.email, phone: f.phone, timezone: f.timezone })),
      );
      out(`Added ${created.role} ${created.id} (${created.name})${created.teamId ? ` to team ${created.teamId}` : ''}.`);
    },
  },
  'add-team': {
    usage: 'add-team --id <id> --name <name> --timezone <zone> [--supervisor <staff id>] [--agents-may-create-for-teammates]',
    summary: 'Add a team (its policy starts as: its supervisor, 30 minutes to acknowledge, one repeat)',
    strings: ['id', 'name', 'timezone', 'supervisor'],
    booleans: ['agents-may-create-for-teammates'],
    async run(db, f, _p, out) {
      const body = parse(CreateTeam, {
        id: f.id,
        name: f.name,
        timezone: f.timezone,
        supervisor: f.supervisor,
        agentsMayCreateForTeammates: f['agents-may-create-for-teammates'] === true,
      });
      const team = await createTeam(db, toNewTeam(body));
      out(`Added team ${team.id} (${team.name}, ${team.timezone})${team.supervisorId ? `, supervised by ${team.supervisorId}` : ''}.`);
    },
  },
  'issue-key': {
    usage: 'issue-key --staff <id> [--label <text>]',
    summary: 'Print a new key for an active staff member',
    strings: ['staff', 'label'],
    async run(db, f, _p, out) {
      const body = parse(CreateKey, { staffId: f.staff, label: f.label });
      await printKey(db, body.staffId, body.label, out);
    },
  },
  'revoke-key': {
    usage: 'revoke-key <key id>',
    summary: 'Revoke a key (running APIs refuse it within 5 seconds; console sessions signed in with it end at once)',
    strings: [],
    positionals: ['key id'],
    async run(db, _f, [keyId], out) {
      const key = await revokeKey(db, keyId ?? '');
      if (!key) throw new Error(`no API key has the id ${keyId}; list-keys shows them`);
      out(`Revoked ${key.id} of ${key.staffId} (at ${key.revokedAt}).`);
    },
  },
  'list-staff': {
    usage: 'list-staff [--team <id>]',
    summary: 'Everyone in the directory, or in one team',
    strings: ['team'],
    async run(db, f, _p, out) {
      const staff = await listStaff(db, { teamId: str(f.team) });
      table(
        staff.map((s) => ({
          id: s.id,
          name: s.name,
          role: s.role,
          team: s.teamId ?? '',
          active: s.active ? 'yes' : 'no',
          email: s.email ?? '',
          phone: s.phone ?? '',
        })),
        out,
      );
    },
  },
  'list-keys': {
    usage: 'list-keys [--staff <id>]',
    summary: 'Keys (never their secrets), with when each was last used',
    strings: ['staff'],
    async run(db, f, _p, out) {
      const keys = await listKeys(db, { staffId: str(f.staff) });
      table(
        keys.map((k) => ({ id: k.id, staff: k.staffId, label: k.label, created: k.createdAt, revoked: k.revokedAt ?? '', 'last used': k.lastUsedAt ?? '' })),
        out,
      );
    },
  },
};
