/**
 * Twilio webhooks: inbound texts and delivery status. Every request must carry a valid
 * X-Twilio-Signature over PUBLIC_BASE_URL + path and the form parameters; a forged one is
 * answered 403 and nothing is recorded.
 */
import type { Client } from '@temporalio/client';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import twilio from 'twilio';
import { optIn, optOut } from '../db/opt-outs';
import { helpReply } from '../messages/templates';
import { smsOptOutSignal } from '../shared/contract';
import { answerText } from './inbound-sms';
import { problems } from './problems';
import { failedDelivery } from './sms-status';

export interface WebhookDeps {
  client: Client;
  db: Pool;
  publicBaseUrl: string;
  /** Unset (no Twilio configured): the webhooks answer 404, there is nothing to verify against. */
  twilioAuthToken?: string;
  log?: (line: string) => void;
}

/** Form-encoded, as Twilio posts it; small, as texts are. */
const formBody = express.urlencoded({ extended: false, limit: '16kb' });

function verifySignature(deps: WebhookDeps) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!deps.twilioAuthToken) throw problems.notFound('Twilio is not configured, so there are no Twilio webhooks.');
    const signature = req.get('x-twilio-signature') ?? '';
    const url = `${deps.publicBaseUrl}${req.originalUrl}`;
    const params = (req.body ?? {}) as Record<string, string>;
    if (!signature || !twilio.validateRequest(deps.twilioAuthToken, signature, url, params)) {
      throw problems.forbidden('The X-Twilio-Signature header is missing or does not match this request.');
    }
    next();
  };
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

function twiml(res: Response, message?: string): void {
  res.type('text/xml').send(`<?xml version="1.0" encoding="UTF-8"?><Response>${message ? `<Message>${escapeXml(message)}</Message>` : ''}</Response>`);
}

export const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
export const OPT_IN = new Set(['START', 'UNSTOP']);
export const HELP = new Set(['HELP', 'INFO']);

export function webhooksRouter(deps: WebhookDeps): Router {
  const router = Router();
  router.use('/webhooks/twilio', formBody, verifySignature(deps));

  router.post('/webhooks/twilio/sms', async (req, res) => {
    const { From: from = '', Body: body = '' } = req.body as Record<string, string | undefined>;
    const word = body.trim().toUpperCase();
    if (OPT_OUT.has(word)) {
      await optOut(deps.db, from);
      await signalCustomer(deps, from, { optedOut: true });
      // Twilio itself confirms an opt-out to the sender; a second reply would be noise.
      return twiml(res);
    }
    // YES also opts back in, as carriers treat it; it then still answers a pending question.
    if (OPT_IN.has(word) || word === 'YES') {
      if ((await optIn(deps.db, from)) || OPT_IN.has(word)) await signalCustomer(deps, from, { optedOut: false });
      if (OPT_IN.has(word)) return twiml(res, 'You will get texts from us again. Reply STOP to stop.');
    }
    if (HELP.has(word)) return twiml(res, helpReply());
    twiml(res, await answerText(deps, from, body));
  });

  router.post('/webhooks/twilio/status', async (req, res) => {
    const { MessageSid: sid = '', MessageStatus: status = '', ErrorCode: code } = req.body as Record<string, string | undefined>;
    if (status === 'failed' || status === 'undelivered') await failedDelivery(deps, sid, status, code);
    res.status(204).end();
  });

  return router;
}

async function signalCustomer(deps: WebhookDeps, phone: string, change: { optedOut: boolean }): Promise<void> {
  const { rows } = await deps.db.query<{ workflow_id: string }>(
    `SELECT workflow_id FROM commitments WHERE customer_phone = $1 AND status NOT IN ('confirmed', 'unconfirmed', 'cancelled')`,
    [phone],
  );
  await Promise.allSettled(rows.map((r) => deps.client.workflow.getHandle(r.workflow_id).signal(smsOptOutSignal, change)));
}
