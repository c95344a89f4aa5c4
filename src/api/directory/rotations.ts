/**
 * /v1/rotations: who is on call, shift by shift, with overrides, and who that is at an instant.
 * Admins write; a team's supervisor reads its rotations.
 */
import { Router } from 'express';
import { addOverride, createRotation, findRotation, listOverrides, listRotations, updateRotation, type RotationRecord } from '../../db/directory/rotations';
import { findStaff } from '../../db/directory/staff';
import { DIRECTORY_ID } from '../../shared/directory';
import { onCallDetail } from '../../shared/rotation';
import { principalOf } from '../auth';
import { parseBody } from '../commitments';
import { problems } from '../problems';
import { parseQuery } from '../queues';
import { assertAdmin, assertMayReadTeam, listScope } from './access';
import type { DirectoryDeps } from './index';
import { toOnCallAnswer, toOverrideResource, toRotationResource } from './resources';
import { CreateOverride, CreateRotation, OnCallQuery, PatchRotation, TeamFilterQuery } from './schemas';

export function rotationsRouter(deps: Required<DirectoryDeps>): Router {
  const router = Router();

  async function load(id: string): Promise<RotationRecord> {
    const found = DIRECTORY_ID.test(id) ? await findRotation(deps.db, id) : undefined;
    if (!found) throw problems.notFound(`No rotation has the id ${id}.`);
    return found;
  }
  const withOverrides = async (r: RotationRecord) => toRotationResource(r, await listOverrides(deps.db, r.id, deps.clock()));

  router.get('/rotations', async (req, res) => {
    const { team } = parseQuery(TeamFilterQuery, req);
    const teamId = listScope(principalOf(res), team, 'rotations');
    const rotations = await listRotations(deps.db, { teamId });
    res.json({ items: await Promise.all(rotations.map(withOverrides)) });
  });

  router.post('/rotations', async (req, res) => {
    assertAdmin(principalOf(res), 'Adding a rotation');
    const { team, ...body } = parseBody(CreateRotation, req);
    const created = await createRotation(deps.db, { ...body, teamId: team });
    res.status(201).location(`/v1/rotations/${created.id}`).json(toRotationResource(created, []));
  });

  router.get('/rotations/:id', async (req, res) => {
    const rotation = await load(req.params.id);
    assertMayReadTeam(principalOf(res), rotation.teamId, `Rotation ${rotation.id}`);
    res.json(await withOverrides(rotation));
  });

  router.patch('/rotations/:id', async (req, res) => {
    assertAdmin(principalOf(res), 'Changing a rotation');
    const body = parseBody(PatchRotation, req);
    const changed = await updateRotation(deps.db, (await load(req.params.id)).id, body);
    if (!changed) throw problems.notFound(`No rotation has the id ${req.params.id}.`);
    res.json(await withOverrides(changed));
  });

  router.post('/rotations/:id/overrides', async (req, res) => {
    assertAdmin(principalOf(res), 'Overriding a rotation');
    const body = parseBody(CreateOverride, req);
    const rotation = await load(req.params.id);
    const created = await addOverride(deps.db, { rotationId: rotation.id, staffId: body.staffId, from: new Date(body.from).toISOString(), to: new Date(body.to).toISOString() });
    res.status(201).json(toOverrideResource(created));
  });

  router.get('/rotations/:id/on-call', async (req, res) => {
    const rotation = await load(req.params.id);
    assertMayReadTeam(principalOf(res), rotation.teamId, `Rotation ${rotation.id}`);
    const q = parseQuery(OnCallQuery, req);
    const at = q.at === undefined ? deps.clock() : new Date(q.at);
    const onCall = onCallDetail(rotation, await listOverrides(deps.db, rotation.id, at), at);
    const staff = await findStaff(deps.db, onCall.staffId);
    if (!staff) throw new Error(`rotation ${rotation.id} names ${onCall.staffId}, who is not in the directory`);
    res.json(toOnCallAnswer(rotation.id, at, onCall, staff));
  });

  return router;
}
