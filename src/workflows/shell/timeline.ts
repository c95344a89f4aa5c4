/**
 * The commitment's history inside its workflow: every entry gets the next sequence number and the
 * workflow's time; the recent part is kept for queries and messages (the read model has all of
 * it), and the entries not yet written are handed to the next read-model write.
 */
import type { TimelineEvent } from '../../shared/model';
import type { EventDraft } from '../../core';

/** The timeline kept in workflow memory; older entries live in the read model only. */
const RECENT_EVENTS = 60;

export class Timeline {
  private unsaved: TimelineEvent[] = [];

  constructor(
    public recent: TimelineEvent[] = [],
    public nextSeq = 0,
  ) {}

  /** `now`: the entries' time, the workflow's clock unless given. */
  append(drafts: readonly EventDraft[], now?: number): void {
    const at = new Date(now ?? Date.now()).toISOString();
    for (const d of drafts) {
      const event: TimelineEvent = { seq: this.nextSeq++, at, type: d.type, detail: d.detail, actor: d.actor };
      this.recent.push(event);
      this.unsaved.push(event);
    }
    this.keepRecent();
  }

  /** A sequence number kept for an entry written elsewhere (a message's "sent" entry, by its activity). */
  reserve(): number {
    return this.nextSeq++;
  }

  /** An entry already in the read model at the number reserved for it: kept in order, never written again. */
  appendWritten(event: TimelineEvent): void {
    const at = this.recent.findIndex((e) => e.seq > event.seq);
    this.recent.splice(at < 0 ? this.recent.length : at, 0, event);
    this.keepRecent();
  }

  private keepRecent(): void {
    if (this.recent.length > RECENT_EVENTS) this.recent.splice(0, this.recent.length - RECENT_EVENTS);
  }

  /** The entries not yet written, handed to one write. */
  takeUnsaved(): TimelineEvent[] {
    const events = this.unsaved;
    this.unsaved = [];
    return events;
  }

  get saved(): boolean {
    return this.unsaved.length === 0;
  }
}
