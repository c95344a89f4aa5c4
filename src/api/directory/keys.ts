/**
 * /v1/keys: API keys bound to people. Admins issue and revoke anyone's; everyone lists and
 * revokes their own. The secret is in the answer to the POST and nowhere else, ever.
 */
import { Router } from 'express';
import { findKey, issueKey, listKeys, revokeKey } from '../../db/directory/keys';
import { principalOf } from '../auth';
import { parseBody } from '../commitments';
import { problems } from '../problems';
import { parseQuery } from '../queues';
import { assertAdmin } from './access';
import type { DirectoryDeps } from './index';
import { toKeyResource } from './resources';
import { CreateKey, KeysQuery } from './schemas';

const KEY_ID = /^key_[0-9A-Za-z]{20}$/;

export function keysRouter(deps: Required<DirectoryDeps>): Router {
  const router = Router();

  router.get('/keys', async (req, res) => {
    const principal = principalOf(res);
    const { staff } = parseQuery(KeysQuery, req);
    if (principal.role !== 'admin' && staff !== undefined && staff !== principal.staffId) {
      throw problems.forbidden(`Only admins list other people's keys; staff=${staff} is not this key's owner (${principal.staffId}).`);
    }
    const staffId = principal.role === 'admin' ? staff : principal.staffId;
    res.json({ items: (await listKeys(deps.db, { staffId })).map(toKeyResource) });
  });

  router.post('/keys', async (req, res) => {
    assertAdmin(principalOf(res), 'Issuing keys');
    const body = parseBody(CreateKey, req);
    const { key, secret } = await issueKey(deps.db, { staffId: body.staffId, label: body.label });
    // The one response that carries a secret: no cache of any kind may keep it.
    res.status(201).set('Cache-Control', 'no-store').json({ ...toKeyResource(key), secret });
  });

  router.delete('/keys/:id', async (req, res) => {
    const principal = principalOf(res);
    const key = KEY_ID.test(req.params.id) ? await findKey(deps.db, req.params.id) : undefined;
    if (!key) throw problems.notFound(`No API key has the id ${req.params.id}.`);
    if (principal.role !== 'admin' && key.staffId !== principal.staffId) throw problems.forbidden('Only admins revoke other people\'s keys.');
    const revoked = await revokeKey(deps.db, key.id);
    deps.auth.forget();
    res.json(toKeyResource(revoked ?? key));
  });

  return router;
}
