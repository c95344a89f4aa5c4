/** /v1/staff: who is who. Admins write; supervisors read their team; everyone reads themselves. */
import { Router } from 'express';
import { createStaff, findStaff, listStaff, updateStaff, type StaffRecord } from '../../db/directory/staff';
import { DIRECTORY_ID } from '../../shared/directory';
import { principalOf } from '../auth';
import { parseBody } from '../commitments';
import { problems } from '../problems';
import { parseQuery } from '../queues';
import { assertAdmin, assertMayReadStaff, listScope } from './access';
import type { DirectoryDeps } from './index';
import { toStaffResource } from './resources';
import { CreateStaff, PatchStaff, TeamFilterQuery, toNewStaff } from './schemas';

export function staffRouter(deps: Required<DirectoryDeps>): Router {
  const router = Router();

  async function load(id: string): Promise<StaffRecord> {
    const found = DIRECTORY_ID.test(id) ? await findStaff(deps.db, id) : undefined;
    if (!found) throw problems.notFound(`No staff member has the id ${id}.`);
    return found;
  }

  router.get('/staff/me', async (_req, res) => {
    res.json(toStaffResource(await load(principalOf(res).staffId)));
  });

  router.get('/staff', async (req, res) => {
    const { team } = parseQuery(TeamFilterQuery, req);
    const teamId = listScope(principalOf(res), team, 'staff');
    res.json({ items: (await listStaff(deps.db, { teamId })).map(toStaffResource) });
  });

  router.post('/staff', async (req, res) => {
    assertAdmin(principalOf(res), 'Adding staff');
    const created = await createStaff(deps.db, toNewStaff(parseBody(CreateStaff, req)));
    res.status(201).location(`/v1/staff/${created.id}`).json(toStaffResource(created));
  });

  router.get('/staff/:id', async (req, res) => {
    const principal = principalOf(res);
    // An agent learns nothing about other ids, not even whether they exist.
    if (principal.role === 'agent' && req.params.id !== principal.staffId) throw problems.forbidden('Agents read their own staff record only.');
    const staff = await load(req.params.id);
    assertMayReadStaff(principal, staff);
    res.json(toStaffResource(staff));
  });

  router.patch('/staff/:id', async (req, res) => {
    assertAdmin(principalOf(res), 'Changing staff');
    const body = parseBody(PatchStaff, req);
    await load(req.params.id);
    const changed = await updateStaff(deps.db, req.params.id, {
      name: body.name,
      role: body.role,
      teamId: body.team,
      email: body.email,
      phone: body.phone,
      timezone: body.timezone,
      active: body.active,
    });
    if (!changed) throw problems.notFound(`No staff member has the id ${req.params.id}.`);
    // Role, team and active all shape what a key may do: cached lookups must not outlive them.
    deps.auth.forget();
    if (changed.before.active && !changed.after.active) await deps.onDeactivated(changed.after.id);
    res.json(toStaffResource(changed.after));
  });

  return router;
}
