import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBody } from '../../tools/testkit/http';
import { startSmtpServer, type SmtpTestServer } from '../../tools/testkit/smtp-server';
import { startTwilioServer, type TwilioServer } from '../../tools/testkit/twilio-server';

const ACCOUNT_SID = `AC${randomUUID().replace(/-/g, '')}`;
const AUTH_TOKEN = randomUUID().replace(/-/g, '');
const FROM = '+15005550006';

/** The real SDK, pointed at a fake: only the domain's base URL changes. */
function sdk(server: TwilioServer, timeout = 5_000) {
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { autoRetry: false, timeout });
  client.api.baseUrl = server.url;
  return client;
}

const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as Record<string, unknown>,
  );

/** Where the fake posts status callbacks: checks each signature as our API does, answers as scripted. */
async function startCallbackReceiver() {
  const received: { params: Record<string, string>; signed: boolean }[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const params = Object.fromEntries(new URLSearchParams(raw));
      const signed = twilio.validateRequest(AUTH_TOKEN, String(req.headers['x-twilio-signature']), `${url}${req.url}`, params);
      received.push({ params, signed });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${url}/status`, received, answers, close: () => new Promise((r) => server.close(r)) };
}

describe('the Twilio fake, through the real SDK', () => {
  let fake: TwilioServer;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  beforeAll(async () => {
    [fake, receiver] = await Promise.all([startTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), startCallbackReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([fake.close(), receiver.close()]);
  });
  beforeEach(async () => {
    fake.reset();
    await fake.up();
  });

  it('lists messages newest first across pages, filtered by destination and send date, and fetches one', async () => {
    const client = sdk(fake);
    const since = new Date(Math.floor(Date.now() / 1000) * 1000);
    for (let i = 0; i < 5; i++) await client.messages.create({ to: '+14155550101', from: FROM, body: `copy ${i}` });
    await client.messages.create({ to: '+14155550102', from: FROM, body: 'other' });
    await expect.poll(() => fake.messages.every((m) => m.status === 'delivered')).toBe(true);

    const listed = await client.messages.list({ to: '+14155550101', dateSentAfter: since, pageSize: 2 });
    expect(listed.map((m) => m.body)).toEqual(['copy 4', 'copy 3', 'copy 2', 'copy 1', 'copy 0']);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
    const walked: string[] = [];
    await new Promise<void>((done) => client.messages.each({ to: '+14155550101', pageSize: 2, done: () => done() }, (m) => void walked.push(m.body)));
    expect(walked).toHaveLength(5);
    expect(await client.messages.list({ to: '+14155550101', dateSentBefore: new Date(since.getTime() - 60_000) })).toEqual([]);

    const fetched = await client.messages(listed[0]!.sid).fetch();
    expect(fetched).toMatchObject({ body: 'copy 4', to: '+14155550101', status: 'delivered' });
    expect(fetched.dateSent).toBeInstanceOf(Date);
    await expect(client.messages(`SM${'0'.repeat(32)}`).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('leaves a message out of a send-date filter until it has been sent, as Twilio does', async () => {
    const slow = await startTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timing: { sentAfterMs: 60_000 } });
    try {
      const client = sdk(slow);
      const created = await client.messages.create({ to: '+14155550103', from: FROM, body: 'queued' });
      expect(created.dateSent).toBeNull();
      expect(await client.messages.list({ to: '+14155550103' })).toHaveLength(1);
      expect(await client.messages.list({ to: '+14155550103', dateSentAfter: new Date(Date.now() - 60_000) })).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('posts signed status callbacks, sent then delivered, and a scripted undelivered with its error code', async () => {
    const client = sdk(fake);
    fake.deliveryFor('+14155550105', { status: 'undelivered', errorCode: 30003 });
    const ok = await client.messages.create({ to: '+14155550104', from: FROM, body: 'hello', statusCallback: receiver.url });
    const lost = await client.messages.create({ to: '+14155550105', from: FROM, body: 'hello', statusCallback: receiver.url });
    await fake.waitForCallback((c) => c.sid === ok.sid && c.status === 'delivered' && c.answered === 204);
    await fake.waitForCallback((c) => c.sid === lost.sid && c.status === 'undelivered' && c.answered === 204);

    const posts = (sid: string) => receiver.received.filter((r) => r.params.MessageSid === sid);
    expect(posts(ok.sid).map((r) => r.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(posts(ok.sid).every((r) => r.signed)).toBe(true);
    expect(posts(ok.sid)[1]!.params).toMatchObject({ To: '+14155550104', From: FROM, AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01' });
    expect(posts(lost.sid).at(-1)!.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
  });

  it('retries a callback answered 5xx and records what was answered; none are posted while callbacks are off', async () => {
    const client = sdk(fake);
    receiver.answers.push(503);
    const retried = await client.messages.create({ to: '+14155550106', from: FROM, body: 'hello', statusCallback: receiver.url });
    expect(await fake.waitForCallback((c) => c.sid === retried.sid && c.status === 'sent')).toMatchObject({ attempts: 2, answered: 204 });

    fake.setCallbacks(false);
    const silent = await client.messages.create({ to: '+14155550107', from: FROM, body: 'quiet', statusCallback: receiver.url });
    await expect.poll(() => fake.messages.find((m) => m.sid === silent.sid)?.status).toBe('delivered');
    fake.setCallbacks(true);
    const after = await client.messages.create({ to: '+14155550107', from: FROM, body: 'loud', statusCallback: receiver.url });
    await fake.waitForCallback((c) => c.sid === after.sid && c.status === 'delivered');
    expect(receiver.received.filter((r) => r.params.MessageSid === silent.sid)).toEqual([]);
  });

  it('sends Retry-After with 429 and 503 answers', async () => {
    fake.failNext(1, { status: 429, retryAfterS: 7 });
    fake.failNext(1, { status: 503 });
    const post = () =>
      fetch(`${fake.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: '+14155550108', From: FROM, Body: 'x' }).toString(),
      });
    const [tooMany, unavailable] = [await post(), await post()];
    expect([tooMany.status, tooMany.headers.get('retry-after')]).toEqual([429, '7']);
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '1']);
  });

  it('accepts then hangs: the SDK times out, yet the message is stored and sent', async () => {
    fake.script({ kind: 'hang', mode: 'silent' }, { next: 1 });
    fake.script({ kind: 'hang', mode: 'destroy' }, { next: 1 });
    const client = sdk(fake, 500);
    expect(await failureOf(client.messages.create({ to: '+14155550109', from: FROM, body: 'did it go?' }))).toMatchObject({ code: 'ECONNABORTED' });
    expect(await failureOf(client.messages.create({ to: '+14155550109', from: FROM, body: 'did it go?' }))).toMatchObject({ code: 'ECONNRESET' });
    await expect.poll(async () => (await client.messages.list({ to: '+14155550109', dateSentAfter: new Date(Date.now() - 60_000) })).length).toBe(2);
    expect(fake.copies()).toEqual([{ to: '+14155550109', body: 'did it go?', copies: 2 }]);
  });

  it('holds a request, then refuses it or accepts it', async () => {
    fake.script({ kind: 'hold', ms: 300, then: { status: 503 } }, { next: 1 });
    fake.script({ kind: 'hold', ms: 300, then: 'accept' }, { next: 1 });
    const client = sdk(fake);
    const t0 = Date.now();
    expect(await failureOf(client.messages.create({ to: '+14155550110', from: FROM, body: 'slow' }))).toMatchObject({ status: 503 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    await client.messages.create({ to: '+14155550110', from: FROM, body: 'slow' });
    expect(fake.copies()).toEqual([{ to: '+14155550110', body: 'slow', copies: 1 }]);
  });

  it('refuses or resets connections while down, and serves again once up', async () => {
    const send = () => failureOf(sdk(fake).messages.create({ to: '+14155550111', from: FROM, body: 'x' }));
    fake.down();
    // Node's shared keep-alive agent may still hold a socket from an earlier test: that one is reset.
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain((await send()).code);
    expect(await send()).toMatchObject({ code: 'ECONNREFUSED' });
    await fake.up();
    fake.down('reset');
    expect(await send()).toMatchObject({ code: 'ECONNRESET' });
    await fake.up();
    await sdk(fake).messages.create({ to: '+14155550111', from: FROM, body: 'x' });
    expect(fake.messages).toHaveLength(1);
  });

  it('refuses sends to a number that texted STOP with 400 and error 21610', async () => {
    fake.optOut('+14155550112');
    const err = await failureOf(sdk(fake).messages.create({ to: '+14155550112', from: FROM, body: 'x' }));
    expect(err).toMatchObject({ status: 400, code: 21610 });
  });
});

