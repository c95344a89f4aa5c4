/**
 * Console access ends with the access that opened it: revoking a key ends the sessions signed in
 * with it, whoever revokes (an admin through the API, the admin CLI); deactivating a person ends
 * all their sessions and voids their sign-in links for good, so reactivating them starts clean.
 * Against the real API, signing in through the console's own forms.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/admin/commands';
import { issueKey } from '../../src/people/store/keys';
import { findSession, openSession } from '../../src/db/sessions';
import { ConsoleVisitor, linkTokenIn } from '../support/console-visitor';
import { addTestStaff, ADMIN_KEY, commitmentBody, useHarness } from '../support/harness';

const h = useHarness();

/** A person of their own per test, with a key: what one test ends is nobody else's. */
async function newPerson(): Promise<{ id: string; email: string; key: string }> {
  const id = `agent-${randomUUID().slice(0, 8)}`;
  const email = `${id}@support.example`;
  return { id, email, key: await addTestStaff(h.db.pool, { id, name: 'Pat Doe', email }) };
}

const keyIdOf = async (staffId: string) => (await h.api('GET', `/v1/keys?staff=${staffId}`, { key: ADMIN_KEY })).body.items[0].id as string;

/** Signed in with a key through the sign-in page, with the CSRF token its pages carry. */
async function signedIn(key: string): Promise<{ visitor: ConsoleVisitor; csrf: string }> {
  const visitor = new ConsoleVisitor(h.baseUrl);
  expect(await visitor.signInWithKey(key)).toBe(303);
  const csrf = await visitor.csrfToken();
  expect(csrf).not.toBe('');
  expect(await visitor.read()).toBe(200);
  return { visitor, csrf };
}

/** What the console sees once its session is over: 401 on /v1 for reads and creates, and the sign-in page for its pages. */
async function expectSignedOut(visitor: ConsoleVisitor, csrf: string): Promise<void> {
  expect(await visitor.read()).toBe(401);
  expect(await visitor.read('/v1/commitments')).toBe(401);
  expect(await visitor.post('/v1/commitments', commitmentBody(), csrf)).toBe(401);
  const page = await visitor.fetch('/mine');
  expect([page.status, page.location]).toEqual([303, '/login?next=%2Fmine']);
}

/** Asks for a sign-in link on the sign-in page and reads its token from the mail that arrives. */
async function mailedLink(email: string): Promise<string> {
  const asked = Date.now();
  expect(await new ConsoleVisitor(h.baseUrl).askForLink(email)).toBe(200);
  const mail = await h.smtp.waitForMail((m) => m.to.includes(email) && m.subject.includes('sign-in link') && (m.receivedAt ?? 0) >= asked, 10_000);
  return linkTokenIn(mail);
}

describe('revoking a key', () => {
  it('ends the console sessions signed in with it at once, when an admin revokes it through the API, and no others', async () => {
    const pat = await newPerson();
    const other = await h.api('POST', '/v1/keys', { key: ADMIN_KEY, body: { staffId: pat.id, label: 'second laptop' } });
    const revokedSession = await signedIn(pat.key);
    const otherSession = await signedIn(other.body.secret);
    // A change works while the key is good, so the 401 below is the revocation's doing.
    expect(await revokedSession.visitor.post('/v1/commitments', commitmentBody(), revokedSession.csrf)).toBe(201);

    expect((await h.api('DELETE', `/v1/keys/${await keyIdOf(pat.id)}`, { key: ADMIN_KEY })).status).toBe(200);

    await expectSignedOut(revokedSession.visitor, revokedSession.csrf);
    expect(await otherSession.visitor.read()).toBe(200);
    expect(await otherSession.visitor.post('/v1/commitments', commitmentBody(), otherSession.csrf)).toBe(201);
  });

  it('ends them at once when the key is revoked with the admin CLI, which tells the API nothing', async () => {
    const pat = await newPerson();
    const { visitor, csrf } = await signedIn(pat.key);
    const out: string[] = [];
    await COMMANDS['revoke-key']!.run(h.db.pool, {}, [await keyIdOf(pat.id)], (line) => out.push(line));
    expect(out[0]).toMatch(/^Revoked key_/);
    await expectSignedOut(visitor, csrf);
  });

  it('refuses a session whose key is revoked by a write that did not end it, and opens none with a revoked key', async () => {
    const pat = await newPerson();
    const keyId = await keyIdOf(pat.id);
    const opened = await openSession(h.db.pool, pat.id, { method: 'key', keyId });
    expect(await findSession(h.db.pool, opened!.id)).toMatchObject({ keyId, staff: { id: pat.id } });
    // As a revocation committing while the session was being opened leaves it: the key revoked, the session not ended.
    await h.db.pool.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [keyId]);
    expect(await findSession(h.db.pool, opened!.id)).toBeUndefined();
    expect(await openSession(h.db.pool, pat.id, { method: 'key', keyId })).toBeUndefined();
  });
});

describe('deactivating a person', () => {
  it('ends every session and voids every unused sign-in link for good: reactivated, they sign in afresh', async () => {
    const pat = await newPerson();
    const byKey = await signedIn(pat.key);
    const byLink = new ConsoleVisitor(h.baseUrl);
    expect(await byLink.useLink(await mailedLink(pat.email))).toBe(303);
    const byLinkCsrf = await byLink.csrfToken();
    expect(await byLink.read()).toBe(200);
    const unused = await mailedLink(pat.email);

    expect((await h.api('PATCH', `/v1/staff/${pat.id}`, { key: ADMIN_KEY, body: { active: false } })).status).toBe(200);
    expect((await h.api('PATCH', `/v1/staff/${pat.id}`, { key: ADMIN_KEY, body: { active: true } })).status).toBe(200);

    await expectSignedOut(byKey.visitor, byKey.csrf);
    await expectSignedOut(byLink, byLinkCsrf);
    const late = new ConsoleVisitor(h.baseUrl);
    expect(await late.useLink(unused)).toBe(410);
    expect(await late.read()).toBe(401);
    // The old key stays revoked; a new key and a new link both sign in.
    expect(await new ConsoleVisitor(h.baseUrl).signInWithKey(pat.key)).toBe(401);
    const { secret } = await issueKey(h.db.pool, { staffId: pat.id, label: 'after coming back' });
    await signedIn(secret);
    const fresh = new ConsoleVisitor(h.baseUrl);
    expect(await fresh.useLink(await mailedLink(pat.email))).toBe(303);
    expect(await fresh.read()).toBe(200);
  });
});
