import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { createRouteUrls, ROUTE_TOKEN_TTL_MS } from '../../../bridge/human/route-urls';
import { verifyCallToken } from '../../../bridge/media/call-token';

const SECRET = 'a-secret-of-at-least-16-chars';

describe('route URLs', () => {
  const clock = new FakeClock();
  const urls = createRouteUrls({ secret: SECRET, clock, publicUrl: () => 'https://laptop.example' });
  const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? undefined;

  it('binds each webhook token to its own path, call and target', () => {
    const url = urls.url('/agent-leg', 'CA1', { agentId: 'agt_1', legId: 'leg-1' });
    expect(url.startsWith('https://laptop.example/agent-leg?t=')).toBe(true);
    expect(urls.verify('/agent-leg', tokenOf(url))).toEqual({
      callSid: 'CA1',
      agentId: 'agt_1',
      legId: 'leg-1',
    });
    // A /dial-status token cannot drive /handoff, nor any other path.
    const dial = tokenOf(urls.url('/dial-status', 'CA1'));
    expect(urls.verify('/handoff', dial)).toBeNull();
    expect(urls.verify('/dial-status', dial)).toMatchObject({ callSid: 'CA1' });
    expect(urls.verify('/handoff', undefined)).toBeNull();
    expect(urls.verify('/handoff', 'forged.token')).toBeNull();
    expect(urls.redacted('/handoff')).toBe('https://laptop.example/handoff');
  });

  it('expires webhook tokens after a long wait', () => {
    const t = tokenOf(urls.url('/voicemail', 'CA2'));
    clock.advance(ROUTE_TOKEN_TTL_MS + 1);
    expect(urls.verify('/voicemail', t)).toBeNull();
  });

  it('gives the caller’s stream a media token and an agent leg an agent-media token', () => {
    const caller = new URL(urls.mediaUrl('CA3', 60_000));
    const leg = new URL(urls.mediaUrl('CA3', 60_000, { agentId: 'agt_1', legId: 'leg-9' }));
    expect(caller.protocol).toBe('wss:');
    expect(caller.pathname).toBe('/media');
    const now = clock.epochMs();
    const c = verifyCallToken(SECRET, caller.searchParams.get('t'), ['media', 'agent-media'], now);
    const l = verifyCallToken(SECRET, leg.searchParams.get('t'), ['media', 'agent-media'], now);
    expect(c.ok && c.claims).toMatchObject({ purpose: 'media', callSid: 'CA3' });
    expect(l.ok && l.claims).toMatchObject({ purpose: 'agent-media', callSid: 'CA3', legId: 'leg-9' });
    // A media token is no webhook token.
    expect(urls.verify('/agent-leg', caller.searchParams.get('t') ?? undefined)).toBeNull();
  });
});
