/**
 * An inbound text: kept first (keyed by MessageSid), then acted on, and the reply stored with it.
 * A repeated MessageSid gets the stored reply and changes nothing. STOP and START are written to
 * the opt-out ledger; when Postgres cannot take them they are kept in Temporal instead (a consent
 * workflow per number that writes them once Postgres is back), and only when neither can keep a
 * STOP is the answer a 503.
 */
import type { Response } from 'express';
import twilio from 'twilio';
import { markInboundProcessed, releaseInbound, storeInbound } from '../../db/inbound-messages';
import { optIn, optOut } from '../../db/opt-outs';
import { openWorkflowsForPhone } from '../../db/replies';
import { helpReply } from '../../messages/templates';
import { smsOptOutSignal } from '../../shared/contract';
import { smsConsentSignal, smsConsentWorkflowId, type smsConsentWorkflow } from '../../workflows/sms-consent';
import { unavailableDependency, withDeadline } from '../unavailable';
import type { TwilioDeps } from './deps';
import { answerText } from './inbound';

export const TWIML = 'text/xml';
export const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
export const OPT_IN = new Set(['START', 'UNSTOP']);
export const HELP = new Set(['HELP', 'INFO']);
const OPTED_IN_REPLY = 'You will get texts from us again. Reply STOP to stop.';

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

export async function receiveText(deps: TwilioDeps, text: Text, res: Response): Promise<void> {
  const word = text.Body.trim().toUpperCase();
  let claim;
  try {
    claim = await storeInbound(deps.db, { sid: text.MessageSid, from: text.From, to: text.To, body: text.Body });
  } catch (err) {
    // Postgres is down: an opt-out must still be honoured, so Temporal keeps it.
    if (unavailableDependency(err) !== 'postgres' || !(OPT_OUT.has(word) || OPT_IN.has(word))) throw err;
    // Neither could keep it: the 503 tells Twilio's logs, and us, that this STOP was lost.
    if (!(await keepConsentInTemporal(deps, text.From, OPT_OUT.has(word)).then(() => true, () => false))) throw err;
    return twiml(res, OPT_IN.has(word) ? OPTED_IN_REPLY : undefined);
  }
  if (claim.kind === 'answered') return twiml(res, claim.reply);
  if (claim.kind === 'in-progress') return twiml(res);
  let reply: string | undefined;
  try {
    reply = await respond(deps, text, word);
  } catch (err) {
    await releaseInbound(deps.db, text.MessageSid).catch(() => undefined);
    throw err;
  }
  // It was acted on: answer even if the reply cannot be stored (a repeat then acts again).
  await markInboundProcessed(deps.db, text.MessageSid, reply).catch((err: unknown) => deps.log?.(`sms ${text.MessageSid}: reply not stored: ${String(err)}`));
  twiml(res, reply);
}

async function respond(deps: TwilioDeps, text: Text, word: string): Promise<string | undefined> {
  const from = text.From;
  if (OPT_OUT.has(word)) {
    await recordConsent(deps, from, true);
    // Twilio itself confirms an opt-out to the sender; a second reply would be noise.
    return undefined;
  }
  // YES also opts back in, as carriers treat it; it then still answers a pending question.
  if (OPT_IN.has(word)) {
    await recordConsent(deps, from, false);
    return OPTED_IN_REPLY;
  }
  if (word === 'YES') await recordConsent(deps, from, false, { onlyIfOptedOut: true });
  if (HELP.has(word)) return helpReply(deps.brand, deps.helpContact);
  return answerText(deps, { sid: text.MessageSid, from, body: text.Body });
}

/** Writes the choice and tells the customer's open commitments; Temporal keeps it if Postgres cannot. */
async function recordConsent(deps: TwilioDeps, phone: string, optedOut: boolean, opts: { onlyIfOptedOut?: boolean } = {}): Promise<void> {
  let workflowIds: string[];
  try {
    const changed = optedOut ? (await optOut(deps.db, phone), true) : await optIn(deps.db, phone);
    if (opts.onlyIfOptedOut && !changed) return;
    workflowIds = await openWorkflowsForPhone(deps.db, phone);
  } catch (err) {
    if (unavailableDependency(err) !== 'postgres') throw err;
    return keepConsentInTemporal(deps, phone, optedOut);
  }
  // Best effort: the ledger is what every send checks; the signal only updates the timeline.
  await Promise.allSettled(
    workflowIds.map((id) => withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(id).signal(smsOptOutSignal, { optedOut }))),
  );
}

async function keepConsentInTemporal(deps: TwilioDeps, phone: string, optedOut: boolean): Promise<void> {
  await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
    deps.client.workflow.signalWithStart<typeof smsConsentWorkflow, [{ optedOut: boolean }]>('smsConsentWorkflow', {
      workflowId: smsConsentWorkflowId(phone),
      taskQueue: deps.taskQueue,
      args: [phone],
      signal: smsConsentSignal,
      signalArgs: [{ optedOut }],
    }),
  );
  // The workflow's id names the number: the log line does not.
  deps.log?.(`sms: Postgres unavailable, a ${optedOut ? 'STOP' : 'START'} kept in Temporal by its consent workflow`);
}
