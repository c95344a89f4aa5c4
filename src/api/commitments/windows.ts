/**
 * The shortest window a request may ask for: a deadline, a confirmation wait, a reopen deadline.
 * One agent once set 1 ms windows and sent 224 messages in 11 seconds; a minute is the least in
 * which a person can read a message and act on it. It is a setting (SHORTEST_WINDOW, default
 * PT1M) because the test suite runs whole lifecycles in seconds; production refuses less than a
 * minute (src/guards.ts). Checked here rather than in the schemas, which know no configuration.
 */
import { problems, type FieldError } from '../problems';

/** One duration of a request: where it was given, and how long it is (undefined: not given). */
export interface Window {
  pointer: string;
  ms: number | undefined;
}

export function describeWindow(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  return ms === 1000 ? '1 second' : `${ms / 1000} seconds`;
}

/** Throws a 400 naming every window shorter than `shortestMs`. */
export function assertWindows(shortestMs: number, windows: readonly Window[]): void {
  const errors: FieldError[] = windows
    .filter((w) => w.ms !== undefined && w.ms < shortestMs)
    .map((w) => ({ pointer: w.pointer, detail: `must be at least ${describeWindow(shortestMs)} away (SHORTEST_WINDOW)` }));
  if (errors.length) throw problems.invalid(errors);
}
