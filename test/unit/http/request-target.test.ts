import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from '../../../bridge/http/request-target';

describe('parseRequestTarget', () => {
  it('reads the path and query of an origin-form target', () => {
    const t = parseRequestTarget('/media?t=abc.def');
    expect(t?.pathname).toBe('/media');
    expect(t?.searchParams.get('t')).toBe('abc.def');
    expect(parseRequestTarget('/assets/a%20b.js')?.decodedPath).toBe('/assets/a b.js');
  });

  it('reads `//x` as a path, never as an authority', () => {
    expect(parseRequestTarget('//evil.example/console')?.pathname).toBe('//evil.example/console');
    expect(parseRequestTarget('//[')?.pathname).toBe('//[');
  });

  it('reads an absolute-form target (http and https only)', () => {
    expect(parseRequestTarget('http://host:8080/console?x=1')?.pathname).toBe('/console');
    expect(parseRequestTarget('ftp://host/console')).toBeNull();
  });

  it.each([
    ['an absolute URL with a broken host', 'http://['],
    ['an absolute URL with a broken host and a path', 'http://[/media'],
    ['a lone percent sign in the path', '/%'],
    ['a truncated escape', '/assets/%E0%A4%A'],
    ['an escaped NUL', '/index.html%00.png'],
    ['the asterisk form', '*'],
    ['the authority form', 'host:443'],
    ['a relative target', '%'],
    ['an empty target', ''],
    ['no target', undefined],
    ['an oversized target', `/${'a'.repeat(9000)}`],
  ])('refuses %s', (_what, raw) => {
    expect(() => parseRequestTarget(raw)).not.toThrow();
    expect(parseRequestTarget(raw)).toBeNull();
  });
});
