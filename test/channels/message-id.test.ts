/**
 * Our emails' Message-IDs name the sender's own domain, the domain of MAIL_FROM's address: a
 * worker configured with a MAIL_FROM sends through the real SMTP server in tools/testkit/.
 */
import { describe, expect, it } from 'vitest';
import { mailDomain } from '../../src/channels/mail-from';
import { commitmentBody, useHarness } from '../support/harness';

const h = useHarness({ env: { MAIL_FROM: 'Acme Support <help@Support.Acme.example>' } });

describe('the Message-ID of our emails', () => {
  it("ends in MAIL_FROM's domain, on every email the worker sends", async () => {
    const email = `maria-${Date.now()}@example.com`;
    const created = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer: { ...commitmentBody().customer, email } }) });
    expect(created.status).toBe(201);
    const recap = await h.smtp.waitForMail((m) => m.to.includes(email), 15_000);
    expect(recap.messageId).toMatch(/^<[0-9a-f]{40}@support\.acme\.example>$/);
    // The owner's confirmation too: staff mail is ours as much as the customer's.
    const owner = await h.smtp.waitForMail((m) => m.to.includes('dana@support.example'), 15_000);
    expect(owner.messageId).toMatch(/@support\.acme\.example>$/);
  });

  it('is read from a bare address or a display name with an address, and is absent when MAIL_FROM has no domain', () => {
    expect(mailDomain('help@acme.example')).toBe('acme.example');
    expect(mailDomain('"Acme, Support" <Help@Mail.Acme.Example> ')).toBe('mail.acme.example');
    expect(mailDomain('Followthrough <followthrough@localhost>')).toBe('localhost');
    expect(mailDomain('Followthrough')).toBeUndefined();
    expect(mailDomain('Followthrough <followthrough>')).toBeUndefined();
  });
});
