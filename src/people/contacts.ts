/**
 * The directory as the activities see it: a staff member's current contact details (a changed
 * phone number is used from the next message on), and who a team's level means right now.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { resolveLevelFromDirectory } from './store/resolve';
import { findStaff } from './store/staff';
import type { EscalationTarget } from './model';
import type { LevelTarget } from '../shared/model';
import type { StaffLookup } from '../activities/compose';
import type { LevelQuery, LevelResolver, ResolvedLevel } from './levels';

export function directoryStaffLookup(db: Pool): StaffLookup {
  return async (id) => {
    const s = await findStaff(db, id);
    return s ? { name: s.name, ...(s.phone ? { phone: s.phone } : {}), ...(s.email ? { email: s.email } : {}) } : undefined;
  };
}

function directoryTarget(t: LevelTarget): EscalationTarget {
  if (t.kind === 'staff') return { kind: 'staff', staffId: t.staff.id };
  if (t.kind === 'rotation') return { kind: 'rotation', rotationId: t.rotationId };
  return { kind: 'supervisor' };
}

export function directoryLevelResolver(db: Pool): LevelResolver {
  return async (q: LevelQuery): Promise<ResolvedLevel> => {
    if (!q.teamId) {
      if (q.target.kind === 'supervisor') return { contact: q.supervisor };
      throw ApplicationFailure.create({ nonRetryable: true, message: 'This commitment has no team to look a rotation up in.' });
    }
    const found = await resolveLevelFromDirectory(db, q.teamId, directoryTarget(q.target), new Date(q.at));
    if (!found?.staff) throw ApplicationFailure.create({ nonRetryable: true, message: found?.detail ?? `Team ${q.teamId} is not in the directory.` });
    const { id, name, phone, email } = found.staff;
    return { contact: { id, name, ...(phone ? { phone } : {}), ...(email ? { email } : {}) }, resolution: found.detail };
  };
}
