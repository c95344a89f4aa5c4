/**
 * Flagging a call, shared by POST /v1/commitments/{id}/hard-call (./routes.ts) and a create's
 * `hardCall` (src/api/commitments/routes.ts), and the notice a create answers with when its
 * customer was flagged often lately.
 */
import type { Principal } from '../api/auth';
import type { ApiDeps } from '../api/deps';
import { problems } from '../api/problems';
import type { CreateNotice } from '../api/resource';
import { findStaff } from '../people/store/staff';
import { findTeam } from '../people/store/teams';
import type { CommitmentView } from '../shared/contract';
import { customerFlaggedDetail, REPEAT_THRESHOLD } from './model';
import type { FlagHardCall, HardCall } from './schemas';
import { customerFlags, isRedacted, recordHardCall } from './store';

type Flagged = Pick<CommitmentView, 'id' | 'team' | 'owner' | 'customer'>;

/**
 * Whose supervisor checks in: the commitment's team; for a commitment from before teams, its
 * owner's team in the directory.
 */
async function teamOf(deps: Pick<ApiDeps, 'db'>, view: Flagged): Promise<{ id: string; name: string }> {
  if (view.team) return view.team;
  const teamId = (await findStaff(deps.db, view.owner.id))?.teamId;
  const team = teamId ? await findTeam(deps.db, teamId) : undefined;
  if (!team) throw problems.conflict('This commitment belongs to no team, and neither does its owner: there is no supervisor to check in with them.');
  return { id: team.id, name: team.name };
}

/**
 * Records a flag of `view`'s call, taken by its owner now, and opens the check-in. `id` makes a
 * retried request record nothing new (./store.ts `hardCallId`). Not once retention has redacted it.
 */
export async function flagHardCall(
  deps: Pick<ApiDeps, 'db'>,
  view: Flagged,
  flag: FlagHardCall,
  by: Pick<Principal, 'staffId' | 'name'>,
  opts: { id: string; at: Date },
): Promise<HardCall> {
  // Retention has run: a note written now would outlive the rest of what the customer said.
  if (await isRedacted(deps.db, view.id))
    throw problems.conflict("This commitment's customer details were removed after the retention period; its call can no longer be flagged.");
  return recordHardCall(deps.db, {
    id: opts.id,
    commitmentId: view.id,
    team: await teamOf(deps, view),
    agent: { id: view.owner.id, name: view.owner.name },
    kind: flag.kind,
    note: flag.note,
    flaggedBy: { id: by.staffId, name: by.name },
    flaggedAt: opts.at,
    customer: view.customer,
  });
}

/**
 * What whoever takes a customer's next promise is told: that their calls were flagged at least
 * REPEAT_THRESHOLD times in the last 30 days (any team's, `commitmentId`'s own left out).
 */
export async function customerNotices(
  deps: Pick<ApiDeps, 'db'>,
  customer: { phone?: string | undefined; email?: string | undefined },
  now: Date,
  commitmentId: string,
): Promise<CreateNotice[]> {
  const flags = await customerFlags(deps.db, customer, now, commitmentId);
  if (flags.count < REPEAT_THRESHOLD) return [];
  return [{ code: 'customer_flagged', detail: customerFlaggedDetail(flags.count, flags.kinds) }];
}
