/**
 * The variables that reach a Temporal cluster over TLS or Temporal Cloud: a client certificate and
 * key (mTLS), or a Cloud API key; optionally a CA and a server name. Part of the one config schema
 * (src/config.ts); src/temporal/connection.ts turns them into the SDK's connection options.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

/**
 * A PEM given inline or as a file path. Inline values may carry `\n` for their line breaks (one-line
 * secrets in .env files and orchestrators). A path is read at boot, so a wrong one fails at start,
 * naming the variable, rather than at the first connection.
 */
const pemOrPath = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      if (PEM.test(v)) return v.replace(/\\n/g, '\n');
      let text: string;
      try {
        text = readFileSync(v, 'utf8');
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          message: `is neither a PEM ${what} nor a file that can be read (${(err as NodeJS.ErrnoException).code ?? String(err)}: ${v})`,
        });
        return z.NEVER;
      }
      if (!PEM.test(text)) {
        ctx.addIssue({ code: 'custom', message: `names ${v}, which holds no PEM ${what}` });
        return z.NEVER;
      }
      return text;
    });

/** `true`/`false` (or 1/0, yes/no) read as such: z.coerce.boolean() would read "false" as true. */
const explicitBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (['true', '1', 'yes'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: `must be true or false, not "${v}"` });
    return z.NEVER;
  });

export const temporalTlsShape = {
  /** TLS with the system's CAs and no client certificate; implied by any of the others. */
  TEMPORAL_TLS: explicitBoolean,
  TEMPORAL_TLS_CERT: pemOrPath('certificate'),
  TEMPORAL_TLS_KEY: pemOrPath('private key'),
  TEMPORAL_TLS_CA: pemOrPath('CA certificate'),
  TEMPORAL_TLS_SERVER_NAME: z.string().trim().optional(),
  TEMPORAL_API_KEY: z.string().trim().optional(),
};

type TlsVariables = { [K in keyof typeof temporalTlsShape]?: z.output<(typeof temporalTlsShape)[K]> } & { TEMPORAL_ADDRESS?: string | undefined };

/** The combinations that cannot work, each reported on the variable to change. */
export function checkTemporalTls(c: TlsVariables, ctx: z.RefinementCtx): void {
  const issue = (name: keyof TlsVariables, message: string) => ctx.addIssue({ code: 'custom', path: [name], message });
  if (c.TEMPORAL_TLS_CERT && !c.TEMPORAL_TLS_KEY)
    issue('TEMPORAL_TLS_KEY', 'is required with TEMPORAL_TLS_CERT (the client certificate needs its private key)');
  if (c.TEMPORAL_TLS_KEY && !c.TEMPORAL_TLS_CERT)
    issue('TEMPORAL_TLS_CERT', 'is required with TEMPORAL_TLS_KEY (the private key needs its client certificate)');
  if (c.TEMPORAL_API_KEY && (c.TEMPORAL_TLS_CERT || c.TEMPORAL_TLS_KEY)) {
    issue('TEMPORAL_API_KEY', 'cannot be combined with TEMPORAL_TLS_CERT/TEMPORAL_TLS_KEY: authenticate with an API key or a client certificate, not both');
  }
  const secured = (['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA', 'TEMPORAL_TLS_SERVER_NAME', 'TEMPORAL_API_KEY'] as const).filter(
    (name) => c[name],
  );
  if (c.TEMPORAL_TLS === false) for (const name of secured) issue(name, 'needs TLS, which TEMPORAL_TLS=false turns off');
  if (!c.TEMPORAL_ADDRESS) {
    for (const name of [...secured, ...(c.TEMPORAL_TLS ? (['TEMPORAL_TLS'] as const) : [])]) {
      issue(name, 'needs TEMPORAL_ADDRESS: without it the embedded dev server runs, which speaks plain gRPC');
    }
  }
}
