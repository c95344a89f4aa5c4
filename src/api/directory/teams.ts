/** /v1/teams: a team's clock, supervisor and escalation policy. Admins write; supervisors read their own. */
import { Router } from 'express';
import { createTeam, findTeam, listTeams, updateTeam, type TeamRecord } from '../../db/directory/teams';
import { DIRECTORY_ID } from '../../shared/directory';
import { principalOf } from '../auth';
import { parseBody } from '../commitments';
import { problems } from '../problems';
import { assertAdmin, assertMayReadTeam, listScope } from './access';
import type { DirectoryDeps } from './index';
import { toTeamResource } from './resources';
import { CreateTeam, PatchTeam, toNewTeam } from './schemas';

export function teamsRouter(deps: Required<DirectoryDeps>): Router {
  const router = Router();

  async function load(id: string): Promise<TeamRecord> {
    const found = DIRECTORY_ID.test(id) ? await findTeam(deps.db, id) : undefined;
    if (!found) throw problems.notFound(`No team has the id ${id}.`);
    return found;
  }

  router.get('/teams', async (_req, res) => {
    const id = listScope(principalOf(res), undefined, 'teams');
    res.json({ items: (await listTeams(deps.db, { id })).map(toTeamResource) });
  });

  router.post('/teams', async (req, res) => {
    assertAdmin(principalOf(res), 'Adding a team');
    const created = await createTeam(deps.db, toNewTeam(parseBody(CreateTeam, req)));
    res.status(201).location(`/v1/teams/${created.id}`).json(toTeamResource(created));
  });

  router.get('/teams/:id', async (req, res) => {
    const team = await load(req.params.id);
    assertMayReadTeam(principalOf(res), team.id, `Team ${team.id}`);
    res.json(toTeamResource(team));
  });

  router.patch('/teams/:id', async (req, res) => {
    assertAdmin(principalOf(res), 'Changing a team');
    const body = parseBody(PatchTeam, req);
    const changed = await updateTeam(deps.db, (await load(req.params.id)).id, {
      name: body.name,
      timezone: body.timezone,
      supervisorId: body.supervisor,
      agentsMayCreateForTeammates: body.agentsMayCreateForTeammates,
      policy: body.escalationPolicy,
    });
    if (!changed) throw problems.notFound(`No team has the id ${req.params.id}.`);
    res.json(toTeamResource(changed));
  });

  return router;
}
