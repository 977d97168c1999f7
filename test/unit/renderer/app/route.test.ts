import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, RouteStore } from '../../../../renderer/src/app/route';

describe('routes', () => {
  it('parses and formats each screen, with a call id where it has one', () => {
    expect(parseRoute('#/live/CA%2F1')).toEqual({ screen: 'live', callId: 'CA/1' });
    expect(parseRoute('#/history')).toEqual({ screen: 'history' });
    expect(parseRoute('#/settings')).toEqual({ screen: 'settings' });
    expect(formatRoute({ screen: 'history', callId: 'CA/1' })).toBe('#/history/CA%2F1');
    expect(formatRoute({ screen: 'phone' })).toBe('#/phone');
  });

  it('falls back to the live board for anything else, including the token fragment', () => {
    expect(parseRoute('')).toEqual({ screen: 'live' });
    expect(parseRoute('#token=abc')).toEqual({ screen: 'live' });
    expect(parseRoute('#/nope/%E0%A4%A')).toEqual({ screen: 'live' });
  });

  it('keeps the address bar and the store in step both ways', () => {
    let hash = '#/dashboard';
    let onChange: () => void = () => undefined;
    const store = new RouteStore({
      hash: () => hash,
      setHash: (h) => (hash = h),
      onHashChange: (l) => {
        onChange = l;
        return () => undefined;
      },
    });
    expect(store.get()).toEqual({ screen: 'dashboard' });
    store.navigate({ screen: 'live', callId: 'A' });
    expect(hash).toBe('#/live/A');
    hash = '#/history';
    onChange();
    expect(store.get()).toEqual({ screen: 'history' });
  });
});
