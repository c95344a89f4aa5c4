/**
 * What a test server received, and a way to wait for the item a test expects: the SMTP and
 * Twilio-compatible servers share it.
 */
export class Arrivals<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly missing: (timeoutMs: number, received: number) => Error) {}

  add(item: T): void {
    this.items.push(item);
    this.waiters.forEach((wake) => wake());
  }

  /** Resolves with the first item (already here or still to come) that matches. */
  waitFor(predicate: (item: T) => boolean, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.items.find(predicate);
        if (!found) return;
        finish();
        resolve(found);
      };
      const timer = setTimeout(() => {
        finish();
        reject(this.missing(timeoutMs, this.items.length));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}
