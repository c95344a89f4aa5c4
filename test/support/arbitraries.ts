/**
 * fast-check arbitraries for the property tests (test/properties/): text nobody should have to
 * store (NUL, half surrogate pairs, RTL overrides, emoji, 10 KB), request bodies shaped by the
 * OpenAPI document the route table generates, and mutations of them (a field dropped, one added,
 * a value of the wrong kind).
 */
import fc from 'fast-check';

type Schema = Record<string, any>;
type Doc = { components?: { schemas?: Record<string, Schema> } };

/** Characters that break things: controls, half surrogates, direction overrides, joiners, formula starts, markup. */
const NASTY = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\u202e',
  '\u200f',
  '\u200d',
  '\ufeff',
  '\u2028',
  '\n',
  '\t',
  '\r',
  '🙂',
  '👩‍👩‍👧',
  'é',
  'e\u0301',
  'ﷺ',
  '＝',
  '=',
  '"',
  "'",
  '\\',
  '<script>',
  '%00',
  '${x}',
  ' ',
];

export const nastyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
);

const WORDS = ['Maria', 'López', 'refund', 'call', 'back', 'by', '3pm', 'the', 'duplicate', 'charge', '+14155550123', 'STOP', 'YES'];

/** Ordinary words with the odd nasty character between them, sometimes huge, sometimes empty. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORDS) }, { weight: 2, arbitrary: nastyChar }), { minLength: 1, maxLength: 12 })
      .map((p) => p.join(' ')),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(10_240), '🙂'.repeat(2_560), 'é\u202e'.repeat(3_000), '', '   ', '\n\t') },
);

/** Text that is also plausible: what a person might really type, edge cases included. */
export const plausibleText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom(...WORDS, 'émile', '山田', 'مرحبا', '\u202eevil', '🙂', '👩‍👩‍👧', '=1+2', "O'Brien", '"quoted"', '\n', '\t'), {
        minLength: 1,
        maxLength: 10,
      })
      .map((p) => p.join(' ')),
  },
  { weight: 1, arbitrary: nastyText },
);

const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();
export const instant: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -24 * 800, max: 24 * 800 }).map(hours),
  fc.constantFrom('0001-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00', '2026-02-31T00:00:00Z', '2026-11-22T15:15:00', 'tomorrow', '', '1970-01-01T00:00:00Z'),
);
export const duration: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('PT1H', 'PT2H', 'P1D', 'PT30M', 'PT1M', 'P2W', 'PT0.5S', 'PT0S', 'P', 'PT', 'P99999999W', `PT${'9'.repeat(400)}H`, '1h', '', '-PT1H', 'P1Y'),
  fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom('M', 'H', 'S')).map(([n, u]) => `PT${n}${u}`),
);
const phone = fc.oneof(
  fc.constantFrom('+14155550123', '+442071838750', '+10000000000', '415-555-0123', '+1\u0000', ''),
  fc.integer({ min: 2_000_000, max: 9_999_999 }).map((n) => `+1415${n}`),
);
const email = fc.oneof(fc.constantFrom('maria@example.com', 'not-an-email', 'a@b', `${'x'.repeat(250)}@example.com`), fc.emailAddress());
const timezone = fc.constantFrom('America/Chicago', 'Europe/Berlin', 'Asia/Kolkata', 'UTC', 'Mars/Olympus_Mons', 'America/Chicago\u0000', '');
export const staffId = fc.constantFrom('agent-dana', 'agent-lee', 'sup-sam', 'lead-ana', 'head-raj', 'sup-zoe', 'nobody', 'Dana Reyes', 'agent-dana\u0000', '');

/** Values by field name: what the field means matters more than its JSON type. */
const BY_NAME: Record<string, fc.Arbitrary<unknown>> = {
  dueIn: duration,
  remindBefore: duration,
  confirmAfter: duration,
  confirmWithin: duration,
  reopenWithin: duration,
  dueAt: instant,
  until: instant,
  nextContactAt: instant,
  from: instant,
  to: instant,
  at: instant,
  dueAfter: instant,
  dueBefore: instant,
  createdAfter: instant,
  createdBefore: instant,
  phone,
  customerPhone: phone,
  From: phone,
  To: phone,
  email,
  customerEmail: email,
  timezone,
  ownerId: staffId,
  staffId,
  supervisor: staffId,
  owner: staffId,
  team: fc.constantFrom('support', 'retail', 'nope', ''),
  startsOn: fc.constantFrom('2026-01-05', '1969-12-31', '2026-02-30', '2200-01-01', 'monday'),
  handoffTime: fc.constantFrom('09:00', '23:59', '24:00', '9am'),
};

function resolve(doc: Doc, ref: string): Schema {
  return doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] ?? {};
}

/** Values shaped by a JSON schema of the OpenAPI document, with `plausibleText` in every free string. */
export function shaped(doc: Doc, schema: Schema, name = ''): fc.Arbitrary<unknown> {
  if (schema.$ref) return shaped(doc, resolve(doc, schema.$ref as string), name);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => shaped(doc, s, name)));
  if (BY_NAME[name]) return BY_NAME[name];
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : (schema.type as string | undefined);
  switch (type) {
    case 'object': {
      const props = Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([k, s]) => [k, shaped(doc, s, k)]));
      if (Object.keys(props).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 });
      return fc.record(props, { requiredKeys: (schema.required ?? []) as string[] });
    }
    case 'array':
      return fc.array(shaped(doc, (schema.items ?? {}) as Schema, name), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.min((schema.maxItems as number | undefined) ?? 3, 3),
      });
    case 'string':
      if (typeof schema.pattern === 'string')
        return fc.oneof({ weight: 4, arbitrary: fc.stringMatching(new RegExp(schema.pattern)) }, { weight: 1, arbitrary: plausibleText });
      if (schema.format === 'date-time') return instant;
      if (schema.format === 'email') return email;
      return plausibleText;
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -5, max: (schema.maximum as number | undefined) ?? 1000 });
    case 'number':
      return fc.double({ min: -1e6, max: 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of any JSON kind, nasty strings included, to put where something else belongs. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), nastyText, { maxKeys: 2 }),
);

/** A shaped value, or one mutated: a field dropped, a field added, a value replaced, the whole replaced. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: base },
    {
      weight: 4,
      arbitrary: fc.tuple(base, fc.nat(), anyValue, fc.constantFrom('drop', 'add', 'replace')).map(([v, i, value, how]) => mutate(v, i, value, how)),
    },
    { weight: 1, arbitrary: anyValue },
  );
}

function mutate(v: unknown, i: number, value: unknown, how: string): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return value;
  const copy = { ...(v as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys[i % Math.max(keys.length, 1)];
  if (how === 'add' || key === undefined) copy[`extra${i % 7}`] = value;
  else if (how === 'drop') delete copy[key];
  else copy[key] = copy[key] && typeof copy[key] === 'object' && !Array.isArray(copy[key]) ? mutate(copy[key], i >> 1, value, how) : value;
  return copy;
}
