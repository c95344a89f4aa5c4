import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChannels } from '../../src/channels';
import { createOutboxMail, createOutboxSms } from '../../src/channels/outbox';
import { createSmtpMail } from '../../src/channels/smtp-mail';
import { createTwilioSms } from '../../src/channels/twilio-sms';
import { DeliveryError } from '../../src/channels/types';
import { startSmtpServer, type SmtpTestServer } from '../../tools/testkit/smtp-server';
import { startTwilioServer, type TwilioServer } from '../../tools/testkit/twilio-server';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'test-auth-token-do-not-print';
const FROM = '+15005550006';
const CUSTOMER = '+14155550123';
const MAIL_FROM = 'followthrough@example.test';

async function failureOf(send: Promise<unknown>): Promise<DeliveryError> {
  const err = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

/** A TCP port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = await listen(() => undefined);
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A raw TCP server, for failures below HTTP and SMTP: silence, resets. */
async function listen(onSocket: (socket: Socket) => void): Promise<Server> {
  const server = createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  return address.port;
}

describe('SMS through the Twilio SDK', () => {
  let twilio: TwilioServer;
  const sms = () => createTwilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, apiUrl: twilio.url });

  beforeAll(async () => {
    twilio = await startTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
  afterAll(() => twilio.close());
  beforeEach(() => twilio.reset());

  it('delivers the text to Twilio with the right To, From and Body and returns its SID', async () => {
    const receipt = await sms().send({ to: CUSTOMER, body: 'We will call you by 3:15 PM today.' });

    const message = await twilio.waitForMessage((m) => m.to === CUSTOMER);
    expect(receipt).toEqual({ providerId: message.sid, via: 'provider' });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.requests[0]?.form).toMatchObject({ To: CUSTOMER, From: FROM, Body: 'We will call you by 3:15 PM today.' });
  });

  it('sends a messaging service SID as MessagingServiceSid rather than From', async () => {
    const service = 'MG0123456789abcdef0123456789abcdef';
    await createTwilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: service, apiUrl: twilio.url }).send({ to: CUSTOMER, body: 'Recap' });

    const form = twilio.requests[0]?.form;
    expect(form).toMatchObject({ MessagingServiceSid: service });
    expect(form).not.toHaveProperty('From');
  });

  it('treats an invalid destination number (21211) as permanent', async () => {
    twilio.failNext(1, { status: 400, code: 21211, message: "The 'To' number +1555 is not a valid phone number." });
    const err = await failureOf(sms().send({ to: '+1555', body: 'hi' }));
    expect(err).toMatchObject({ permanent: true, ambiguous: false, code: '21211' });
    expect(err.cause).toMatchObject({ status: 400, code: 21211 });
  });

  it("names no phone number in its errors, though Twilio's message quotes it: they reach logs and Temporal's history", async () => {
    twilio.failNext(1, { status: 400, code: 21211, message: "The 'To' number +1 415-555-0123 is not a valid phone number." });
    const err = await failureOf(sms().send({ to: CUSTOMER, body: 'hi' }));
    expect(err.message).not.toMatch(/415.?555.?0123/);
    expect(err.message).toContain('is not a valid phone number');
  });

  it('treats a recipient who replied STOP (21610) as permanent', async () => {
    twilio.failFor(CUSTOMER, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const err = await failureOf(sms().send({ to: CUSTOMER, body: 'hi' }));
    expect(err).toMatchObject({ permanent: true, code: '21610' });
  });

  it('treats a landline destination (21614) as permanent', async () => {
    twilio.failNext(1, { status: 400, code: 21614, message: "'To' number is not a valid mobile number" });
    const err = await failureOf(sms().send({ to: '+14155550100', body: 'hi' }));
    expect(err).toMatchObject({ permanent: true, code: '21614' });
  });

  it('treats wrong credentials as permanent', async () => {
    const wrong = createTwilioSms({ accountSid: ACCOUNT_SID, authToken: 'wrong', from: FROM, apiUrl: twilio.url });
    const err = await failureOf(wrong.send({ to: CUSTOMER, body: 'hi' }));
    expect(err).toMatchObject({ permanent: true, code: '20003' });
    expect(twilio.requests[0]).toMatchObject({ authorized: false, status: 401 });
  });

  it('treats rate limiting (HTTP 429) as transient', async () => {
    twilio.failNext(1, { status: 429 });
    const err = await failureOf(sms().send({ to: CUSTOMER, body: 'hi' }));
    expect(err).toMatchObject({ permanent: false, ambiguous: false, code: '20429' });
    // The SDK's own 429 retry is off: Temporal owns retries, so exactly one request went out.
    expect(twilio.requests).toHaveLength(1);
  });

  it('treats a Twilio server error (HTTP 500) as transient', async () => {
    twilio.failNext(1, { status: 500 });
    const err = await failureOf(sms().send({ to: CUSTOMER, body: 'hi' }));
    expect(err).toMatchObject({ permanent: false, ambiguous: false });
  });

  it('treats a refused connection as transient and not ambiguous', async () => {
    const port = await closedPort();
    const offline = createTwilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, apiUrl: `http://127.0.0.1:${port}` });
    const err = await failureOf(offline.send({ to: CUSTOMER, body: 'hi' }));
    expect(err).toMatchObject({ permanent: false, ambiguous: false, code: 'ECONNREFUSED' });
  });

  it('treats a request that got no answer before the timeout as transient and ambiguous', async () => {
    const silent = await listen((socket) => socket.resume());
    try {
      const slow = createTwilioSms({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        from: FROM,
        apiUrl: `http://127.0.0.1:${portOf(silent)}`,
        timeoutMs: 200,
      });
      const err = await failureOf(slow.send({ to: CUSTOMER, body: 'hi' }));
      expect(err).toMatchObject({ permanent: false, ambiguous: true });
    } finally {
      silent.close();
    }
  });

  it('treats a connection reset after the request was written as ambiguous', async () => {
    const resetting = await listen((socket) => socket.once('data', () => socket.resetAndDestroy()));
    try {
      const flaky = createTwilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, apiUrl: `http://127.0.0.1:${portOf(resetting)}` });
      const err = await failureOf(flaky.send({ to: CUSTOMER, body: 'hi' }));
      expect(err).toMatchObject({ permanent: false, ambiguous: true, code: 'ECONNRESET' });
    } finally {
      resetting.close();
    }
  });

  it('describes itself by sender and endpoint, never by credentials', () => {
    expect(sms().description).toBe(`Twilio (from ${FROM}) via ${twilio.url}`);
    expect(sms().live).toBe(true);
  });
});

