/**
 * An inbound text: kept first (keyed by MessageSid), then acted on, and the reply stored with it.
 * A repeated MessageSid gets the stored reply and changes nothing. An opt-out in any wording and
 * START are recorded by src/consent (read.ts reads them, record.ts writes the consent ledger and
 * tells the open commitments); when Postgres cannot take them they are kept in Temporal instead (a
 * consent workflow per number that writes them once Postgres is back), and only when neither can
 * keep an opt-out is the answer a 503.
 */
import type { Response } from 'express';
import twilio from 'twilio';
import { changesConsent, isTwilioOptOutKeyword, readConsent, type ConsentReading } from '../../consent/read';
import { keepConsentInTemporal, recordConsent } from '../../consent/record';
import { markInboundProcessed, releaseInbound, storeInbound } from '../../db/inbound-messages';
import { localeOfNumber } from '../../db/replies';
import { customerReply, helpReply, optedOutReply } from '../../messages/templates';
import { DEFAULT_CUSTOMER_LOCALE, type CustomerLocale } from '../../shared/locale';
import { smsOptOutSignal } from '../../shared/contract';
import type { ConsentChoice } from '../../shared/contract/consent';
import { unavailableDependency, withDeadline } from '../unavailable';
import type { TwilioDeps } from './deps';
import { answerText, tellOwnerOfOptOut } from './inbound';

export const TWIML = 'text/xml';

function twiml(res: Response, message?: string | null): void {
  const reply = new twilio.twiml.MessagingResponse();
  if (message) reply.message(message);
  res.type(TWIML).send(reply.toString());
}

interface Text {
  MessageSid: string;
  From: string;
  To?: string | undefined;
  Body: string;
}

export async function receiveText(deps: TwilioDeps, text: Text, res: Response, consent = readConsent(text.Body)): Promise<void> {
  let claim;
  try {
    claim = await storeInbound(deps.db, { sid: text.MessageSid, from: text.From, to: text.To, body: text.Body });
  } catch (err) {
    // Postgres is down: an opt-out must still be honoured, so Temporal keeps it, with the words an unsure one owes the owner.
    if (unavailableDependency(err) !== 'postgres' || !changesConsent(consent)) throw err;
    const optedOut = consent.kind === 'opt-out';
    const note = consent.kind === 'opt-out' && !consent.sure ? text.Body : undefined;
    // Neither could keep it: the 503 tells Twilio's logs, and us, that this opt-out was lost.
    if (
      !(await keepInTemporal(deps, text.From, { optedOut, ...(note ? { note } : {}) }).then(
        () => true,
        () => false,
      ))
    )
      throw err;
    // Postgres is down, so the customer's language is unknown: English.
    return twiml(res, optedOut ? optOutReply(deps, text.Body, DEFAULT_CUSTOMER_LOCALE) : customerReply('reply.optedIn'));
  }
  if (claim.kind === 'answered') return twiml(res, claim.reply);
  if (claim.kind === 'in-progress') return twiml(res);
  let reply: string | undefined;
  try {
    reply = await respond(deps, text, consent);
  } catch (err) {
    await releaseInbound(deps.db, text.MessageSid).catch(() => undefined);
    throw err;
  }
  // It was acted on: answer even if the reply cannot be stored (a repeat then acts again).
  await markInboundProcessed(deps.db, text.MessageSid, reply).catch((err: unknown) => deps.log?.(`sms ${text.MessageSid}: reply not stored: ${String(err)}`));
  twiml(res, reply);
}

async function respond(deps: TwilioDeps, text: Text, consent: ConsentReading): Promise<string | undefined> {
  const from = text.From;
  if (consent.kind === 'opt-out') return optOutAndTell(deps, text, consent.sure);
  // YES also opts back in, as carriers treat it; it then still answers a pending question.
  if (consent.kind === 'opt-in') await record(deps, from, { optedOut: false }, { onlyIfWithdrawn: consent.onlyIfOptedOut === true });
  if (consent.kind === 'opt-in' && !consent.onlyIfOptedOut) return customerReply('reply.optedIn', await localeOfNumber(deps.db, from));
  if (consent.kind === 'help') return helpReply(deps.brand, deps.helpContact, await localeOfNumber(deps.db, from));
  return answerText(deps, { sid: text.MessageSid, from, body: text.Body });
}

/** Twilio itself confirms its exact keywords; any other wording of an opt-out is confirmed by us. */
const optOutReply = (deps: TwilioDeps, body: string, locale: CustomerLocale, toldOwner?: string) =>
  isTwilioOptOutKeyword(body) ? undefined : optedOutReply(deps.brand, toldOwner, locale);

/**
 * An opt-out; an unsure one also goes to the owner, who must be able to see why texts stopped
 * (within the number's allowance of texts an hour: the opt-out itself is never refused).
 */
async function optOutAndTell(deps: TwilioDeps, text: Text, sure: boolean): Promise<string | undefined> {
  const note = sure ? undefined : text.Body;
  const kept = await record(deps, text.From, { optedOut: true, ...(note ? { note } : {}) });
  // Kept in Temporal instead: its consent workflow tells the owner once Postgres is back (and the language is unknown).
  if (kept === 'temporal') return optOutReply(deps, text.Body, DEFAULT_CUSTOMER_LOCALE);
  const locale = await localeOfNumber(deps.db, text.From).catch(() => DEFAULT_CUSTOMER_LOCALE);
  if (!note) return optOutReply(deps, text.Body, locale);
  if (
    !(await deps.limits.inboundText(text.From).then(
      () => true,
      () => false,
    ))
  )
    return optOutReply(deps, text.Body, locale);
  const owner = await tellOwnerOfOptOut(deps, { sid: text.MessageSid, from: text.From, body: note }).catch((err: unknown) => {
    // The opt-out is written; the customer is still told it was, and the log keeps what the owner missed.
    deps.log?.(`sms ${text.MessageSid}: opt-out recorded, but its words did not reach the owner: ${String(err)}`);
    return undefined;
  });
  return optOutReply(deps, text.Body, locale, owner);
}

type Kept = 'ledger' | 'temporal';

/**
 * Records the choice (src/consent/record.ts); when Postgres cannot take it, Temporal keeps it, with
 * an unsure opt-out's words. Telling the open commitments is best effort here: the ledger is what
 * every send checks, the signal only updates their timelines.
 */
async function record(deps: TwilioDeps, phone: string, choice: ConsentChoice, opts: { onlyIfWithdrawn?: boolean } = {}): Promise<Kept> {
  const tell = (id: string, c: Pick<ConsentChoice, 'optedOut'>) =>
    withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(id).signal(smsOptOutSignal, c));
  try {
    await recordConsent({ db: deps.db, tell }, phone, choice, opts);
  } catch (err) {
    if (unavailableDependency(err) !== 'postgres') throw err;
    await keepInTemporal(deps, phone, choice);
    return 'temporal';
  }
  return 'ledger';
}

const keepInTemporal = (deps: TwilioDeps, phone: string, choice: ConsentChoice): Promise<void> =>
  keepConsentInTemporal(
    {
      client: deps.client,
      taskQueue: deps.taskQueue,
      within: (call) => withDeadline(deps.client, deps.temporalDeadlineMs, call),
      log: deps.log,
    },
    phone,
    choice,
  );
