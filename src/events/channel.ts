/** The Postgres NOTIFY channel the read model's writer wakes the delivery pump on (src/events/pump.ts). */
export const EVENTS_CHANNEL = 'followthrough_events';
