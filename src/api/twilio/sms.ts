/**
 * An inbound text: kept first (keyed by MessageSid), then acted on, and the reply stored with it.
 * A repeated MessageSid gets the stored reply and changes nothing. An opt-out in any wording and
 * START are written to the opt-out ledger (./read-consent.ts reads them); when Postgres cannot take
 * them they are kept in Temporal instead (a consent workflow per number that writes them once
 * Postgres is back), and only when neither can keep an opt-out is the answer a 503.
 */
import type { Response } from 'express';
import twilio from 'twilio';
import { markInboundProcessed, releaseInbound, storeInbound } from '../../db/inbound-messages';
import { optIn, optOut } from '../../db/opt-outs';
import { openWorkflowsForPhone } from '../../db/replies';
import { helpReply, optedOutReply } from '../../messages/templates';
import { smsOptOutSignal } from '../../shared/contract';
import { smsConsentSignal, smsConsentWorkflowId, type SmsConsentChoice, type smsConsentWorkflow } from '../../workflows/sms-consent';
import { unavailableDependency, withDeadline } from '../unavailable';
import type { TwilioDeps } from './deps';
import { answerText, tellOwnerOfOptOut } from './inbound';
import { isTwilioOptOutKeyword, readConsent, type ConsentReading } from './read-consent';

export const TWIML = 'text/xml';
const OPTED_IN_REPLY = 'You will get texts from us again. Reply STOP to stop.';

/** An opt-out, or a START: what must be kept even while Postgres is down, and is never rate limited. */
export const changesConsent = (r: ConsentReading): boolean => r.kind === 'opt-out' || (r.kind === 'opt-in' && !r.onlyIfOptedOut);

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
    if (!(await keepConsentInTemporal(deps, text.From, optedOut, note).then(() => true, () => false))) throw err;
    return twiml(res, optedOut ? optOutReply(deps, text.Body) : OPTED_IN_REPLY);
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
  if (consent.kind === 'opt-in') await recordConsent(deps, from, false, { onlyIfOptedOut: consent.onlyIfOptedOut === true });
  if (consent.kind === 'opt-in' && !consent.onlyIfOptedOut) return OPTED_IN_REPLY;
  if (consent.kind === 'help') return helpReply(deps.brand, deps.helpContact);
  return answerText(deps, { sid: text.MessageSid, from, body: text.Body });
}

/** Twilio itself confirms its exact keywords; any other wording of an opt-out is confirmed by us. */
const optOutReply = (deps: TwilioDeps, body: string, toldOwner?: string) =>
  isTwilioOptOutKeyword(body) ? undefined : optedOutReply(deps.brand, toldOwner);

/**
 * An opt-out; an unsure one also goes to the owner, who must be able to see why texts stopped
 * (within the number's allowance of texts an hour: the opt-out itself is never refused).
 */
async function optOutAndTell(deps: TwilioDeps, text: Text, sure: boolean): Promise<string | undefined> {
  const note = sure ? undefined : text.Body;
  const kept = await recordConsent(deps, text.From, true, note ? { note } : {});
  // Kept in Temporal instead: its consent workflow tells the owner once Postgres is back.
  if (!note || kept === 'temporal') return optOutReply(deps, text.Body);
  if (!(await deps.limits.inboundText(text.From).then(() => true, () => false))) return optOutReply(deps, text.Body);
  const owner = await tellOwnerOfOptOut(deps, { sid: text.MessageSid, from: text.From, body: note }).catch((err: unknown) => {
    // The opt-out is written; the customer is still told it was, and the log keeps what the owner missed.
    deps.log?.(`sms ${text.MessageSid}: opt-out recorded, but its words did not reach the owner: ${String(err)}`);
    return undefined;
  });
  return optOutReply(deps, text.Body, owner);
}

type Kept = 'ledger' | 'temporal';
interface ConsentOptions {
  /** YES: opts back in only a number that had opted out. */
  onlyIfOptedOut?: boolean;
  /** The words of an unsure opt-out, for the owner. */
  note?: string;
}

/** Writes the choice and tells the customer's open commitments; Temporal keeps it (and the note) if Postgres cannot. */
async function recordConsent(deps: TwilioDeps, phone: string, optedOut: boolean, opts: ConsentOptions = {}): Promise<Kept> {
  let workflowIds: string[];
  try {
    const changed = optedOut ? (await optOut(deps.db, phone), true) : await optIn(deps.db, phone);
    if (opts.onlyIfOptedOut && !changed) return 'ledger';
    workflowIds = await openWorkflowsForPhone(deps.db, phone);
  } catch (err) {
    if (unavailableDependency(err) !== 'postgres') throw err;
    await keepConsentInTemporal(deps, phone, optedOut, opts.note);
    return 'temporal';
  }
  // Best effort: the ledger is what every send checks; the signal only updates the timeline.
  await Promise.allSettled(
    workflowIds.map((id) => withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(id).signal(smsOptOutSignal, { optedOut }))),
  );
  return 'ledger';
}

async function keepConsentInTemporal(deps: TwilioDeps, phone: string, optedOut: boolean, note?: string): Promise<void> {
  await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
    deps.client.workflow.signalWithStart<typeof smsConsentWorkflow, [SmsConsentChoice]>('smsConsentWorkflow', {
      workflowId: smsConsentWorkflowId(phone),
      taskQueue: deps.taskQueue,
      args: [phone],
      signal: smsConsentSignal,
      signalArgs: [{ optedOut, ...(note ? { note } : {}) }],
    }),
  );
  // The workflow's id names the number: the log line does not.
  deps.log?.(`sms: Postgres unavailable, a ${optedOut ? 'STOP' : 'START'} kept in Temporal by its consent workflow`);
}
