/**
 * Twilio webhooks: inbound texts and delivery status. Every request must carry a valid
 * X-Twilio-Signature over PUBLIC_BASE_URL + path and the form parameters; a forged one is answered
 * 403 and nothing is recorded. Bodies are parsed with the schemas below: a signed request that is
 * not Twilio's form (JSON, missing fields) is a 400, never a 500.
 */
import type { NextFunction, Request, Response } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import { changesConsent, readConsent } from '../../consent/read';
import { problems } from '../problems';
import { problemResponse } from '../resource';
import { route, type AnyRoute } from '../route';
import { cleanText } from '../text';
import type { TwilioDeps } from './deps';
import { receiveText, TWIML } from './sms';
import { statusCallback } from './status';

export function verifyTwilioSignature(deps: Pick<TwilioDeps, 'publicBaseUrl' | 'twilioAuthToken'>) {
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

// What Twilio sends in these fields: SIDs are letters and digits, addresses printable ASCII
// (E.164, short codes, alphanumeric senders), statuses words, error codes numbers.
const sid = z.string().regex(/^[A-Za-z0-9]{2,64}$/, 'must be a Twilio SID');
const phone = z.string().regex(/^[\x21-\x7e]{1,32}$/, 'must be a phone number or sender id');
/** Twilio bodies are at most 1,600 characters; a control character is dropped, never a reason to lose the text. */
const Body = z
  .string()
  .max(4000)
  .default('')
  .transform((v) => cleanText(v, 1600));

// Twilio posts many more fields (AccountSid, NumMedia, …): they are kept, not refused.
export const InboundSmsForm = z.looseObject({ MessageSid: sid, From: phone, To: phone.optional(), Body }).meta({ id: 'InboundSms' });
export const StatusForm = z
  .looseObject({
    MessageSid: sid,
    MessageStatus: z.string().regex(/^[a-z_]{1,32}$/, 'must be a Twilio message status'),
    ErrorCode: z
      .string()
      .regex(/^\d{1,16}$/, 'must be a Twilio error code')
      .optional(),
  })
  .meta({ id: 'SmsStatus' });

const signed = { 403: { description: 'Forged or missing X-Twilio-Signature' }, 404: { description: 'Twilio is not configured' } };

export const twilioRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/v1/webhooks/twilio/sms',
    operationId: 'twilioInboundSms',
    tag: 'Webhooks',
    summary: 'Inbound text (Twilio): YES / NO / 1-5 / ACK, an opt-out in any wording and START, HELP, or a note for the owner',
    description: 'Kept before it is acted on; a repeated MessageSid is answered with the first reply and has no other effect.',
    auth: 'twilio',
    body: InboundSmsForm,
    responses: {
      200: { description: 'TwiML', content: { [TWIML]: { schema: z.string() } } },
      429: problemResponse('This number has texted too often (RATE_LIMIT_TEXTS_PER_PHONE); an opt-out and START are never refused'),
      ...signed,
    },
    handle: async ({ body, res }, deps) => {
      // An opt-out (in any wording) and START always go through: an opt-out must be honoured however often someone texts.
      const consent = readConsent(body.Body);
      if (!changesConsent(consent)) await deps.limits.inboundText(body.From);
      await receiveText(deps, body, res, consent);
    },
  }),
  route({
    method: 'post',
    path: '/v1/webhooks/twilio/status',
    operationId: 'twilioDeliveryStatus',
    tag: 'Webhooks',
    summary: 'Delivery report (Twilio): moves the text on (sent, delivered); a failed text is reported to its workflow',
    auth: 'twilio',
    body: StatusForm,
    responses: { 204: { description: 'Recorded' }, ...signed },
    handle: async ({ body, res }, deps) => {
      await statusCallback(deps, body);
      res.status(204).end();
    },
  }),
];
