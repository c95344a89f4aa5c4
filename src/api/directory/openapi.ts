/**
 * OpenAPI paths of the staff directory, generated from its zod schemas (schemas.ts for requests,
 * resources.ts for answers) and merged into the document by src/api/openapi.ts.
 */
import { z } from 'zod';
import { queryParameters } from '../openapi-queues';
import { ApiKey, IssuedKey, list, OnCallAnswer, Override, Rotation, Staff, Team } from './resources';
import { CreateKey, CreateOverride, CreateRotation, CreateStaff, CreateTeam, KeysQuery, OnCallQuery, PatchRotation, PatchStaff, PatchTeam, TeamFilterQuery } from './schemas';

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const answer = (description: string, schema: string) => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const pathId = (what: string) => [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' }, description: `${what} id` }];

const ANYONE = { '401': problem('Missing, unknown or revoked API key, or a deactivated person’s') };
const READ = { ...ANYONE, '403': problem('Not yours to read: admins read all, a supervisor their own team, everyone their own record'), '404': problem('No such id') };
const WRITE = { '400': problem('Invalid fields, or a reference to something not there; `errors` has a JSON pointer for each'), ...ANYONE, '403': problem('Only admins change the directory') };

function op(summary: string, ok: [string, string, string], more: { body?: string; parameters?: unknown[]; errors?: Record<string, unknown>; description?: string } = {}) {
  return {
    summary,
    ...(more.description ? { description: more.description } : {}),
    ...(more.parameters ? { parameters: more.parameters } : {}),
    ...(more.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(more.body) } } } } : {}),
    responses: { [ok[0]]: answer(ok[1], ok[2]), ...(more.errors ?? READ) },
  };
}

export const directoryPaths: Record<string, Record<string, unknown>> = {
  '/v1/staff': {
    get: op('Staff: all for admins, their own team for supervisors', ['200', 'The people', 'StaffList'], { parameters: queryParameters(TeamFilterQuery) }),
    post: op('Add a staff member (admins)', ['201', 'Added; Location names it', 'Staff'], { body: 'CreateStaff', errors: { ...WRITE, '409': problem('The id, email or (among active staff) phone is taken') } }),
  },
  '/v1/staff/me': { get: op('The caller’s own staff record', ['200', 'Who this key belongs to', 'Staff'], { errors: ANYONE }) },
  '/v1/staff/{id}': {
    get: op('A staff member', ['200', 'The person', 'Staff'], { parameters: pathId('Staff') }),
    patch: op('Change a staff member (admins); `{"active": false}` deactivates and revokes their keys', ['200', 'The person as changed', 'Staff'], {
      body: 'PatchStaff',
      parameters: pathId('Staff'),
      errors: { ...WRITE, '404': problem('No such person'), '409': problem('A value is taken, or this would leave no active admin') },
    }),
  },
  '/v1/teams': {
    get: op('Teams: all for admins, their own for supervisors', ['200', 'The teams', 'TeamList']),
    post: op('Add a team with its escalation policy (admins)', ['201', 'Added', 'Team'], { body: 'CreateTeam', errors: { ...WRITE, '409': problem('The id is taken') } }),
  },
  '/v1/teams/{id}': {
    get: op('A team and its escalation policy', ['200', 'The team', 'Team'], { parameters: pathId('Team') }),
    patch: op('Change a team: supervisor, zone, policy (admins)', ['200', 'The team as changed', 'Team'], { body: 'PatchTeam', parameters: pathId('Team'), errors: { ...WRITE, '404': problem('No such team') } }),
  },
  '/v1/rotations': {
    get: op('On-call rotations with their current and coming overrides', ['200', 'The rotations', 'RotationList'], { parameters: queryParameters(TeamFilterQuery) }),
    post: op('Add a rotation (admins)', ['201', 'Added', 'Rotation'], { body: 'CreateRotation', errors: { ...WRITE, '409': problem('The id is taken') } }),
  },
  '/v1/rotations/{id}': {
    get: op('A rotation with its current and coming overrides', ['200', 'The rotation', 'Rotation'], { parameters: pathId('Rotation') }),
    patch: op('Change a rotation (admins)', ['200', 'The rotation as changed', 'Rotation'], { body: 'PatchRotation', parameters: pathId('Rotation'), errors: { ...WRITE, '404': problem('No such rotation') } }),
  },
  '/v1/rotations/{id}/overrides': {
    post: op('Put someone on call for [from, to) instead of the schedule (admins)', ['201', 'The override', 'Override'], { body: 'CreateOverride', parameters: pathId('Rotation'), errors: { ...WRITE, '404': problem('No such rotation') } }),
  },
  '/v1/rotations/{id}/on-call': {
    get: op('Who is on call at an instant: an override, else the shift containing it', ['200', 'The person and the shift', 'OnCall'], {
      parameters: [...pathId('Rotation'), ...queryParameters(OnCallQuery)],
      description: "Shifts change at handoffTime on the team's wall clock, so a 24-hour shift is 23 or 25 hours long across a daylight-saving change.",
    }),
  },
  '/v1/keys': {
    get: op('API keys (never their secrets): anyone’s for admins, otherwise the caller’s own', ['200', 'The keys', 'ApiKeyList'], { parameters: queryParameters(KeysQuery) }),
    post: op('Issue a key for a staff member (admins); the secret is in this answer only', ['201', 'The key with its secret', 'IssuedKey'], { body: 'CreateKey', errors: WRITE }),
  },
  '/v1/keys/{id}': {
    delete: op('Revoke a key: admins any, everyone their own', ['200', 'The key, revoked', 'ApiKey'], { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^key_[0-9A-Za-z]{20}$' } }] }),
  },
};

export const directorySchemas: Record<string, unknown> = {
  CreateStaff: json(CreateStaff, 'input'),
  PatchStaff: json(PatchStaff, 'input'),
  CreateTeam: json(CreateTeam, 'input'),
  PatchTeam: json(PatchTeam, 'input'),
  CreateRotation: json(CreateRotation, 'input'),
  PatchRotation: json(PatchRotation, 'input'),
  CreateOverride: json(CreateOverride, 'input'),
  CreateKey: json(CreateKey, 'input'),
  Staff: json(Staff, 'output'),
  StaffList: json(list(Staff), 'output'),
  Team: json(Team, 'output'),
  TeamList: json(list(Team), 'output'),
  Rotation: json(Rotation, 'output'),
  RotationList: json(list(Rotation), 'output'),
  Override: json(Override, 'output'),
  OnCall: json(OnCallAnswer, 'output'),
  ApiKey: json(ApiKey, 'output'),
  ApiKeyList: json(list(ApiKey), 'output'),
  IssuedKey: json(IssuedKey, 'output'),
};
