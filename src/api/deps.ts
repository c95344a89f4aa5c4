/**
 * What the API's handlers are built from: one type, filled by the composition root
 * (src/compose/api.ts) and by tests.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { MailSender } from '../channels/types';
import type { PayloadKey } from '../config-protection';
import type { MessageBounds } from '../db/message-cap';
import type { Authenticator, Principal } from './auth';
import type { Limits } from './limits';
import type { PolicyDefaults } from './policy';
import type { ReceiverPolicy } from '../events/receivers';

export interface ApiDeps {
  client: Client;
  db: Pool;
  /** Bearer keys from the staff directory, looked up by hash with a short cache. */
  auth: Authenticator;
  /** Sends the console's sign-in links; by default they go to the outbox (the log). */
  mail?: MailSender;
  /** Called once a staff member's deactivation is recorded: hands their open commitments over. */
  onDeactivated?: (staffId: string, by: Principal) => Promise<void>;
  taskQueue: string;
  publicBaseUrl: string;
  policyDefaults: PolicyDefaults;
  /** SHORTEST_WINDOW: the least a deadline or a wait may be asked for, in ms (./windows.ts). */
  shortestWindowMs: number;
  /** The rate limits (./limits.ts), counted in this API's Postgres. */
  limits: Limits;
  /** The bounds on customer messages: a create reserves its recap's place against them (./create-bounds.ts). */
  messageBounds?: MessageBounds;
  /** express's `trust proxy` (TRUST_PROXY): which X-Forwarded-For hops name the client's address. */
  trustProxy?: boolean | number | string;
  /** PAYLOAD_KEYS: the codec endpoint (./codec.ts) encrypts and decrypts with them; unset, it answers 404. */
  payloadKeys?: PayloadKey[];
  /** TEMPORAL_UI_ORIGINS: the Temporal UI origins allowed to call the codec endpoint from a browser. */
  temporalUiOrigins?: string[];
  /** Signs and verifies the answer links in customer emails. */
  linkSecret?: string;
  /** Verifies X-Twilio-Signature on webhooks; unset, the webhooks answer 404. */
  twilioAuthToken?: string;
  /** BRAND_NAME and HELP_CONTACT: the HELP reply names both. */
  brand: string;
  helpContact?: string;
  /** How long a request waits for Temporal before answering 503 (default 7 s). */
  temporalDeadlineMs?: number;
  /** Where event subscriptions may send (src/events/receivers.ts); default: public https only. */
  receivers?: ReceiverPolicy;
  clock?: () => Date;
  log?: (line: string) => void;
}
