/**
 * The fault suite's message sink, a process of its own: the Twilio-compatible server and the SMTP
 * server from tools/testkit/, which the worker's real Twilio SDK and nodemailer deliver to, plus a small
 * HTTP control API through which the suite scripts their faults and reads what arrived.
 *
 * Started as `node dist-faults/tools/faults/sink.js` with SINK_ACCOUNT_SID and SINK_AUTH_TOKEN; prints
 * one line `{"ready":{…}}` with its three addresses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { readBody, sendJson } from '../testkit/http';
import { startSmtpServer } from '../testkit/smtp-server';
import { startTwilioServer } from '../testkit/twilio-server';
import { Down, SmtpScript, TwilioScript, type Received } from './control';

async function main(): Promise<void> {
  const accountSid = process.env.SINK_ACCOUNT_SID ?? '';
  const authToken = process.env.SINK_AUTH_TOKEN ?? '';
  const [twilio, smtp] = await Promise.all([startTwilioServer({ accountSid, authToken }), startSmtpServer()]);

  const parse = <S extends z.ZodType>(schema: S, raw: string): z.infer<S> => schema.parse(raw ? JSON.parse(raw) : {});
  const routes: Record<string, (raw: string, query: URLSearchParams) => unknown> = {
    'POST /twilio/script': (raw) => twilio.script(...spread(parse(TwilioScript, raw))),
    'POST /smtp/script': (raw) => smtp.script(...spread(parse(SmtpScript, raw))),
    'POST /clear': () => {
      twilio.clearScript();
      smtp.clearScript();
    },
    'POST /twilio/down': (raw) => twilio.down(parse(Down, raw).mode),
    'POST /twilio/up': () => twilio.up(),
    'POST /smtp/down': () => smtp.down(),
    'POST /smtp/up': () => smtp.up(),
    // `to`: a pattern the recipient must match (the fault suite waits for a cohort's alerts with it).
    'GET /count': (_raw, query) => {
      const to = new RegExp(query.get('to') ?? '');
      return { sms: twilio.messages.filter((m) => to.test(m.to)).length, email: smtp.mails.filter((m) => m.to.some((a) => to.test(a))).length };
    },
    'GET /received': (_raw, query): Received => {
      const since = Number(query.get('since') ?? 0);
      return {
        sms: twilio.messages.filter((m) => (m.receivedAt ?? 0) >= since).map((m) => ({ to: m.to, body: m.body, sid: m.sid, at: m.receivedAt ?? 0 })),
        email: smtp.mails
          .filter((m) => (m.receivedAt ?? 0) >= since)
          .map((m) => ({ to: m.to, subject: m.subject, messageId: m.messageId, at: m.receivedAt ?? 0 })),
        callbacks: twilio.callbacks
          .filter((c) => c.at >= since)
          .reduce<Record<string, number>>((acc, c) => {
            const answer = String(c.answered ?? 'none');
            return { ...acc, [answer]: (acc[answer] ?? 0) + 1 };
          }, {}),
      };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sink.local');
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return sendJson(res, 404, { title: 'No such control endpoint', detail: `${req.method} ${url.pathname}` });
    try {
      sendJson(res, 200, (await route(raw, url.searchParams)) ?? {});
    } catch (err) {
      // A bad control request is the suite's own bug: say which field, never crash the sink.
      sendJson(res, 400, { title: 'Bad control request', detail: err instanceof Error ? err.message : String(err) });
    }
  }

  const control = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  console.log(JSON.stringify({ ready: { control: controlUrl, twilioUrl: twilio.url, smtpUrl: smtp.url } }));

  const stop = () => {
    control.close();
    void Promise.all([twilio.close(), smtp.close()]).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const spread = <F, W>(s: { fault: F; when: W }): [F, W] => [s.fault, s.when];

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
