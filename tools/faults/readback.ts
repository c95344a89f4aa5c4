/**
 * What the product says happened: each commitment's timeline through the API (as an admin reads
 * it) and the notifications table's status for each message.
 */
import { runLoad } from '../bench/load';
import type { Recorded } from './count';
import type { FaultStack } from './stack';

export async function readRecorded(stack: FaultStack, ids: (string | undefined)[], purposes: string[]): Promise<Recorded & { unreadable: number }> {
  const known = ids.filter((id): id is string => Boolean(id));
  const timelines = new Map<string, Set<string>>();
  const headers = { authorization: `Bearer ${stack.adminKey}` };
  const load = await runLoad(known.length, 8, async (i) => {
    const id = known[i] as string;
    const res = await stack.http.request('GET', `/v1/commitments/${id}`, headers);
    if (res.status !== 200) throw new Error(`GET /v1/commitments/${id} answered ${res.status}`);
    const body = JSON.parse(res.body) as { timeline: { type: string }[] };
    timelines.set(id, new Set(body.timeline.map((e) => e.type)));
  });
  const { rows } = await stack.db.query<{ commitment_id: string; purpose: string; channel: string; status: string }>(
    'SELECT commitment_id, purpose, channel, status FROM notifications WHERE commitment_id = ANY($1) AND purpose = ANY($2)',
    [known, purposes],
  );
  const notifications = new Map(rows.map((r) => [`${r.commitment_id}:${r.purpose}:${r.channel}`, r.status]));
  return { timelines, notifications, unreadable: load.errors };
}
