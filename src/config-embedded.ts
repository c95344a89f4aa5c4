/**
 * The ports of `npm start`'s embedded servers (TEMPORAL_PORT, TEMPORAL_UI_PORT, POSTGRES_PORT), and
 * the check that each is needed and differs from the others. Part of the one configuration schema
 * (./config.ts).
 */
import { z } from 'zod';

/**
 * A port for one of `npm start`'s embedded servers (TEMPORAL_PORT, TEMPORAL_UI_PORT, POSTGRES_PORT).
 * Unset: the usual one, or a free one when that is taken (src/embedded-ports.ts). Set: that port or
 * a refusal to start. Not below 1024, where binding needs root.
 */
const embeddedPort = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole port number')
  .min(1024, 'must be a port from 1024 to 65535')
  .max(65535, 'must be a port from 1024 to 65535')
  .optional();

/** The embedded servers' ports, each checked against the external server that makes it pointless and against the others. */
export interface EmbeddedPorts {
  PORT: number;
  TEMPORAL_ADDRESS?: string;
  DATABASE_URL?: string;
  TEMPORAL_PORT?: number;
  TEMPORAL_UI_PORT?: number;
  POSTGRES_PORT?: number;
}

export function checkEmbeddedPorts(c: EmbeddedPorts, ctx: z.RefinementCtx): void {
  const unused = (name: string, external: string) => {
    const message = `is for the embedded server, which does not run when ${external} is set: unset one of them`;
    ctx.addIssue({ code: 'custom', path: [name], message });
  };
  if (c.TEMPORAL_ADDRESS && c.TEMPORAL_PORT !== undefined) unused('TEMPORAL_PORT', 'TEMPORAL_ADDRESS');
  if (c.TEMPORAL_ADDRESS && c.TEMPORAL_UI_PORT !== undefined) unused('TEMPORAL_UI_PORT', 'TEMPORAL_ADDRESS');
  if (c.DATABASE_URL && c.POSTGRES_PORT !== undefined) unused('POSTGRES_PORT', 'DATABASE_URL');
  const taken = new Map<number, string>([[c.PORT, 'PORT']]);
  for (const name of ['TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'POSTGRES_PORT'] as const) {
    const port = c[name];
    if (port === undefined) continue;
    const other = taken.get(port);
    if (other) ctx.addIssue({ code: 'custom', path: [name], message: `is ${port}, the same port as ${other}: each server needs its own` });
    else taken.set(port, name);
  }
}

/** `npm start`'s embedded Temporal dev server (gRPC), its UI, and its embedded Postgres; see embeddedPort. */
export const embeddedPortVariables = {
  TEMPORAL_PORT: embeddedPort,
  TEMPORAL_UI_PORT: embeddedPort,
  POSTGRES_PORT: embeddedPort,
};
