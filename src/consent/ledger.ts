/**
 * The consent ledger: numbers whose texting consent was withdrawn (STOP in any wording, or Twilio's
 * 21610). A customer text to such a number goes by email until the customer gives consent again
 * (START). Every send checks it (src/activities/send-on.ts); retention keeps it.
 */
import type { Pool } from 'pg';

/** The ledger's table in SQL (a number per row, present while consent is withdrawn): renaming it would need a migration. */
const LEDGER = 'sms_opt_outs';

/** Whether consent had been held until now (a number already in the ledger stays as it was). */
export async function withdrawConsent(db: Pool, phone: string): Promise<boolean> {
  const { rowCount } = await db.query(`INSERT INTO ${LEDGER} (phone) VALUES ($1) ON CONFLICT (phone) DO NOTHING`, [phone]);
  return (rowCount ?? 0) > 0;
}

/** Whether consent had been withdrawn (and is now given back). */
export async function giveConsent(db: Pool, phone: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM ${LEDGER} WHERE phone = $1`, [phone]);
  return (rowCount ?? 0) > 0;
}

export async function consentWithdrawn(db: Pool, phone: string): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM ${LEDGER} WHERE phone = $1`, [phone]);
  return (rowCount ?? 0) > 0;
}
