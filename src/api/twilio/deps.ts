/** What the Twilio webhooks need: one type for the whole folder, a subset of the API's. */
import type { ApiDeps } from '../deps';

export type TwilioDeps = Pick<
  ApiDeps,
  'client' | 'db' | 'taskQueue' | 'publicBaseUrl' | 'twilioAuthToken' | 'brand' | 'helpContact' | 'temporalDeadlineMs' | 'log' | 'limits'
>;
