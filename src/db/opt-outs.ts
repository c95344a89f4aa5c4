/** Numbers that replied STOP: customer texts to them go by email until START. */
import type { Pool } from 'pg';

export async function optOut(db: Pool, phone: string): Promise<void> {
  await db.query('INSERT INTO sms_opt_outs (phone) VALUES ($1) ON CONFLICT (phone) DO NOTHING', [phone]);
}

export async function optIn(db: Pool, phone: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM sms_opt_outs WHERE phone = $1', [phone]);
  return (rowCount ?? 0) > 0;
}

export async function isOptedOut(db: Pool, phone: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [phone]);
  return (rowCount ?? 0) > 0;
}
