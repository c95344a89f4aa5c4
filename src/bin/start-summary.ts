/**
 * What `npm start` prints once everything is up (./start.ts): where the console, the API and the
 * servers are, which embedded servers left their usual port, whether texts and mail really go out,
 * and the demo keys the first time they exist.
 */
import type { Channels } from '../channels';
import type { Config } from '../config';
import type { DemoKey } from '../people/store/demo';
import type { EmbeddedPortSpec, PortChoice } from '../embedded-ports';

export interface StartSummary {
  config: Config;
  /** The address the API listens on. */
  host: string;
  temporalAddress: string;
  /** The embedded Temporal UI, if we started one. */
  temporalUi: string | undefined;
  /** Which Postgres: DATABASE_URL, or the embedded one's address and data directory. */
  postgres: string;
  /** The embedded servers' ports: which moved off their usual port. */
  chosen: { spec: EmbeddedPortSpec; choice: PortChoice }[];
  channels: Channels;
  /** The demo keys, when this start seeded them. */
  seeded: DemoKey[] | undefined;
}

/**
 * The demo keys, printed the one time they exist in clear (only hashes are stored), as shell
 * lines the README's requests use; on later starts, where keys come from instead.
 */
function keysText(seeded: DemoKey[] | undefined): string {
  if (!seeded) return '  API keys     in the staff directory; issue one with `npm run admin -- issue-key --staff <id>`';
  const variable = (k: DemoKey) => `${k.role.toUpperCase()}_KEY`;
  return [
    '  API keys     demo team Billing seeded; its keys are shown this once (only their hashes are kept):',
    ...seeded.map((k) => `               export ${variable(k)}=${k.secret}   # ${k.name} (${k.staffId}, ${k.role})`),
    '               later: `npm run admin -- issue-key --staff <id>`',
  ].join('\n');
}

/**
 * The UI on the console's host name, so the console's cookie goes with its codec calls (127.0.0.1
 * and localhost are different sites to a browser).
 */
function sameSite(uiUrl: string, base: string): string {
  const ui = new URL(uiUrl);
  if (ui.hostname === '127.0.0.1' && new URL(base).hostname === 'localhost') ui.hostname = 'localhost';
  return ui.origin;
}

/** Summary lines for the embedded servers that left their usual port, so a second checkout's differences stand out. */
function movedText(chosen: { spec: EmbeddedPortSpec; choice: PortChoice }[]): string[] {
  const moved = chosen.filter((c) => c.choice.how === 'moved');
  if (!moved.length) return [];
  const list = moved.map((c) => `${c.spec.label} ${c.choice.port} (not ${c.spec.usual})`);
  const assignments = moved.map((c) => `${c.spec.variable}=${c.choice.port}`).join(' ');
  return [
    `  Ports        usual ones taken, so: ${list.join(', ')}`,
    `               to keep them, and for \`npm run admin\`, \`reconcile\`, \`retention\` to find them: ${assignments}`,
  ];
}

export function summaryText(s: StartSummary): string {
  const { config, host, temporalAddress, temporalUi, postgres } = s;
  const { sms, mail } = s.channels;
  const base = config.PUBLIC_BASE_URL;
  return [
    '',
    'Followthrough is running.',
    `  Console      ${base}/ (sign in by emailed link${mail.live ? '' : ', printed below from the outbox,'} or with an API key)`,
    `  API          ${base}/v1/commitments`,
    `  OpenAPI      ${base}/openapi.json`,
    `  Health       ${base}/healthz`,
    `  Listening    ${host}:${config.PORT}${host === '127.0.0.1' ? ' (this machine only; HOST=0.0.0.0 opens it to the network)' : ''}`,
    `  Temporal UI  ${temporalUi ? sameSite(temporalUi, base) : '(external server: see its own UI)'} (payloads decrypted by ${base}/codec for a signed-in supervisor)`,
    `  Temporal     ${temporalAddress}, namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}`,
    `  Postgres     ${postgres}`,
    ...movedText(s.chosen),
    `  SMS          ${sms.live ? `live: ${sms.description}` : 'outbox only: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM to send'}`,
    `  Email        ${mail.live ? `live: ${mail.description}` : 'outbox only: set SMTP_URL to send'}`,
    keysText(s.seeded),
    '',
    'Outbox messages are printed below and stored in the notifications table. Ctrl-C stops everything.',
    '',
  ].join('\n');
}
