/**
 * The console's pages: one HTML shell for every path, sent only to a signed-in person who may see
 * that page. Who may see what is decided here as well as by the API the client then calls, so an
 * agent opening another agent's commitment gets the 403 page, not a shell that fails later.
 */
import type { Client } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import { callerOf, overseesAll, type Principal } from '../api/auth';
import { refusalFor } from '../shared/authority';
import { loadCommitment } from '../api/commitments/routes';
import { COMMITMENT_ID } from '../shared/contract/commitment-id';
import { findStaff, type StaffRecord } from '../people/store/staff';
import { findTeam } from '../people/store/teams';
import type { Manifest } from './assets';
import type { CookieJar } from './cookies';
import { CALENDAR_PAGE_ROUTE, isOversightPage, OVERSIGHT_PAGES, STAFF_PAGES, SUBSCRIPTION_PAGE_ROUTE } from './paths';
import { errorPage, shell, type ShellBoot } from './pages';
import { sessionOf, sessionPrincipal } from './session-auth';

export interface ShellDeps {
  db: Pool;
  client: Client;
  jar: CookieJar;
  /** Throws ClientNotBuiltError before `npm run build`. */
  assets: () => Manifest;
}

const contact = (s: StaffRecord) => ({ id: s.id, name: s.name, ...(s.email ? { email: s.email } : {}), ...(s.phone ? { phone: s.phone } : {}) });

/** What the client needs before its first request: who is signed in, and their team's supervisor. */
async function bootOf(db: Pool, me: StaffRecord): Promise<ShellBoot> {
  const team = me.teamId ? await findTeam(db, me.teamId) : undefined;
  const supervisor = team?.supervisorId ? await findStaff(db, team.supervisorId) : me.role === 'agent' ? undefined : me;
  return {
    me: { ...contact(me), role: me.role, teamId: me.teamId, timezone: me.timezone },
    ...(supervisor?.active ? { supervisor: contact(supervisor) } : {}),
  };
}

export function shellRouter(deps: ShellDeps): Router {
  const router = Router();

  const refuse = (res: Response, status: 403 | 404, detail: string) =>
    res
      .status(status)
      .type('html')
      .send(errorPage(deps.assets(), status === 403 ? 'Not yours to see' : 'Not found', detail));

  /** False when the page may be shown; true once the refusal page has been sent. */
  async function refused(req: Request, res: Response, p: Principal): Promise<boolean> {
    const path = req.path;
    if (isOversightPage(path) && !overseesAll(p)) {
      refuse(res, 403, `The ${path.split('/')[1]} page is for supervisors and admins; you are signed in as ${p.name}, an ${p.role}.`);
      return true;
    }
    const id = typeof req.params.id === 'string' ? req.params.id : undefined;
    if (id === undefined) return false;
    const found = COMMITMENT_ID.test(id) ? await loadCommitment(deps, id) : undefined;
    if (!found) {
      refuse(res, 404, `No commitment has the id ${id}.`);
      return true;
    }
    // The API's own rule (the authority table), so the page is never a shell that fails later.
    const refusal = refusalFor(callerOf(p), found, 'read');
    if (refusal !== undefined) {
      refuse(res, 403, refusal);
      return true;
    }
    return false;
  }

  async function page(req: Request, res: Response): Promise<void> {
    const found = await sessionOf(deps.db, deps.jar, req);
    res.set('Cache-Control', 'no-store');
    if (!found) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    const principal = sessionPrincipal(found.session);
    if (req.path === '/') return res.redirect(303, overseesAll(principal) ? '/board' : '/mine');
    if (await refused(req, res, principal)) return;
    res.type('html').send(shell(deps.assets(), found.session.csrfToken, await bootOf(deps.db, found.session.staff)));
  }

  // A calendar's and a subscription's page name their ids otherwise: `refused` reads `id` as a commitment's.
  router.get(['/', ...OVERSIGHT_PAGES, ...STAFF_PAGES, CALENDAR_PAGE_ROUTE, SUBSCRIPTION_PAGE_ROUTE, '/commitments/:id'], page);
  return router;
}
