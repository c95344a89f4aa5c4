/**
 * Copies counted by a key (destination and body, Message-ID…): what the fault suite and tests
 * use to tell received from duplicated.
 */
export interface Copies<K> {
  key: K;
  copies: number;
}

export function countBy<T, K extends Record<string, string>>(items: Iterable<T>, keyOf: (item: T) => K | K[]): Copies<K>[] {
  const counted = new Map<string, Copies<K>>();
  for (const item of items) {
    for (const key of ([] as K[]).concat(keyOf(item))) {
      const id = JSON.stringify(key);
      const entry = counted.get(id);
      if (entry) entry.copies += 1;
      else counted.set(id, { key, copies: 1 });
    }
  }
  return [...counted.values()];
}

/** Copies beyond the first, summed: how many a recipient got that they had already. */
export function extraCopies(counts: Copies<unknown>[]): number {
  return counts.reduce((sum, c) => sum + c.copies - 1, 0);
}
