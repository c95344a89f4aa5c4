/**
 * /v1/rotations: who is on call, shift by shift, with overrides, and who that is at an instant.
 * Admins write; a team's supervisor reads its rotations.
 */
import { z } from 'zod';
import { addOverride, createRotation, findRotation, listOverrides, listRotations, updateRotation, type RotationRecord } from '../store/rotations';
import { findStaff } from '../store/staff';
import { onCallDetail } from '../rotation';
import type { ApiDeps } from '../../api/deps';
import { problems } from '../../api/problems';
import { jsonResponse, problemResponse } from '../../api/resource';
import { route, type AnyRoute } from '../../api/route';
import { assertAdmin, assertMayReadTeam, listScope } from './access';
import { list, OnCallAnswer, Override, Rotation, toOnCallAnswer, toOverrideResource, toRotationResource } from './resources';
import { CreateOverride, CreateRotation, DirectoryId, OnCallQuery, PatchRotation, TeamFilterQuery } from './schemas';

const RotationParams = z.object({ id: DirectoryId });
const READ = { 403: problemResponse("Rotations are read by admins and the team's supervisor") };
const WRITE = { 403: problemResponse('Only admins change the directory'), 409: problemResponse('The id is taken') };
const now = (deps: ApiDeps) => (deps.clock ?? (() => new Date()))();

async function load(deps: ApiDeps, id: string): Promise<RotationRecord> {
  const found = await findRotation(deps.db, id);
  if (!found) throw problems.notFound(`No rotation has the id ${id}.`);
  return found;
}
const withOverrides = async (deps: ApiDeps, r: RotationRecord) => toRotationResource(r, await listOverrides(deps.db, r.id, now(deps)));

export const rotationRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/rotations',
    operationId: 'listRotations',
    tag: 'Rotations',
    summary: 'On-call rotations with their current and coming overrides',
    auth: 'key',
    query: TeamFilterQuery,
    responses: { 200: jsonResponse('The rotations', list(Rotation)), ...READ },
    handle: async ({ query, principal, res }, deps) => {
      const teamId = listScope(principal, query.team, 'rotations');
      const rotations = await listRotations(deps.db, { teamId });
      res.json({ items: await Promise.all(rotations.map((r) => withOverrides(deps, r))) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/rotations',
    operationId: 'createRotation',
    tag: 'Rotations',
    summary: 'Add a rotation (admins)',
    auth: 'key',
    body: CreateRotation,
    responses: { 201: jsonResponse('Added', Rotation), ...WRITE },
    handle: async ({ body, principal, res }, deps) => {
      assertAdmin(principal, 'Adding a rotation');
      const { team, ...fields } = body;
      const created = await createRotation(deps.db, { ...fields, teamId: team });
      res.status(201).location(`/v1/rotations/${created.id}`).json(toRotationResource(created, []));
    },
  }),
  route({
    method: 'get',
    path: '/v1/rotations/{id}',
    operationId: 'getRotation',
    tag: 'Rotations',
    summary: 'A rotation with its current and coming overrides',
    auth: 'key',
    params: RotationParams,
    responses: { 200: jsonResponse('The rotation', Rotation), ...READ },
    handle: async ({ params, principal, res }, deps) => {
      const rotation = await load(deps, params.id);
      assertMayReadTeam(principal, rotation.teamId, `Rotation ${rotation.id}`);
      res.json(await withOverrides(deps, rotation));
    },
  }),
  route({
    method: 'patch',
    path: '/v1/rotations/{id}',
    operationId: 'updateRotation',
    tag: 'Rotations',
    summary: 'Change a rotation (admins)',
    auth: 'key',
    params: RotationParams,
    body: PatchRotation,
    responses: { 200: jsonResponse('The rotation as changed', Rotation), ...WRITE },
    handle: async ({ params, body, principal, res }, deps) => {
      assertAdmin(principal, 'Changing a rotation');
      const changed = await updateRotation(deps.db, (await load(deps, params.id)).id, body);
      if (!changed) throw problems.notFound(`No rotation has the id ${params.id}.`);
      res.json(await withOverrides(deps, changed));
    },
  }),
  route({
    method: 'post',
    path: '/v1/rotations/{id}/overrides',
    operationId: 'createRotationOverride',
    tag: 'Rotations',
    summary: 'Put someone on call for [from, to) instead of the schedule (admins)',
    auth: 'key',
    params: RotationParams,
    body: CreateOverride,
    responses: { 201: jsonResponse('The override', Override), ...WRITE },
    handle: async ({ params, body, principal, res }, deps) => {
      assertAdmin(principal, 'Overriding a rotation');
      const rotation = await load(deps, params.id);
      const created = await addOverride(deps.db, {
        rotationId: rotation.id,
        staffId: body.staffId,
        from: new Date(body.from).toISOString(),
        to: new Date(body.to).toISOString(),
      });
      res.status(201).json(toOverrideResource(created));
    },
  }),
  route({
    method: 'get',
    path: '/v1/rotations/{id}/on-call',
    operationId: 'getRotationOnCall',
    tag: 'Rotations',
    summary: 'Who is on call at an instant: an override, else the shift containing it',
    description: "Shifts change at handoffTime on the team's wall clock, so a 24-hour shift is 23 or 25 hours long across a daylight-saving change.",
    auth: 'key',
    params: RotationParams,
    query: OnCallQuery,
    responses: { 200: jsonResponse('The person and the shift', OnCallAnswer), ...READ },
    handle: async ({ params, query, principal, res }, deps) => {
      const rotation = await load(deps, params.id);
      assertMayReadTeam(principal, rotation.teamId, `Rotation ${rotation.id}`);
      const at = query.at === undefined ? now(deps) : new Date(query.at);
      const onCall = onCallDetail(rotation, await listOverrides(deps.db, rotation.id, at), at);
      const staff = await findStaff(deps.db, onCall.staffId);
      if (!staff) throw new Error(`rotation ${rotation.id} names ${onCall.staffId}, who is not in the directory`);
      res.json(toOnCallAnswer(rotation.id, at, onCall, staff));
    },
  }),
];
