import { describe, expect, it } from 'vitest';
import { cookieJar } from '../../src/console/cookies';
import { safeNext } from '../../src/console/paths';

describe('where a sign-in may lead', () => {
  it('follows our own console pages, the acknowledge link included', () => {
    for (const path of [
      '/',
      '/board',
      '/reports',
      '/mine',
      '/new',
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
    ]) {
      expect(safeNext(path)).toBe('/');
    }
  });
});

describe("the console's cookies", () => {
  it('are Secure with the __Host- prefix behind https, plain names on a laptop', () => {
    expect(cookieJar('https://support.example.com')).toEqual({ session: '__Host-ft_session', preSession: '__Host-ft_signin', secure: true });
    expect(cookieJar('http://localhost:3000')).toEqual({ session: 'ft_session', preSession: 'ft_signin', secure: false });
  });
});
