import { describe, expect, it } from 'vitest';
import { LinkStore, linkNotice, type LinkState } from '../../../../../renderer/src/app/state/link';

const HOST = {
  state: 'online' as const,
  hostAddress: 'https://192.168.1.20:8443',
  hostName: 'amina-laptop',
  message: '',
};
const status = (agentId?: string, hostName?: string) => ({
  version: '1',
  publicUrl: 'http://x',
  provider: 'gemini',
  storeOk: true,
  agentId,
  hostName,
});

describe('LinkStore', () => {
  it('marks the board stale from the moment it stopped being live, and live again when back', () => {
    let now = 5_000;
    const link = new LinkStore('connecting', { now: () => now });
    link.status('reconnecting');
    expect(link.get().staleSinceMs).toBeNull();
    link.status('open');
    now = 9_000;
    link.status('reconnecting');
    now = 12_000;
    link.status('reconnecting');
    expect(link.get().staleSinceMs).toBe(9_000);
    link.status('open');
    expect(link.get().staleSinceMs).toBeNull();
  });

  it('knows the host from main (desktop), from status (a browser teammate) or from the page address', () => {
    const desktop = new LinkStore('connecting', { now: () => 0 });
    desktop.link({ state: 'local', message: '' });
    expect(desktop.get()).toMatchObject({ via: 'desktop', host: null });
    desktop.link({ state: 'connecting', message: 'Switching consoles…' });
    expect(desktop.get()).toMatchObject({ via: 'desktop', host: null });
    desktop.link(HOST);
    expect(desktop.get()).toMatchObject({ via: 'relay', host: { name: 'amina-laptop' } });

    const browser = new LinkStore('connecting', { now: () => 0, teamHostAddress: '192.168.1.20:8443' });
    expect(browser.get().host).toEqual({ name: '192.168.1.20:8443' });
    browser.identity(status('ag1', 'amina-laptop'));
    expect(browser.get().host).toEqual({ name: 'amina-laptop' });

    const own = new LinkStore('open', { now: () => 0 });
    own.identity(status());
    expect(own.get().host).toBeNull();
  });
});

describe('linkNotice', () => {
  const state = (over: Partial<LinkState>): LinkState => ({
    status: 'open',
    via: 'direct',
    host: null,
    staleSinceMs: null,
    ...over,
  });

  it('says a lost host in plain words: retrying, calls keep flowing on the host', () => {
    expect(linkNotice(state({ status: 'reconnecting', host: { name: 'amina-laptop' } }))).toEqual({
      kind: 'banner',
      tone: 'warn',
      text: 'Lost the host amina-laptop — retrying… calls keep flowing on the host.',
    });
    expect(linkNotice(state({ status: 'reconnecting' }))).toMatchObject({
      kind: 'banner',
      text: expect.stringMatching(/Lost the connection to Sauti Console/),
    });
    expect(linkNotice(state({ status: 'connecting', via: 'relay', host: { name: 'h' } }))).toMatchObject({
      text: 'Connecting to the host h…',
    });
    expect(linkNotice(state({ status: 'connecting' }))).toEqual({ kind: 'none' });
    expect(linkNotice(state({}))).toEqual({ kind: 'none' });
  });

  it('shows a revoked window a screen, with Leave team where main can take it back', () => {
    const relay = linkNotice(state({ status: 'revoked', via: 'relay', host: { name: 'amina-laptop' } }));
    expect(relay).toMatchObject({ kind: 'screen', title: 'Access revoked', leave: true });
    expect(relay.kind === 'screen' && relay.text).toMatch(/^The host amina-laptop revoked this computer/);
    const browser = linkNotice(state({ status: 'revoked', host: { name: 'h' } }));
    expect(browser).toMatchObject({
      kind: 'screen',
      leave: false,
      text: expect.stringMatching(/pairing code/),
    });
    expect(linkNotice(state({ status: 'unauthorized', host: { name: 'h' } }))).toMatchObject({
      kind: 'screen',
      title: 'No access to the team',
    });
    expect(linkNotice(state({ status: 'unauthorized' }))).toMatchObject({ kind: 'banner', tone: 'error' });
  });
});
