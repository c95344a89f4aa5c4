/**
 * When a scripted fault applies: to the next n requests, to every request for one destination,
 * or to every request during a time window. Both provider fakes schedule their faults with it,
 * so a test (or the fault suite's control API) says "the next 3", "this number" or "for 20 s"
 * the same way for SMS and email.
 */
export type When = { next: number } | { to: string } | { forMs: number };

export class FaultScript<F> {
  private readonly queued: F[] = [];
  private readonly byDestination = new Map<string, F>();
  private readonly windows: { fault: F; until: number }[] = [];

  add(fault: F, when: When): void {
    if ('next' in when) for (let i = 0; i < when.next; i++) this.queued.push(fault);
    else if ('to' in when) this.byDestination.set(when.to, fault);
    else this.windows.push({ fault, until: Date.now() + when.forMs });
  }

  /**
   * The fault for this request, if any. A destination's own fault wins; a queued one is used up;
   * a window applies to everything until it ends.
   */
  take(destination: string | undefined): F | undefined {
    const own = destination === undefined ? undefined : this.byDestination.get(destination);
    if (own) return own;
    const next = this.queued.shift();
    if (next) return next;
    const now = Date.now();
    return this.windows.find((w) => w.until > now)?.fault;
  }

  /** The queued faults not used yet. */
  get pending(): number {
    return this.queued.length;
  }

  clear(): void {
    this.queued.length = 0;
    this.byDestination.clear();
    this.windows.length = 0;
  }
}
