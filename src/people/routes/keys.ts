/**
 * /v1/keys: API keys bound to people. Admins issue and revoke anyone's; everyone lists and
 * revokes their own. The secret is in the answer to the POST and nowhere else, ever.
 */
import { z } from 'zod';
import { findKey, issueKey, listKeys, revokeKey } from '../store/keys';
import { problems } from '../../api/problems';
import { jsonResponse, problemResponse } from '../../api/resource';
import { route, type AnyRoute } from '../../api/route';
import { assertAdmin } from './access';
import { ApiKey, IssuedKey, list, toKeyResource } from './resources';
import { CreateKey, KeysQuery } from './schemas';

const KeyParams = z.object({ id: z.string().regex(/^key_[0-9A-Za-z]{20}$/, 'is not an API key id') });

export const keyRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/keys',
    operationId: 'listKeys',
    tag: 'Keys',
    summary: 'API keys (never their secrets): anyone’s for admins, otherwise the caller’s own',
    auth: 'key',
    query: KeysQuery,
    responses: { 200: jsonResponse('The keys', list(ApiKey)), 403: problemResponse("Only admins list other people's keys") },
    handle: async ({ query, principal, res }, deps) => {
      if (principal.role !== 'admin' && query.staff !== undefined && query.staff !== principal.staffId) {
        throw problems.forbidden(`Only admins list other people's keys; staff=${query.staff} is not this key's owner (${principal.staffId}).`);
      }
      const staffId = principal.role === 'admin' ? query.staff : principal.staffId;
      res.json({ items: (await listKeys(deps.db, { staffId })).map(toKeyResource) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/keys',
    operationId: 'createKey',
    tag: 'Keys',
    summary: 'Issue a key for a staff member (admins); the secret is in this answer only',
    auth: 'key',
    body: CreateKey,
    responses: { 201: jsonResponse('The key with its secret', IssuedKey), 403: problemResponse('Only admins issue keys') },
    handle: async ({ body, principal, res }, deps) => {
      assertAdmin(principal, 'Issuing keys');
      const { key, secret } = await issueKey(deps.db, { staffId: body.staffId, label: body.label });
      // The one response that carries a secret: no cache of any kind may keep it.
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json({ ...toKeyResource(key), secret });
    },
  }),
  route({
    method: 'delete',
    path: '/v1/keys/{id}',
    operationId: 'revokeKey',
    tag: 'Keys',
    summary: 'Revoke a key, ending the console sessions signed in with it: admins any, everyone their own',
    auth: 'key',
    params: KeyParams,
    responses: { 200: jsonResponse('The key, revoked', ApiKey), 403: problemResponse("Only admins revoke other people's keys") },
    handle: async ({ params, principal, res }, deps) => {
      const key = await findKey(deps.db, params.id);
      if (!key) throw problems.notFound(`No API key has the id ${params.id}.`);
      if (principal.role !== 'admin' && key.staffId !== principal.staffId) throw problems.forbidden("Only admins revoke other people's keys.");
      const revoked = await revokeKey(deps.db, key.id);
      deps.auth.forget();
      res.json(toKeyResource(revoked ?? key));
    },
  }),
];