describe('mail through SMTP', () => {
  let smtp: SmtpTestServer;
  const mail = (timeoutMs?: number) => createSmtpMail({ url: smtp.url, from: MAIL_FROM, timeoutMs });

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());
  beforeEach(() => smtp.reset());

  it('delivers an email with its subject, text and sender', async () => {
    const receipt = await mail().send({ to: 'dana@example.test', subject: 'Your refund', text: 'Issued today by 3:15 PM.' });

    const received = await smtp.waitForMail((m) => m.to.includes('dana@example.test'));
    expect(received).toMatchObject({ from: MAIL_FROM, subject: 'Your refund', text: 'Issued today by 3:15 PM.' });
    expect(receipt).toEqual({ providerId: received.messageId, via: 'provider' });
  });

  it('treats SMTP 451 as transient', async () => {
    smtp.rejectNext(1, { code: 451, message: '4.3.0 Try again later' });
    const err = await failureOf(mail().send({ to: 'dana@example.test', subject: 's', text: 't' }));
    expect(err).toMatchObject({ permanent: false, ambiguous: false, code: '451' });
    expect(smtp.attempts).toBe(1);
  });

  it('treats SMTP 550 as permanent', async () => {
    smtp.rejectNext(1, { code: 550, message: '5.1.1 Mailbox does not exist' });
    const err = await failureOf(mail().send({ to: 'nobody@example.test', subject: 's', text: 't' }));
    expect(err).toMatchObject({ permanent: true, code: '550' });
  });

  it('names no address in its errors, though the server quotes it', async () => {
    smtp.rejectNext(1, { code: 550, message: '5.1.1 <maria.lopez@example.test>: Recipient address rejected' });
    const err = await failureOf(mail().send({ to: 'maria.lopez@example.test', subject: 's', text: 't' }));
    expect(err.message).not.toContain('maria');
    expect(err.message).toContain('Recipient address rejected');
  });

  it('treats a server that goes quiet after the message body as ambiguous', async () => {
    smtp.stallNext(1);
    const err = await failureOf(mail(300).send({ to: 'dana@example.test', subject: 's', text: 't' }));
    expect(err).toMatchObject({ permanent: false, ambiguous: true, code: 'ETIMEDOUT' });
  });

  it('treats a refused connection as transient and not ambiguous', async () => {
    const offline = createSmtpMail({ url: `smtp://127.0.0.1:${await closedPort()}`, from: MAIL_FROM });
    const err = await failureOf(offline.send({ to: 'dana@example.test', subject: 's', text: 't' }));
    expect(err).toMatchObject({ permanent: false, ambiguous: false, code: 'ECONNREFUSED' });
  });

  it('logs in with the credentials in SMTP_URL and never shows the password', async () => {
    const withLogin = createSmtpMail({ url: `smtp://ops:s3cret@127.0.0.1:${smtp.port}`, from: MAIL_FROM });
    await withLogin.verify();
    expect(withLogin.description).toBe(`SMTP 127.0.0.1:${smtp.port}`);
  });
});

