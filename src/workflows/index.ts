// The workflow bundle's entry: every workflow type the worker registers.
export { commitmentWorkflow } from './commitment';
export { retentionWorkflow } from './retention';
export { smsConsentWorkflow } from './sms-consent';
