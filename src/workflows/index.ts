// The workflow bundle's entry: every workflow type the worker registers.
export { closedReplyWorkflow } from './closed-reply';
export { commitmentWorkflow } from './commitment';
export { retentionWorkflow } from './retention';
export { smsConsentWorkflow } from './sms-consent';
export { eventDeliveryWorkflow } from './event-delivery';
