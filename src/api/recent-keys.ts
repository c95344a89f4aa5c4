/**
 * Keys that authenticated recently. An address that sent too many refused keys is locked out
 * before any lookup (./limits.ts), but behind one address (an office NAT, a CRM's egress) there
 * are often many integrations, and one bad client must not stop the others. So a key that
 * authenticated within RECENTLY_VALID_MS is let through the lockout: known to this process
 * because it authenticated here, or to any process by the directory's `last_used_at` (read in
 * one query at most every REFRESH_MS, and only when a locked-out address presents a key this
 * process has not seen). Only SHA-256 digests are held. A guess is never among them, so guesses
 * still cost no lookups; a key that has not been used for a day waits out the window like a guess.
 */
import type { Pool } from 'pg';
import { recentlyUsedKeyDigests } from '../people/store/keys';

/** A day: an integration that calls at least daily is never locked out by its neighbours. */
export const RECENTLY_VALID_MS = 24 * 3600_000;
/** A key used on another replica is let through here within this long (plus last_used_at's minute). */
const REFRESH_MS = 30_000;
/** Digests kept from this process and read from the directory: 10,000 × 32 bytes, the least recent dropped first. */
const MAX_REMEMBERED = 10_000;

export interface RecentKeys {
  /** A key just authenticated. */
  remember(digest: Buffer): void;
  /** A key was refused after all (revoked, its person deactivated): it vouches for nothing now. */
  drop(digest: Buffer): void;
  /** Whether this key authenticated within RECENTLY_VALID_MS. */
  vouches(digest: Buffer): Promise<boolean>;
}

export function createRecentKeys(db: Pool, opts: { now?: () => number } = {}): RecentKeys {
  const now = opts.now ?? Date.now;
  /** Hex digest → when it last authenticated in this process; Map order is least recent first. */
  const seen = new Map<string, number>();
  let used = new Set<string>();
  let readAt = -Infinity;
  let reading: Promise<void> | undefined;

  async function read(): Promise<void> {
    readAt = now();
    try {
      used = new Set((await recentlyUsedKeyDigests(db, RECENTLY_VALID_MS, MAX_REMEMBERED)).map((d) => d.toString('hex')));
    } catch {
      // Postgres cannot answer: the key's own lookup would fail as well; the lockout holds until the next read.
    }
  }

  return {
    remember(digest) {
      const hex = digest.toString('hex');
      seen.delete(hex);
      if (seen.size >= MAX_REMEMBERED) seen.delete(seen.keys().next().value as string);
      seen.set(hex, now());
    },
    drop(digest) {
      seen.delete(digest.toString('hex'));
      used.delete(digest.toString('hex'));
    },
    async vouches(digest) {
      const hex = digest.toString('hex');
      if ((seen.get(hex) ?? -Infinity) + RECENTLY_VALID_MS > now()) return true;
      if (now() - readAt >= REFRESH_MS) await (reading ??= read().finally(() => (reading = undefined)));
      return used.has(hex);
    },
  };
}
