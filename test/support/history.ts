/**
 * What a commitment's workflow history says about its messages. Tests that prove something did
 * not happen wait for evidence here (a send's activity has finished, so Temporal will not try it
 * again; a later send was scheduled, so the moment of an earlier one has passed) instead of
 * sleeping and hoping the system was fast enough.
 */
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { vi } from 'vitest';

/** A payload as the workflow wrote it: histories hold them encrypted by the stack's codec. */
async function decoded(client: Client, payload: Payload | null | undefined): Promise<Payload | undefined> {
  if (!payload) return undefined;
  let p = [payload];
  for (const codec of [...client.options.loadedDataConverter.payloadCodecs].reverse()) p = await codec.decode(p);
  return p[0];
}

/** The first argument of a scheduled activity, decrypted and parsed. */
export async function activityArgument<T>(client: Client, e: temporal.api.history.v1.IHistoryEvent): Promise<T> {
  const input = await decoded(client, e.activityTaskScheduledEventAttributes?.input?.payloads?.[0]);
  return JSON.parse(Buffer.from(input?.data ?? new Uint8Array()).toString('utf8')) as T;
}

export interface Send {
  purpose: string;
  channels: string[];
  priorityKey?: number;
  /** How the activity ended; absent while it is still being tried. */
  outcome?: 'completed' | 'failed' | 'timed out' | 'cancelled';
}

/** One entry per deliverMessage activity scheduled, in the order the workflow scheduled them. */
export async function sendsOf(client: Client, workflowId: string): Promise<Send[]> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const outcomes = new Map<string, Send['outcome']>();
  for (const e of events) {
    // Event ids are Longs: their toString is the decimal id.
    const ended: [{ toString(): string } | null | undefined, Send['outcome']][] = [
      [e.activityTaskCompletedEventAttributes?.scheduledEventId, 'completed'],
      [e.activityTaskFailedEventAttributes?.scheduledEventId, 'failed'],
      [e.activityTaskTimedOutEventAttributes?.scheduledEventId, 'timed out'],
      [e.activityTaskCanceledEventAttributes?.scheduledEventId, 'cancelled'],
    ];
    for (const [id, outcome] of ended) if (id != null) outcomes.set(id.toString(), outcome);
  }
  const sends: Send[] = [];
  for (const e of events) {
    const a = e.activityTaskScheduledEventAttributes;
    if (a?.activityType?.name !== 'deliverMessage') continue;
    const request = await activityArgument<{ purpose: string; channels: string[] }>(client, e);
    const outcome = e.eventId == null ? undefined : outcomes.get(e.eventId.toString());
    sends.push({
      purpose: request.purpose,
      channels: request.channels,
      ...(a.priority?.priorityKey ? { priorityKey: a.priority.priorityKey } : {}),
      ...(outcome ? { outcome } : {}),
    });
  }
  return sends;
}

/** Waits until the workflow has finished trying every message of this purpose (at least one). */
export async function sendsFinished(client: Client, workflowId: string, purpose: string, timeout = 20_000): Promise<Send[]> {
  return vi.waitFor(
    async () => {
      const sends = (await sendsOf(client, workflowId)).filter((s) => s.purpose === purpose);
      if (sends.length === 0 || sends.some((s) => !s.outcome)) throw new Error(`the ${purpose} send has not finished yet`);
      return sends;
    },
    { timeout, interval: 200 },
  );
}

/** The names of the updates the workflow accepted, in order; a refused update never appears. */
export async function acceptedUpdates(client: Client, workflowId: string): Promise<string[]> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return events.flatMap((e) => {
    const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
    return name ? [name] : [];
  });
}

/** The first argument a workflow was started with, decrypted and parsed. */
export async function workflowInput<T>(client: Client, workflowId: string): Promise<T> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const input = await decoded(client, history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]);
  return JSON.parse(Buffer.from(input?.data ?? new Uint8Array()).toString('utf8')) as T;
}
