/**
 * The consent workflow's contract (src/workflows/sms-consent.ts): what the API and the activities
 * may import without reaching into src/workflows. Sandbox-safe: no I/O, only Temporal definitions.
 *
 * In code the noun is "consent"; the names below that Temporal histories record (and workflow IDs
 * in them) predate it and must not change, so each is kept here as a string with its wire name.
 */
import { defineSignal } from '@temporalio/workflow';

/**
 * A customer's texting consent as a signal carries it. `optedOut` is the wire field (histories hold
 * it): true is consent withdrawn (STOP in any wording), false consent given again (START).
 */
export interface ConsentChoice {
  optedOut: boolean;
  /** The customer's words, when they were read as a withdrawal without certainty: the owner reads them. */
  note?: string;
}

/** Wire name of the consent workflow's type (the function exported from src/workflows). */
export const CONSENT_WORKFLOW_TYPE = 'smsConsentWorkflow';

/** Wire name of the signal that hands a choice to the consent workflow. */
export const CONSENT_SIGNAL_NAME = 'smsConsent';
export const consentSignal = defineSignal<[ConsentChoice]>(CONSENT_SIGNAL_NAME);

/**
 * Wire name of the activity that records a choice held by the consent workflow (histories name it),
 * the key under which src/consent/activities.ts registers it.
 */
export const RECORD_CONSENT_ACTIVITY = 'recordSmsConsent';

/** One consent workflow per number, so a STOP and a later START are applied in the order they came. */
export const CONSENT_WORKFLOW_PREFIX = 'sms-consent-';
export const consentWorkflowId = (phone: string): string => `${CONSENT_WORKFLOW_PREFIX}${phone}`;
