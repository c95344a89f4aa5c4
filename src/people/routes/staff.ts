/** /v1/staff: who is who. Admins write; supervisors read their team; everyone reads themselves. */
import { z } from 'zod';
import { createStaff, findStaff, listStaff, updateStaff, type StaffRecord } from '../store/staff';
import type { ApiDeps } from '../../api/deps';
import { problems } from '../../api/problems';
import { jsonResponse, problemResponse } from '../../api/resource';
import { route, type AnyRoute } from '../../api/route';
import { assertAdmin, assertMayReadStaff, listScope } from './access';
import { list, Staff, toStaffResource } from './resources';
import { CreateStaff, DirectoryId, PatchStaff, TeamFilterQuery, toNewStaff } from './schemas';

const StaffParams = z.object({ id: DirectoryId });
const READ = { 403: problemResponse('Not yours to read: admins read all, a supervisor their own team, everyone their own record') };
const WRITE = { 403: problemResponse('Only admins change the directory'), 409: problemResponse('A value is taken, or this would leave no active admin') };

async function load(deps: ApiDeps, id: string): Promise<StaffRecord> {
  const found = await findStaff(deps.db, id);
  if (!found) throw problems.notFound(`No staff member has the id ${id}.`);
  return found;
}

export const staffRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/staff/me',
    operationId: 'getCurrentStaff',
    tag: 'Staff',
    summary: 'The caller’s own staff record',
    auth: 'key',
    responses: { 200: jsonResponse('Who this key belongs to', Staff) },
    handle: async ({ principal, res }, deps) => void res.json(toStaffResource(await load(deps, principal.staffId))),
  }),
  route({
    method: 'get',
    path: '/v1/staff',
    operationId: 'listStaff',
    tag: 'Staff',
    summary: 'Staff: all for admins, their own team for supervisors',
    auth: 'key',
    query: TeamFilterQuery,
    responses: { 200: jsonResponse('The people', list(Staff)), ...READ },
    handle: async ({ query, principal, res }, deps) => {
      const teamId = listScope(principal, query.team, 'staff');
      res.json({ items: (await listStaff(deps.db, { teamId })).map(toStaffResource) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/staff',
    operationId: 'createStaff',
    tag: 'Staff',
    summary: 'Add a staff member (admins)',
    auth: 'key',
    body: CreateStaff,
    responses: { 201: jsonResponse('Added; Location names it', Staff), ...WRITE },
    handle: async ({ body, principal, res }, deps) => {
      assertAdmin(principal, 'Adding staff');
      const created = await createStaff(deps.db, toNewStaff(body));
      res.status(201).location(`/v1/staff/${created.id}`).json(toStaffResource(created));
    },
  }),
  route({
    method: 'get',
    path: '/v1/staff/{id}',
    operationId: 'getStaff',
    tag: 'Staff',
    summary: 'A staff member',
    auth: 'key',
    params: StaffParams,
    responses: { 200: jsonResponse('The person', Staff), ...READ },
    handle: async ({ params, principal, res }, deps) => {
      // An agent learns nothing about other ids, not even whether they exist.
      if (principal.role === 'agent' && params.id !== principal.staffId) throw problems.forbidden('Agents read their own staff record only.');
      const staff = await load(deps, params.id);
      assertMayReadStaff(principal, staff);
      res.json(toStaffResource(staff));
    },
  }),
  route({
    method: 'patch',
    path: '/v1/staff/{id}',
    operationId: 'updateStaff',
    tag: 'Staff',
    summary:
      'Change a staff member (admins); `{"active": false}` deactivates, revokes their keys, ends their console sessions and sign-in links, ' +
      "and hands their open commitments to the team's supervisor",
    auth: 'key',
    params: StaffParams,
    body: PatchStaff,
    responses: { 200: jsonResponse('The person as changed', Staff), ...WRITE },
    handle: async ({ params, body, principal, res }, deps) => {
      assertAdmin(principal, 'Changing staff');
      await load(deps, params.id);
      const changed = await updateStaff(deps.db, params.id, {
        name: body.name,
        role: body.role,
        teamId: body.team,
        email: body.email,
        phone: body.phone,
        timezone: body.timezone,
        active: body.active,
      });
      if (!changed) throw problems.notFound(`No staff member has the id ${params.id}.`);
      // Role, team and active all shape what a key may do: cached lookups must not outlive them.
      deps.auth.forget();
      if (changed.before.active && !changed.after.active) await deps.onDeactivated?.(changed.after.id, principal);
      res.json(toStaffResource(changed.after));
    },
  }),
];
