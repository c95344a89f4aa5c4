/**
 * What the production entries (`node dist/src/bin/api.js`, `node dist/src/bin/worker.js`) refuse to start without.
 * `npm start` and the tests run on a laptop with defaults; a deployment that forgot one of these
 * would look healthy and fail its customers: Twilio's webhooks answered 403 because the signed
 * URL is http://localhost, answer links that nobody can verify, customer details in Temporal in
 * the clear, and promises whose windows are seconds long. Each refusal says why and how to fix it.
 */
import type { Config } from './config';

/** Thrown when a production entry is started without what production needs; the message lists each thing. */
export class ProductionGuardError extends Error {
  override readonly name = 'ProductionGuardError';
}

export function productionProblems(config: Config): string[] {
  const found: string[] = [];
  if (!config.PUBLIC_BASE_URL.startsWith('https://')) {
    found.push(
      `PUBLIC_BASE_URL is ${config.PUBLIC_BASE_URL}: customers, Twilio and staff reach the service over https, and Twilio signs the https address. ` +
        'Set PUBLIC_BASE_URL=https://<the address in front of the API>.',
    );
  }
  if (!config.LINK_SECRET) {
    found.push(
      'LINK_SECRET is not set: the answer links in customer emails could not be signed or checked. Set LINK_SECRET=$(openssl rand -base64 32), the same for the worker and the API.',
    );
  }
  if (!config.PAYLOAD_KEYS) {
    found.push(
      "PAYLOAD_KEYS is not set: customers' names, numbers and words would be stored in Temporal unencrypted. " +
        'Set PAYLOAD_KEYS=k1:$(openssl rand -base64 32), the same for the worker and the API (README: "Payload encryption").',
    );
  }
  if (config.SHORTEST_WINDOW < 60_000) {
    found.push(
      `SHORTEST_WINDOW is ${config.SHORTEST_WINDOW / 1000} s: promises with windows under a minute flood people with messages. Unset it (default PT1M).`,
    );
  }
  return found;
}

/** Throws unless the configuration is fit for production, or ALLOW_INSECURE=true says to run anyway. */
export function assertProductionReady(config: Config, role: 'api' | 'worker'): void {
  if (config.ALLOW_INSECURE) return;
  const found = productionProblems(config);
  if (found.length === 0) return;
  throw new ProductionGuardError(
    [
      `The ${role} will not start in production like this:`,
      ...found.map((f) => `  - ${f}`),
      'For a run on one machine (the fault suite, a try-out), ALLOW_INSECURE=true starts it anyway; never set it in a deployment.',
      'On a laptop, `npm start` needs none of this.',
    ].join('\n'),
  );
}

/**
 * Where to listen. `npm start` prints working demo keys, so it answers this machine only unless
 * HOST says otherwise; the production API is reached through its container's address.
 */
export function listenHost(config: Pick<Config, 'HOST'>, entry: 'npm start' | 'production'): string {
  return config.HOST ?? (entry === 'npm start' ? '127.0.0.1' : '0.0.0.0');
}
