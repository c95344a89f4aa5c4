import { describe, expect, it } from 'vitest';
import { cookieJar } from '../../src/console/cookies';
import { isOversightPage, safeNext, subscriptionOfPage } from '../../src/console/paths';
import { SubscriptionId } from '../../src/events/schemas';

describe('where a sign-in may lead', () => {
  it('follows our own console pages, the acknowledge link included', () => {
    for (const path of [
      '/',
      '/board',
      '/reports',
      '/mine',
      '/new',
      '/events',
      '/events/sub_0123456789abcdefABCD',
      '/commitments/cmt_0123456789abcdefghijklmn',
      '/commitments/cmt_0123456789abcdefghijklmn?do=acknowledge',
    ])
      expect(safeNext(path)).toBe(path);
  });

  it('sends anything else to the start page: other origins, protocol-relative and backslash tricks, the API, unknown queries', () => {
    for (const path of [
      'https://evil.example/board',
      '//evil.example',
      '/\\evil.example',
      '/board?x=1',
      '/v1/staff/me',
      '/commitments/../board',
      '/login',
      '',
      undefined,
      ['/board'],
      '/board#x',
      '/events/sub_short',
      '/events/../board',
    ]) {
      expect(safeNext(path)).toBe('/');
    }
  });
});

describe('the pages for supervisors and admins', () => {
  it('are the board, the reports and everything under /events', () => {
    for (const path of ['/board', '/reports', '/events', '/events/sub_0123456789abcdefABCD', '/events/anything']) expect(isOversightPage(path)).toBe(true);
    for (const path of ['/mine', '/new', '/calendars', '/calendars/support-hours', '/eventsx', '/']) expect(isOversightPage(path)).toBe(false);
  });

  it("name a subscription's page by the API's own subscription id", () => {
    const id = 'sub_0123456789abcdefABCD';
    expect(SubscriptionId.safeParse(id).success).toBe(true);
    expect(subscriptionOfPage(`/events/${id}`)).toBe(id);
    for (const bad of ['sub_short', 'sub_0123456789abcdef-ABCD', `sub_${'a'.repeat(41)}`]) {
      expect(SubscriptionId.safeParse(bad).success).toBe(false);
      expect(subscriptionOfPage(`/events/${bad}`)).toBeUndefined();
    }
  });
});

describe("the console's cookies", () => {
  it('are Secure with the __Host- prefix behind https, plain names on a laptop', () => {
    expect(cookieJar('https://support.example.com')).toEqual({ session: '__Host-ft_session', preSession: '__Host-ft_signin', secure: true });
    expect(cookieJar('http://localhost:3000')).toEqual({ session: 'ft_session', preSession: 'ft_signin', secure: false });
  });
});
