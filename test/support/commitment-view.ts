/**
 * Reading a commitment back through the API as its team's supervisor, and waiting until it shows
 * something: the evidence a test waits on instead of time.
 */
import { vi } from 'vitest';
import { SUPERVISOR_KEY } from './directory';
import type { Harness } from './harness';

export type TimelineEntry = { type: string; detail: string; actor?: { id?: string } };

export const WAIT = { timeout: 20_000, interval: 100 };

export function commitmentViews(h: Harness) {
  const view = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body;
  /** The commitment once `check` holds; `what` names the awaited state in the failure. */
  const reach = (id: string, what: string, check: (v: any) => boolean) =>
    vi.waitFor(async () => {
      const v = await view(id);
      if (!check(v)) throw new Error(`the commitment is not ${what} yet`);
      return v;
    }, WAIT);
  return { view, reach };
}

export const events = (v: { timeline: TimelineEntry[] }, type: string) => v.timeline.filter((e) => e.type === type);
