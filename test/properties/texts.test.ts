/**
 * Random strings in every text field of a create and of a note: NUL, half surrogate pairs, RTL
 * overrides, emoji, joiners, 10 KB. Each request is answered 201/200 exactly when every field is
 * text we store (./src/api/text.ts), else 400 naming exactly the fields that are not; never 5xx.
 * Every commitment accepted reaches the read model with its texts exactly as sent (trimmed), they
 * reach the owner's and the customer's emails whole, and no commitment is left stuck.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableText } from '../../src/api/text';
import { nastyText, plausibleText } from '../support/arbitraries';
import { commitmentBody, useHarness } from '../support/harness';
import { expectNoneStuck } from '../support/properties';

const h = useHarness();
const RUNS = Number(process.env.PROPERTY_RUNS_TEXTS ?? 250);

/** The text fields of a create: where each sits, its limit, and whether it may hold newlines and tabs. */
const FIELDS = {
  name: { pointer: '/customer/name', max: 200, multiline: false },
  summary: { pointer: '/summary', max: 500, multiline: true },
  externalRef: { pointer: '/externalRef', max: 200, multiline: false },
  neededFix: { pointer: '/log/neededFix', max: 2000, multiline: true },
  note: { pointer: '/text', max: 4000, multiline: true },
} as const;
type Field = keyof typeof FIELDS;

/** What the API should make of a value: the text it stores, or undefined when it must refuse it. */
function expected(field: Field, value: string): string | undefined {
  const { max, multiline } = FIELDS[field];
  const text = value.trim();
  // Lengths in code points, as the schemas count them.
  const length = [...text].length;
  return length >= 1 && length <= max && isStorableText(text, multiline) ? text : undefined;
}

const texts = fc.record({
  name: plausibleText,
  summary: plausibleText,
  externalRef: fc.oneof(plausibleText, nastyText),
  neededFix: fc.oneof(plausibleText, nastyText),
  note: fc.oneof(plausibleText, nastyText),
});

interface Accepted {
  id: string;
  stored: Record<Exclude<Field, 'note'>, string>;
  note?: string;
}

describe('random text in every text field', () => {
  it(`takes or refuses ${RUNS} creates and notes exactly as the text rules say, and keeps what it took exactly`, async () => {
    const accepted: Accepted[] = [];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(texts, async (t) => {
        n += 1;
        const customer = { name: t.name, phone: '+14155550123', email: `texts-${n}@example.com`, timezone: 'America/Chicago' };
        const res = await h.api('POST', '/v1/commitments', {
          // Random references repeat ("Maria" twice): a second one on purpose, not a 409.
          body: commitmentBody({ customer, summary: t.summary, externalRef: t.externalRef, allowDuplicateRef: true, log: { neededFix: t.neededFix } }),
        });
        const refused = (['name', 'summary', 'externalRef', 'neededFix'] as const).filter((f) => expected(f, t[f]) === undefined);
        if (refused.length) {
          expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
          // A field may be wrong twice over (too long and a control character): each field is named.
          expect([...new Set(res.body.errors.map((e: { pointer: string }) => e.pointer))].sort()).toEqual(refused.map((f) => FIELDS[f].pointer).sort());
          return;
        }
        expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
        const stored = {
          name: expected('name', t.name)!,
          summary: expected('summary', t.summary)!,
          externalRef: expected('externalRef', t.externalRef)!,
          neededFix: expected('neededFix', t.neededFix)!,
        };
        const note = await h.api('POST', `/v1/commitments/${res.body.id}/notes`, { body: { text: t.note } });
        const noteText = expected('note', t.note);
        expect(note.status, JSON.stringify(note.body).slice(0, 300)).toBe(noteText === undefined ? 400 : 200);
        accepted.push({ id: res.body.id as string, stored, ...(noteText !== undefined ? { note: noteText } : {}) });
      }),
      { numRuns: RUNS, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
    console.log(`${RUNS} creates: ${accepted.length} accepted, ${RUNS - accepted.length} refused by pointer`);
    expect(accepted.length).toBeGreaterThan(RUNS / 5);

    for (const a of accepted) {
      const row = await expect
        .poll(
          async () =>
            (
              await h.db.pool.query(
                "SELECT customer ->> 'name' AS name, summary, external_ref, log ->> 'neededFix' AS needed_fix FROM commitments WHERE id = $1",
                [a.id],
              )
            ).rows[0],
          { timeout: 20_000 },
        )
        .toBeDefined()
        .then(
          async () =>
            (
              await h.db.pool.query(
                "SELECT customer ->> 'name' AS name, summary, external_ref, log ->> 'neededFix' AS needed_fix FROM commitments WHERE id = $1",
                [a.id],
              )
            ).rows[0],
        );
      expect(row).toEqual({ name: a.stored.name, summary: a.stored.summary, external_ref: a.stored.externalRef, needed_fix: a.stored.neededFix });
      if (a.note) {
        const events = async () =>
          (await h.db.pool.query<{ detail: string }>("SELECT detail FROM commitment_events WHERE commitment_id = $1 AND type = 'note'", [a.id])).rows.map(
            (e) => e.detail,
          );
        await expect.poll(events, { timeout: 20_000 }).toContain(`Dana Reyes: ${a.note}`);
      }
      // The emails carry the whole text (the texts fold it to GSM-7 and cut it; the email never does).
      const mail = async (purpose: string) =>
        (
          await h.db.pool.query<{ body: string }>("SELECT body FROM notifications WHERE commitment_id = $1 AND purpose = $2 AND channel = 'email'", [
            a.id,
            purpose,
          ])
        ).rows[0]?.body ?? '';
      await expect.poll(() => mail('customer_recap'), { timeout: 20_000 }).toContain(`What: ${a.stored.summary}\n`);
      expect(await mail('customer_recap')).toContain(`(ref ${a.stored.externalRef})`);
      await expect.poll(() => mail('owner_confirmation'), { timeout: 20_000 }).toContain(`Customer: ${a.stored.name} (`);
      expect(await mail('owner_confirmation')).toContain(`Promise: ${a.stored.summary}\n`);
    }
    await expectNoneStuck(
      h,
      accepted.map((a) => a.id),
    );
  }, 300_000);
});
