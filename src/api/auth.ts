/**
 * Bearer API keys from the staff directory (`api_keys`): a key is a person, and the principal is
 * who that person is now (role, team, active), never what a request says about them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import { findKeyHolder, hashSecret, SECRET_FORMAT, touchKey } from '../people/store/keys';
import { refusalFor, type AuthorityAction, type Caller, type Holding } from '../shared/authority';
import type { StaffRole } from '../people/model';
import type { LookupGate } from './limits';
import { problems } from './problems';
import { createRecentKeys } from './recent-keys';

export interface Principal {
  staffId: string;
  role: StaffRole;
  /** Null for an admin outside every team. */
  teamId: string | null;
  name: string;
  /** The key's public id (`key_…`): scopes idempotency keys per caller. */
  keyId: string;
}

/**
 * How long a lookup is trusted. A revocation or deactivation through this process's API clears
 * the cache at once; one made elsewhere (the admin CLI, another API process) takes effect within
 * this long. Five seconds keeps a burst of requests on one key to one query.
 */
export const AUTH_CACHE_MS = 5_000;
/** last_used_at is written at most this often per key, so reads do not all become writes. */
const TOUCH_EVERY_MS = 60_000;
/** Unknown keys are cached too (a flood of bad keys must not become a flood of queries), within bounds. */
const MAX_CACHED = 10_000;

type Lookup = { principal: Principal } | { refusal: string };

export interface Authenticator {
  middleware: (req: Request, res: Response, next: NextFunction) => Promise<void>;
  /** Forgets every cached lookup: after a revocation or a change to a person in this process. */
  forget(): void;
}

/** `gate`: what may look a key up in the database, and what a refused one costs (./limits.ts). */
export function createAuthenticator(db: Pool, opts: { cacheMs?: number; now?: () => number; gate?: LookupGate } = {}): Authenticator {
  const cacheMs = opts.cacheMs ?? AUTH_CACHE_MS;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { lookup: Lookup; until: number }>();
  const touched = new Map<string, number>();
  // What the gate lets through an address's lockout: keys that authenticated recently.
  const recent = createRecentKeys(db, { now });

  async function lookup(secretHash: Buffer): Promise<Lookup> {
    // Found by SHA-256 of the presented secret: timing of the index lookup reveals only digest
    // prefixes of the caller's own guesses, which bring no secret closer. The digests are still
    // compared in constant time, so nothing here depends on how much of a stored value matched.
    const holder = await findKeyHolder(db, secretHash);
    if (!holder || holder.secretHash.length !== secretHash.length || !timingSafeEqual(holder.secretHash, secretHash)) return { refusal: 'Unknown API key.' };
    if (!holder.staff.active) return { refusal: 'This API key belongs to a deactivated staff member.' };
    if (holder.key.revokedAt) return { refusal: 'This API key has been revoked.' };
    const { staff } = holder;
    return { principal: { staffId: staff.id, role: staff.role, teamId: staff.teamId, name: staff.name, keyId: holder.key.id } };
  }

  async function middleware(req: Request, res: Response, next: NextFunction): Promise<void> {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    let found: Lookup = { refusal: 'Send an API key as `Authorization: Bearer <key>`.' };
    if (presented && SECRET_FORMAT.test(presented)) {
      const secretHash = hashSecret(presented);
      const cacheKey = secretHash.toString('hex');
      const cached = cache.get(cacheKey);
      if (cached && cached.until > now()) found = cached.lookup;
      else {
        const leave = await opts.gate?.enter(req, () => recent.vouches(secretHash));
        let refused = false;
        try {
          found = await lookup(secretHash);
          refused = 'refusal' in found;
        } finally {
          await leave?.(refused);
        }
        if (refused) recent.drop(secretHash);
        else recent.remember(secretHash);
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(cacheKey, { lookup: found, until: now() + cacheMs });
      }
    }
    if ('refusal' in found) {
      res.set('WWW-Authenticate', 'Bearer realm="followthrough"');
      throw problems.unauthorized(found.refusal);
    }
    const keyId = found.principal.keyId;
    if ((touched.get(keyId) ?? -Infinity) + TOUCH_EVERY_MS <= now()) {
      touched.set(keyId, now());
      await touchKey(db, keyId);
    }
    res.locals.principal = found.principal;
    next();
  }

  return { middleware, forget: () => cache.clear() };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** Supervisors and admins oversee others' commitments: admins everyone's, supervisors their team's. */
export const overseesAll = (principal: Principal): boolean => principal.role === 'supervisor' || principal.role === 'admin';

/** The team whose work a caller oversees, for lists and reports: undefined for admins (all). */
export const overseenTeam = (principal: Principal): string | undefined => (principal.role === 'admin' ? undefined : (principal.teamId ?? ''));

/** The caller as the authority table sees them. */
export const callerOf = (p: Principal): Caller => ({ id: p.staffId, role: p.role, teamId: p.teamId });

/**
 * May this caller take this action on this commitment (reading it, by default)? Asked of the
 * authority table (src/shared/authority.ts), which the workflow and the console ask too. Thrown
 * problem: 403 naming why and who may, so the caller knows it is not a missing commitment.
 */
export function assertMay(principal: Principal, c: Holding, action: AuthorityAction = 'read'): void {
  const refused = refusalFor(callerOf(principal), c, action);
  if (refused !== undefined) throw problems.forbidden(refused);
}