describe('choosing channels', () => {
  it('uses the outbox when neither Twilio nor SMTP is configured', () => {
    const { sms, mail } = createChannels({ MAIL_FROM }, () => undefined);
    expect([sms.live, mail.live]).toEqual([false, false]);
    expect(sms.description).toBe('outbox (not sent: Twilio not configured)');
  });

  it('uses Twilio and SMTP when both are configured', async () => {
    const [twilio, smtp] = await Promise.all([startTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), startSmtpServer()]);
    try {
      const { sms, mail } = createChannels(
        {
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_FROM: FROM,
          TWILIO_API_URL: twilio.url,
          SMTP_URL: smtp.url,
          MAIL_FROM,
        },
        () => undefined,
      );
      expect([sms.live, mail.live]).toEqual([true, true]);

      await sms.send({ to: CUSTOMER, body: 'live' });
      await mail.send({ to: 'dana@example.test', subject: 'live', text: 'live' });
      expect(twilio.messages).toHaveLength(1);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await Promise.all([twilio.close(), smtp.close()]);
    }
  });

  it('keeps SMS in the outbox and names the missing variable when Twilio is half configured', () => {
    const lines: string[] = [];
    const { sms } = createChannels({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_FROM: FROM, MAIL_FROM }, (line) => lines.push(line));
    expect(sms.live).toBe(false);
    expect(lines.join('\n')).toContain('TWILIO_AUTH_TOKEN');
  });
});

describe('the outbox', () => {
  it('returns an outbox receipt and, under npm start, logs the text instead of sending it', async () => {
    const lines: string[] = [];
    const receipt = await createOutboxSms((line) => lines.push(line), { printBodies: true }).send({ to: CUSTOMER, body: 'We will call by 3:15 PM.' });

    expect(receipt.via).toBe('outbox');
    expect(receipt.providerId).toMatch(/^outbox-[0-9a-f-]{36}$/);
    expect(lines).toEqual([`[outbox sms → ${CUSTOMER}] We will call by 3:15 PM.`]);
  });

  it('logs a mail with its subject and every line of its text under npm start', async () => {
    const lines: string[] = [];
    await createOutboxMail((line) => lines.push(line), { printBodies: true }).send({
      to: 'dana@example.test',
      subject: 'Recap',
      text: 'Agreed: refund.\nOwner: Sam.',
    });
    expect(lines[0]).toBe('[outbox mail → dana@example.test] Recap\n    Agreed: refund.\n    Owner: Sam.');
  });

  it('logs only the outbox id and a length anywhere else: no number, address, subject or words', async () => {
    const lines: string[] = [];
    const sms = await createOutboxSms((line) => lines.push(line)).send({ to: CUSTOMER, body: 'Maria, we will call by 3:15 PM.' });
    const mail = await createOutboxMail((line) => lines.push(line)).send({ to: 'maria@example.test', subject: 'Maria Lopez: recap', text: 'Agreed: refund.' });
    expect(lines).toEqual([`[outbox sms ${sms.providerId}] 31 characters`, `[outbox mail ${mail.providerId}] 15 characters`]);
  });
});
