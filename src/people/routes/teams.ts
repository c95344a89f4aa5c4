/** /v1/teams: a team's clock, supervisor and escalation policy. Admins write; supervisors read their own. */
import { z } from 'zod';
import { createTeam, findTeam, listTeams, updateTeam, type TeamRecord } from '../store/teams';
import type { ApiDeps } from '../../api/deps';
import { problems } from '../../api/problems';
import { jsonResponse, problemResponse } from '../../api/resource';
import { route, type AnyRoute } from '../../api/route';
import { assertAdmin, assertMayReadTeam, listScope } from './access';
import { list, Team, toTeamResource } from './resources';
import { CreateTeam, DirectoryId, PatchTeam, toNewTeam } from './schemas';

const TeamParams = z.object({ id: DirectoryId });
const WRITE = { 403: problemResponse('Only admins change the directory'), 409: problemResponse('The id is taken') };

async function load(deps: ApiDeps, id: string): Promise<TeamRecord> {
  const found = await findTeam(deps.db, id);
  if (!found) throw problems.notFound(`No team has the id ${id}.`);
  return found;
}

export const teamRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/teams',
    operationId: 'listTeams',
    tag: 'Teams',
    summary: 'Teams: all for admins, their own for supervisors',
    auth: 'key',
    responses: { 200: jsonResponse('The teams', list(Team)), 403: problemResponse('Agents read no teams') },
    handle: async ({ principal, res }, deps) => {
      const id = listScope(principal, undefined, 'teams');
      res.json({ items: (await listTeams(deps.db, { id })).map(toTeamResource) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/teams',
    operationId: 'createTeam',
    tag: 'Teams',
    summary: 'Add a team with its escalation policy (admins)',
    auth: 'key',
    body: CreateTeam,
    responses: { 201: jsonResponse('Added', Team), ...WRITE },
    handle: async ({ body, principal, res }, deps) => {
      assertAdmin(principal, 'Adding a team');
      const created = await createTeam(deps.db, toNewTeam(body));
      res.status(201).location(`/v1/teams/${created.id}`).json(toTeamResource(created));
    },
  }),
  route({
    method: 'get',
    path: '/v1/teams/{id}',
    operationId: 'getTeam',
    tag: 'Teams',
    summary: 'A team and its escalation policy',
    auth: 'key',
    params: TeamParams,
    responses: { 200: jsonResponse('The team', Team), 403: problemResponse('Not your team') },
    handle: async ({ params, principal, res }, deps) => {
      const team = await load(deps, params.id);
      assertMayReadTeam(principal, team.id, `Team ${team.id}`);
      res.json(toTeamResource(team));
    },
  }),
  route({
    method: 'patch',
    path: '/v1/teams/{id}',
    operationId: 'updateTeam',
    tag: 'Teams',
    summary: "Change a team: supervisor, zone, policy, calendar, its customers' language and texting rules (admins)",
    auth: 'key',
    params: TeamParams,
    body: PatchTeam,
    responses: { 200: jsonResponse('The team as changed', Team), ...WRITE },
    handle: async ({ params, body, principal, res }, deps) => {
      assertAdmin(principal, 'Changing a team');
      const changed = await updateTeam(deps.db, (await load(deps, params.id)).id, {
        name: body.name,
        timezone: body.timezone,
        supervisorId: body.supervisor,
        agentsMayCreateForTeammates: body.agentsMayCreateForTeammates,
        policy: body.escalationPolicy,
        calendarId: body.calendar,
        customerLocale: body.customerLocale,
        stateTextingRules: body.stateTextingRules,
      });
      if (!changed) throw problems.notFound(`No team has the id ${params.id}.`);
      res.json(toTeamResource(changed));
    },
  }),
];
