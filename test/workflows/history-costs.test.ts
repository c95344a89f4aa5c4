/**
 * What one commitment costs Temporal on each path: workflow tasks, activities, local activities,
 * timers, updates and history events, counted from real histories. docs/scaling.md builds its
 * capacity model on these counts; the assertions hold the lapse path to what the design promises
 * (one activity per message; the alert scheduled in the workflow task the deadline fired in).
 */
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { commitmentBody, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { activityArgument } from '../support/history';

const h = useHarness();
const T = temporal.api.enums.v1.EventType;

interface Costs {
  events: number;
  /** The history's size as the server stores its events (protobuf), in KB. */
  historyKb: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  /** Workflow tasks that ran at least one local activity: Temporal Cloud bills each as one action. */
  localActivityTasks: number;
  timers: number;
  updates: number;
  signals: number;
  searchAttributeUpserts: number;
  /** What Temporal Cloud bills (docs/scaling.md): the start, timers, upserts, updates, signals, activities, tasks with local activities. */
  actions: number;
}

/**
 * Billed actions each path may not exceed: issue 25's targets, a third fewer than the 26–27, 42 and
 * 43–44 of 2026-11-30 (docs/scaling.md). Measured today: 18, 29 and 31.
 */
const CEILINGS: Record<string, number> = { kept: 18, 'lapsed and acknowledged': 30, reopened: 31 };

async function costsOf(workflowId: string): Promise<{ costs: Costs; events: temporal.api.history.v1.IHistoryEvent[] }> {
  const handle = h.client.workflow.getHandle(workflowId);
  await expect.poll(async () => (await handle.describe()).status.name, { timeout: 30_000 }).toBe('COMPLETED');
  const events = (await handle.fetchHistory()).events ?? [];
  const count = (type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type).length;
  const isLocalActivity = (e: temporal.api.history.v1.IHistoryEvent) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity';
  // A task's markers follow its WorkflowTaskCompleted event, up to the next task.
  const tasks = events.reduce<temporal.api.history.v1.IHistoryEvent[][]>(
    (acc, e) => (e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED ? [...acc, []] : (acc[acc.length - 1]?.push(e), acc)),
    [],
  );
  const costs: Costs = {
    events: events.length,
    historyKb: Math.round(temporal.api.history.v1.History.encode({ events }).finish().length / 102.4) / 10,
    workflowTasks: count(T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    activities: count(T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    localActivities: events.filter(isLocalActivity).length,
    localActivityTasks: tasks.filter((after) => after.some(isLocalActivity)).length,
    timers: count(T.EVENT_TYPE_TIMER_STARTED),
    updates: count(T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED),
    signals: count(T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
    searchAttributeUpserts: count(T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
    actions: 0,
  };
  // Activity heartbeats are billed too but leave no event: a send that finishes within a second sends none.
  costs.actions = 1 + costs.timers + costs.searchAttributeUpserts + costs.updates + costs.signals + costs.activities + costs.localActivityTasks;
  return { costs, events };
}

const timeline = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body.timeline as { type: string }[];
const reached = (id: string, type: string) => expect.poll(async () => (await timeline(id)).some((e) => e.type === type), { timeout: 20_000 }).toBe(true);

/** The customer says YES by text, then rates it: the satisfaction check to its end. */
async function confirmByText(id: string, phone: string): Promise<void> {
  await reached(id, 'satisfaction_asked');
  await h.sms(phone, 'YES');
  await reached(id, 'confirmed');
  await h.sms(phone, '5');
}

const customer = (n: number) => ({ name: `Cost Path ${n}`, phone: `+1415555069${n}`, email: `cost${n}@example.com`, timezone: 'UTC' });

describe('what a commitment costs Temporal', () => {
  it('counts each path and keeps the lapse to one activity per message, the alert in the deadline’s own task', { timeout: 90_000 }, async () => {
    const table: Record<string, Costs> = {};

    // Kept: promised, fulfilled in time, confirmed and rated.
    const kept = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer: customer(1), dueIn: 'PT1H', confirmAfter: 'PT1S' }) })).body;
    await h.api('POST', `/v1/commitments/${kept.id}/fulfil`, { body: { resolution: 'Refunded' } });
    await confirmByText(kept.id, customer(1).phone);
    table.kept = (await costsOf(kept.workflowId)).costs;

    // Lapsed, acknowledged by the supervisor, fulfilled, confirmed.
    const lapsed = (
      await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer: customer(2), dueIn: 'PT1S', confirmAfter: 'PT1S', remindBefore: 'PT0.5S' }) })
    ).body;
    await reached(lapsed.id, 'supervisor_alerted');
    await h.api('POST', `/v1/commitments/${lapsed.id}/acknowledge`, { key: SUPERVISOR_KEY, body: { dueIn: 'PT1H' } });
    await h.api('POST', `/v1/commitments/${lapsed.id}/fulfil`, { key: SUPERVISOR_KEY, body: { resolution: 'Refunded' } });
    await confirmByText(lapsed.id, customer(2).phone);
    const lapse = await costsOf(lapsed.workflowId);
    table['lapsed and acknowledged'] = lapse.costs;

    // Reopened by a NO, fulfilled again by the supervisor, confirmed.
    const reopened = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer: customer(3), dueIn: 'PT1H', confirmAfter: 'PT1S' }) })).body;
    await h.api('POST', `/v1/commitments/${reopened.id}/fulfil`, { body: { resolution: 'Refunded' } });
    await reached(reopened.id, 'satisfaction_asked');
    await h.sms(customer(3).phone, 'NO, still charged twice');
    await reached(reopened.id, 'reopened');
    await h.api('POST', `/v1/commitments/${reopened.id}/fulfil`, { key: SUPERVISOR_KEY, body: { resolution: 'Refunded, for real this time' } });
    await expect.poll(async () => (await timeline(reopened.id)).filter((e) => e.type === 'satisfaction_asked').length, { timeout: 20_000 }).toBe(2);
    await h.sms(customer(3).phone, 'YES');
    await reached(reopened.id, 'confirmed');
    await h.sms(customer(3).phone, '4');
    table.reopened = (await costsOf(reopened.workflowId)).costs;

    console.table(table);
    for (const [path, costs] of Object.entries(table)) expect(costs.actions, path).toBeLessThanOrEqual(CEILINGS[path]!);
    // The search attributes come with the start: a run upserts only the SDK's record of its one
    // patch marker, and the owner when it changes (the supervisor takes the lapsed and the reopened one).
    expect(table.kept.searchAttributeUpserts).toBe(1);
    expect(table['lapsed and acknowledged'].searchAttributeUpserts).toBe(2);
    expect(table.reopened.searchAttributeUpserts).toBe(2);

    // At the deadline: the timer fires, and the very workflow task that handles it schedules the
    // alert and the customer's notice: two activities, one per message, each on every channel.
    const events = lapse.events;
    const purposes = new Map<temporal.api.history.v1.IHistoryEvent, string>();
    for (const e of events) if (e.activityTaskScheduledEventAttributes) purposes.set(e, (await activityArgument<{ purpose: string }>(h.client, e)).purpose);
    const purposeOf = (e: temporal.api.history.v1.IHistoryEvent) => purposes.get(e);
    const alertAt = events.findIndex((e) => e.activityTaskScheduledEventAttributes && purposeOf(e) === 'supervisor_alert');
    const taskEnd = events
      .slice(0, alertAt)
      .map((e) => e.eventType)
      .lastIndexOf(T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const taskStart = events
      .slice(0, taskEnd)
      .map((e) => e.eventType)
      .lastIndexOf(T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    const previousTaskEnd = events
      .slice(0, taskStart)
      .map((e) => e.eventType)
      .lastIndexOf(T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    // What woke the workflow for that task (after the previous task's own commands): the deadline's timer.
    const woke = events
      .slice(previousTaskEnd + 1, taskStart)
      .map((e) => e.eventType)
      .filter((t) => ![T.EVENT_TYPE_TIMER_STARTED, T.EVENT_TYPE_TIMER_CANCELED, T.EVENT_TYPE_MARKER_RECORDED].includes(t ?? 0));
    expect(woke).toEqual([T.EVENT_TYPE_TIMER_FIRED]);
    const nextTask = events.slice(taskEnd + 1).findIndex((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    const commands = events.slice(taskEnd + 1, nextTask < 0 ? undefined : taskEnd + 1 + nextTask);
    const scheduled = commands.filter((e) => e.activityTaskScheduledEventAttributes).map(purposeOf);
    // A one-second promise's reminder can come due in the same task as its deadline.
    expect(scheduled.filter((p) => p !== 'owner_reminder').sort()).toEqual(['customer_escalated', 'supervisor_alert']);
  });
});
