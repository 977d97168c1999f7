import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  appLocation,
  isExternalLink,
  isTrustedAppUrl,
  navigationVerdict,
  originOf,
} from '../../../electron/trusted-url';

describe('trusted-url', () => {
  it('spells out the origin of the custom scheme (Node reports "null" for it)', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null');
    expect(originOf(APP_ENTRY_URL)).toBe('sauti://console');
    expect(originOf('not a url')).toBeNull();
  });

  it.each([
    ['sauti://console/index.html', true],
    ['sauti://console/assets/index-abc.js', true],
    ['sauti://console/index.html#/live', true],
    ['sauti://other/index.html', false],
    ['sauti://user:pw@console/index.html', false],
    ['file:///etc/passwd', false],
    ['https://console/index.html', false],
    ['http://localhost:5173/', false],
    ['', false],
  ])('isTrustedAppUrl(%s) is %s', (url, expected) => {
    expect(isTrustedAppUrl(url, APP_ORIGIN)).toBe(expected);
  });

  it('refuses missing urls', () => {
    expect(isTrustedAppUrl(undefined, APP_ORIGIN)).toBe(false);
    expect(isTrustedAppUrl(null, APP_ORIGIN)).toBe(false);
  });

  it('trusts a loopback dev server only in an unpackaged app', () => {
    expect(appLocation('http://localhost:5173/', false)).toEqual({
      origin: 'http://localhost:5173',
      entryUrl: 'http://localhost:5173/',
    });
    expect(appLocation('http://localhost:5173/', true)).toEqual({
      origin: APP_ORIGIN,
      entryUrl: APP_ENTRY_URL,
    });
    expect(appLocation('http://evil.example:5173/', false).origin).toBe(APP_ORIGIN);
    expect(appLocation('https://localhost:5173/', false).origin).toBe(APP_ORIGIN);
    expect(appLocation(undefined, false).origin).toBe(APP_ORIGIN);
    const dev = appLocation('http://127.0.0.1:5173', false).origin;
    expect(isTrustedAppUrl('http://127.0.0.1:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedAppUrl('http://127.0.0.1:5174/', dev)).toBe(false);
  });

  it.each([
    ['https://sautikit.com/developers', true],
    ['http://sautikit.com/', false],
    ['https://user:pw@sautikit.com/', false],
    ['javascript:alert(1)', false],
    ['file:///home', false],
    ['sauti://console/', false],
  ])('isExternalLink(%s) is %s', (url, expected) => {
    expect(isExternalLink(url)).toBe(expected);
  });

  it('gives one verdict per navigation', () => {
    expect(navigationVerdict('sauti://console/index.html', APP_ORIGIN)).toBe('allow');
    expect(navigationVerdict('https://sautikit.com/', APP_ORIGIN)).toBe('open-external');
    expect(navigationVerdict('http://127.0.0.1:8081/', APP_ORIGIN)).toBe('deny');
    expect(navigationVerdict('data:text/html,hi', APP_ORIGIN)).toBe('deny');
  });
});
