/** A subscription's id: `sub_` and base62 (src/events/store.ts makes them). Plain, so the console's paths import it without zod. */
export const SUBSCRIPTION_ID_SOURCE = 'sub_[A-Za-z0-9]{16,40}';
