/**
 * Configuration: one zod schema, parsed once at boot. Every variable is documented in
 * .env.example; defaults are the embedded mode (`npm start` on a laptop). Groups of its variables
 * live beside it: ./config-embedded.ts, ./config-messages.ts and ./config-protection.ts.
 */
import { z } from 'zod';
import { checkEmbeddedPorts, embeddedPortVariables } from './config-embedded';
import { messageVariables } from './config-messages';
import { flag, protectionVariables } from './config-protection';
import { DEFAULT_TASK_QUEUE } from './shared/contract';
import { parseDurationMs } from './shared/duration';
import { checkTemporalTls, temporalTlsShape } from './temporal/tls-config';

const optionalText = z.string().trim().optional();

const url = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || URL.canParse(v), { message: `must be a URL (${what})` });

/**
 * `.env` files and compose write `PORT=` for "not set". Every variable that is empty (or only
 * spaces) is dropped before parsing, so it takes its default: `z.coerce.number()` would read it
 * as 0 (a random port, no extensions allowed) and a string would be a present, empty value.
 */
function withoutBlanks(env: unknown): unknown {
  if (!env || typeof env !== 'object') return env;
  return Object.fromEntries(Object.entries(env).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));
}

const DAY_MS = 24 * 3600_000;

/** A default window pinned into new commitments: at most as long as a request may ask for (src/api/schemas.ts). */
const duration = (fallback: string, maxDays: number) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDurationMs(v);
      if (ms === undefined || ms <= 0 || ms > maxDays * DAY_MS) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not an ISO 8601 duration such as PT30M, up to ${maxDays} days` });
        return z.NEVER;
      }
      return ms;
    });

/** See WORKER_CACHED_WORKFLOWS below. */
export const DEFAULT_CACHED_WORKFLOWS = 100;

/**
 * API_KEYS once listed the keys; they now live in the staff directory (issued with
 * `npm run admin -- issue-key`, or POST /v1/keys). A deployment still setting it is told so at
 * boot, rather than finding its old keys answered 401.
 */
const retiredApiKeys = z
  .string()
  .optional()
  .refine(
    (v) => !v?.trim(),
    'is retired: API keys live in the staff directory now; issue them with `npm run admin -- issue-key --staff <id>` and unset API_KEYS',
  );

/** The escalation chain (levels, acknowledge windows, repeats) is each team's policy now. */
const retiredForTeams = z
  .string()
  .optional()
  .refine((v) => !v?.trim(), "is retired: each team's escalation policy sets the acknowledge windows and repeats (PATCH /v1/teams/<id>)");

export const Config = z.preprocess(
  withoutBlanks,
  z
    .object({
      PORT: z.coerce.number().int().min(0).max(65535).default(3000),
      PUBLIC_BASE_URL: url('the address customers and Twilio reach the API at'),
      DATABASE_URL: url('postgres://user:password@host:5432/db'),
      DATA_DIR: z.string().trim().min(1).default('.data'),
      TEMPORAL_ADDRESS: optionalText,
      TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
      TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default(DEFAULT_TASK_QUEUE),
      TEMPORAL_CLI_PATH: optionalText,
      // The ports of `npm start`'s embedded servers (./config-embedded.ts).
      ...embeddedPortVariables,
      // A TLS cluster or Temporal Cloud: client certificate and key, or an API key (src/temporal/tls-config.ts).
      ...temporalTlsShape,
      /**
       * Workflows the worker keeps in memory between tasks. Commitments mostly sleep for hours, so a
       * large cache buys little and costs memory; the SDK would size it from the heap (~2,300 on
       * a 24 GB machine). docs/benchmarks.md has the measurements.
       */
      WORKER_CACHED_WORKFLOWS: z.coerce
        .number()
        .int('must be a whole number of workflows')
        .min(0, 'must be 0 (no cache) or more')
        .default(DEFAULT_CACHED_WORKFLOWS),
      /** A port for the worker's /healthz and /livez (src/worker-health.ts); unset, the worker listens on nothing. */
      WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
      /**
       * The SDK's stack-trace query (the Temporal UI's "Stack Trace" tab): it records a stack for
       * every promise a workflow makes, about 40% of the workflow thread's CPU, so it is off unless
       * this is true. The patched SDK reads the variable itself (patches/README.md); it is here to
       * be validated and documented with the rest.
       */
      WORKFLOW_STACK_TRACES: flag,
      SMTP_URL: url('smtp://user:password@host:587'),
      MAIL_FROM: z.string().trim().min(3).default('Followthrough <followthrough@localhost>'),
      TWILIO_ACCOUNT_SID: optionalText,
      TWILIO_AUTH_TOKEN: optionalText,
      TWILIO_FROM: optionalText,
      TWILIO_API_URL: url('a Twilio-compatible base URL'),
      API_KEYS: retiredApiKeys,
      /** Closed commitments older than this many days have the customer's contact details redacted. */
      RETENTION_DAYS: z.coerce.number().int('must be a whole number of days').min(1, 'must be at least 1 day').default(365),
      /** Signs the confirmation links in customer emails; 32+ characters. */
      LINK_SECRET: z.string().trim().min(32, 'must be at least 32 characters').optional(),
      // What customer texts may say and when they may go (./config-messages.ts).
      ...messageVariables,
      // Defaults pinned into each new commitment's policy; changing them affects only new ones.
      DEFAULT_ACK_WITHIN: retiredForTeams,
      DEFAULT_ESCALATION_REPEAT: retiredForTeams,
      DEFAULT_MAX_EXTENSIONS: z.coerce.number().int().min(0).max(20).default(2),
      DEFAULT_CONFIRM_AFTER: duration('PT1H', 30),
      DEFAULT_CONFIRM_WITHIN: duration('PT48H', 30),
      DEFAULT_REOPEN_WITHIN: duration('PT4H', 30),
      /** Promises with a longer window send the customer a check-in at the midpoint, unless an update went out. */
      CHECK_IN_AFTER: duration('PT48H', 365),
      ...protectionVariables,
    })
    .superRefine(
      (c, ctx) => {
        checkTemporalTls(c, ctx);
        checkEmbeddedPorts(c, ctx);
        const twilio = [c.TWILIO_ACCOUNT_SID, c.TWILIO_AUTH_TOKEN, c.TWILIO_FROM];
        if (twilio.some(Boolean) && !twilio.every(Boolean)) {
          for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const) {
            if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when any TWILIO_* variable is set' });
          }
        }
        // A default shorter than requests may ask for would pin windows nobody could ask for.
        for (const name of ['DEFAULT_CONFIRM_AFTER', 'DEFAULT_CONFIRM_WITHIN', 'DEFAULT_REOPEN_WITHIN'] as const) {
          if (typeof c[name] === 'number' && typeof c.SHORTEST_WINDOW === 'number' && c[name] < c.SHORTEST_WINDOW) {
            ctx.addIssue({ code: 'custom', path: [name], message: 'must be at least SHORTEST_WINDOW' });
          }
        }
      },
      { when: () => true },
    ) // report these alongside other bad variables, not only once those are fixed
    .transform((c) => ({ ...c, PUBLIC_BASE_URL: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '') })),
);
export type Config = z.infer<typeof Config>;

/** Thrown when the environment holds a missing or malformed variable; the message names each one. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
}
