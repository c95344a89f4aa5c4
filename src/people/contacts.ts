/**
 * A staff member's current contact details as the activities see them: a changed phone number is
 * used from the next message on. Who a level means right now is ./levels.ts.
 */
import type { Pool } from 'pg';
import type { StaffLookup } from '../activities/compose';
import { findStaff } from './store/staff';

export function directoryStaffLookup(db: Pool): StaffLookup {
  return async (id) => {
    const s = await findStaff(db, id);
    return s ? { name: s.name, ...(s.phone ? { phone: s.phone } : {}), ...(s.email ? { email: s.email } : {}) } : undefined;
  };
}
