/**
 * What the API's handlers are built from: one type, filled by the composition root
 * (src/compose/api.ts) and by tests.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { ApiKey } from '../config';
import type { PolicyDefaults } from './policy';

export interface ApiDeps {
  client: Client;
  db: Pool;
  apiKeys: readonly ApiKey[];
  taskQueue: string;
  publicBaseUrl: string;
  policyDefaults: PolicyDefaults;
  /** Signs and verifies the answer links in customer emails. */
  linkSecret?: string;
  /** Verifies X-Twilio-Signature on webhooks; unset, the webhooks answer 404. */
  twilioAuthToken?: string;
  /** BRAND_NAME and HELP_CONTACT: the HELP reply names both. */
  brand: string;
  helpContact?: string;
  /** How long a request waits for Temporal before answering 503 (default 7 s). */
  temporalDeadlineMs?: number;
  clock?: () => Date;
  log?: (line: string) => void;
}
