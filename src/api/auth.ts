/**
 * Bearer API keys from API_KEYS (`role:key,…`). A later issue moves keys into the database;
 * until then the key list is fixed at boot.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiKey, Role } from '../config';
import { problems } from './problems';

export interface Principal {
  role: Role;
  /** Staff id from API_KEYS (`role:staffId:key`), when the key names one. */
  staffId?: string;
  /** A stable, non-secret identifier of the key: scopes idempotency keys per caller. */
  keyId: string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function authenticate(keys: readonly ApiKey[]) {
  const known = keys.map((k) => ({ role: k.role, staffId: k.staffId, hash: digest(k.key), keyId: digest(k.key).toString('hex').slice(0, 16) }));
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    // Compare digests in constant time so response timing does not leak key prefixes.
    const presented = match?.[1] ? digest(match[1]) : undefined;
    const found = presented && known.find((k) => timingSafeEqual(k.hash, presented));
    if (!found) {
      res.set('WWW-Authenticate', 'Bearer realm="followthrough"');
      throw problems.unauthorized();
    }
    res.locals.principal = { role: found.role, keyId: found.keyId, ...(found.staffId ? { staffId: found.staffId } : {}) } satisfies Principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/**
 * Supervisors may see and act on every commitment; an agent on those they own or registered.
 * Thrown problem: 403, naming why, so the caller knows it is not a missing commitment.
 */
export function assertMayAccess(principal: Principal, c: { owner: { id: string }; createdBy?: string }): void {
  if (principal.role === 'supervisor') return;
  if (principal.staffId && (c.owner.id === principal.staffId || c.createdBy === principal.staffId)) return;
  throw problems.forbidden(
    principal.staffId
      ? `This commitment is owned by ${c.owner.id}; agents may only see and change their own.`
      : 'This API key names no staff member (API_KEYS entry role:staffId:key), so it can read no commitments.',
  );
}
