/**
 * Encryption of what we give Temporal: every payload (workflow inputs and results, activity
 * arguments, update and signal arguments, queries, memos) carries customer names, phones, emails
 * and their words, and Temporal keeps them in its database and shows them in its UI. The codec
 * encrypts each payload with AES-256-GCM before it leaves the process and decrypts it on the way
 * back, as Temporal recommends (a PayloadCodec, applied by the worker and every client).
 *
 * 👉 The key id travels in each payload's metadata, so keys rotate without a flag day: new payloads
 *    use the first key of PAYLOAD_KEYS, and any listed key decrypts. A payload without our
 *    encoding (a history recorded before encryption, or before a key was configured) passes
 *    through untouched, which is how old histories still replay.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKey } from '../config-protection';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const { Payload: PayloadProto } = temporal.api.common.v1;

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/** Thrown when a payload cannot be decrypted: a key that PAYLOAD_KEYS does not list, or bytes that were changed. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

export class AesGcmCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('The payload codec needs at least one key.');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return this.each(payloads, (p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated with the data: moving a payload under another id fails to decrypt.
      cipher.setAAD(Buffer.from(id, 'utf8'));
      const sealed = Buffer.concat([iv, cipher.update(PayloadProto.encode(p).finish()), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id) }, data: new Uint8Array(sealed) };
    });
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return this.each(payloads, (p) => this.decodeOne(p));
  }

  /** The codec interface is asynchronous; the work is not (AES-GCM in one call), and a throw becomes a rejection. */
  private each(payloads: Payload[], fn: (p: Payload) => Payload): Promise<Payload[]> {
    try {
      return Promise.resolve(payloads.map(fn));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private decodeOne(p: Payload): Payload {
    if (text(p.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return p;
    const id = text(p.metadata?.[KEY_ID_METADATA]) ?? '';
    const key = this.byId.get(id);
    if (!key)
      throw new PayloadDecryptionError(
        `A payload is encrypted with key "${id}", which PAYLOAD_KEYS does not list; add it back (after the current key) to read it.`,
      );
    const sealed = Buffer.from(p.data ?? new Uint8Array());
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('An encrypted payload is too short to be one of ours.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(id, 'utf8'));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return PayloadProto.decode(plain);
    } catch {
      throw new PayloadDecryptionError(
        `A payload encrypted with key "${id}" did not decrypt: it was changed, or the key is not the one it was encrypted with.`,
      );
    }
  }
}

/** The worker's and clients' data converter: encryption when keys are configured, Temporal's default otherwise. */
export function dataConverterFor(keys: readonly PayloadKey[] | undefined): { payloadCodecs: PayloadCodec[] } | undefined {
  return keys?.length ? { payloadCodecs: [new AesGcmCodec(keys)] } : undefined;
}

/** Where `npm start` keeps the key it generated, so payloads stay readable across restarts. */
export const embeddedKeyFile = (dataDir: string) => path.join(dataDir, 'payload-keys');

const parseKeyFile = (line: string): PayloadKey[] =>
  line
    .split(',')
    .map((e) => e.trim().split(':'))
    .filter(([id, secret]) => id && secret)
    .map(([id, secret]) => ({ id: id!, key: Buffer.from(secret!, 'base64') }))
    .filter((k) => k.key.length === 32);

/** The keys of `npm start` (for the CLIs that fall back to its servers); undefined when it has none. */
export async function readEmbeddedKeys(dataDir: string): Promise<PayloadKey[] | undefined> {
  const keys = parseKeyFile(await readFile(embeddedKeyFile(dataDir), 'utf8').catch(() => ''));
  return keys.length ? keys : undefined;
}

/**
 * The data converter of a command-line tool: PAYLOAD_KEYS, or those of a running `npm start` (in
 * DATA_DIR), whose servers the tools fall back to; without either, payloads are read as they are.
 */
export async function cliDataConverter(config: { PAYLOAD_KEYS?: PayloadKey[] | undefined; DATA_DIR: string }) {
  return dataConverterFor(config.PAYLOAD_KEYS ?? (await readEmbeddedKeys(config.DATA_DIR)));
}

/** `npm start`: the keys it generated earlier, or a new one, written beside the other embedded data. */
export async function ensureEmbeddedKeys(dataDir: string): Promise<PayloadKey[]> {
  const existing = await readEmbeddedKeys(dataDir);
  if (existing) return existing;
  const key = { id: 'local1', key: randomBytes(32) };
  await mkdir(dataDir, { recursive: true });
  await writeFile(embeddedKeyFile(dataDir), `${key.id}:${key.key.toString('base64')}\n`, { mode: 0o600 });
  return [key];
}
