/**
 * Configuration every test stack shares, as the environment would set it. Windows of seconds (the
 * suite runs whole lifecycles in seconds), payloads encrypted as in production, and rate limits
 * and bounds on customer messages far above what a test file sends from one address with one key
 * to its handful of customers; test/api/limits.test.ts and test/api/message-bounds.test.ts set their own.
 */
import { dataConverterFor } from '../../src/temporal/codec';
import type { PayloadKey } from '../../src/config-protection';

/** Fixed, so a history recorded by one run decrypts in the next. */
export const TEST_PAYLOAD_KEYS = 'test1:dGVzdC1wYXlsb2FkLWtleS0wMTIzNDU2Nzg5YWJjZGU=';

export const TEST_ENV: Record<string, string> = {
  SHORTEST_WINDOW: 'PT1S',
  PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
  RATE_LIMIT_PER_KEY: '100000',
  RATE_LIMIT_PER_ADDRESS: '100000',
  RATE_LIMIT_BAD_KEYS: '100000',
  RATE_LIMIT_SIGN_IN: '100000',
  RATE_LIMIT_TEXTS_PER_PHONE: '100000',
  CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR: '100000',
  CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY: '100000',
  CUSTOMER_MESSAGES_PER_KEY_PER_HOUR: '100000',
  CUSTOMER_MESSAGES_PER_KEY_PER_DAY: '100000',
};

export const testPayloadKeys = (): PayloadKey[] =>
  TEST_PAYLOAD_KEYS.split(',').map((entry) => {
    const [id = '', key = ''] = entry.split(':');
    return { id, key: Buffer.from(key, 'base64') };
  });

/** The data converter of the test stacks' clients and replays: the same codec the workers use. */
export const testDataConverter = () => dataConverterFor(testPayloadKeys());