describe('the SMTP fake, through nodemailer', () => {
  let smtp: SmtpTestServer;
  const transport = (timeout = 2_000) =>
    nodemailer.createTransport({ url: smtp.url, pool: false, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  const send = (subject: string, messageId?: string) =>
    transport().sendMail({ from: 'ops@example.test', to: 'sam@example.test', subject, text: 'body', ...(messageId ? { messageId } : {}) });
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());
  beforeEach(() => smtp.reset());

  it('accepts then drops: nodemailer fails, yet the mail is stored', async () => {
    smtp.dropNext(1);
    const err = await failureOf(send('dropped'));
    expect(String(err.message)).toMatch(/closed|ECONNRESET/i);
    expect(smtp.mails.map((m) => m.subject)).toEqual(['dropped']);
    await send('answered');
    expect(smtp.mails).toHaveLength(2);
  });

  it('drops every mail during a window', async () => {
    smtp.dropDuring(60_000);
    await failureOf(send('one'));
    await failureOf(send('two'));
    smtp.clearScript();
    await send('three');
    expect(smtp.mails.map((m) => m.subject)).toEqual(['one', 'two', 'three']);
  });

  it('counts copies by Message-ID, which mail clients fold, and by recipient and subject', async () => {
    await send('Escalated', '<alert-1@followthrough>');
    await send('Escalated', '<alert-1@followthrough>');
    await send('Escalated', '<alert-1-again@followthrough>');
    expect(smtp.duplicates()).toEqual({ byMessageId: 1, byRecipientSubject: 2 });
    expect(smtp.copies()).toEqual([{ to: 'sam@example.test', subject: 'Escalated', copies: 3, messageIds: 2 }]);
  });

  it('refuses connections while down and accepts mail again once up', async () => {
    smtp.down();
    expect(await failureOf(send('refused'))).toMatchObject({ code: 'ESOCKET' });
    await smtp.up();
    await send('accepted');
    expect(smtp.mails.map((m) => m.subject)).toEqual(['accepted']);
  });
});
