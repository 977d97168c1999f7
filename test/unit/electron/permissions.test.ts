import { describe, expect, it, vi } from 'vitest';
import { isPermissionAllowed, restrictPermissions } from '../../../electron/permissions';
import { APP_ORIGIN } from '../../../electron/trusted-url';
import { captureLog } from '../../harness/capture-log';

const app = 'sauti://console/index.html';

describe('permissions', () => {
  it('allows only the microphone, for the app main frame', () => {
    const ask = (over: Partial<Parameters<typeof isPermissionAllowed>[0]>) =>
      isPermissionAllowed(
        { permission: 'media', requestingUrl: app, isMainFrame: true, mediaTypes: ['audio'], ...over },
        APP_ORIGIN,
      );
    expect(ask({})).toBe(true);
    expect(ask({ mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(ask({ mediaTypes: ['video'] })).toBe(false);
    expect(ask({ mediaTypes: [] })).toBe(false);
    expect(ask({ mediaTypes: undefined })).toBe(false);
    expect(ask({ isMainFrame: false })).toBe(false);
    expect(ask({ requestingUrl: 'https://evil.example/' })).toBe(false);
    for (const permission of [
      'notifications',
      'geolocation',
      'display-capture',
      'clipboard-read',
      'openExternal',
      'midi',
    ]) {
      expect(ask({ permission })).toBe(false);
    }
  });

  it('wires both handlers on the session and logs denials', () => {
    let request: ((...a: unknown[]) => void) | undefined;
    let check: ((...a: unknown[]) => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    };
    const captured = captureLog();
    restrictPermissions(session as never, APP_ORIGIN, captured.log);
    const callback = vi.fn();
    request!({}, 'media', callback, { requestingUrl: app, isMainFrame: true, mediaTypes: ['audio'] });
    request!({}, 'notifications', callback, { requestingUrl: app, isMainFrame: true });
    expect(callback.mock.calls).toEqual([[true], [false]]);
    expect(captured.lines.filter((l) => l.code === 'SHELL_PERMISSION_DENIED')).toHaveLength(1);
    expect(
      check!({}, 'media', 'sauti://console', { requestingUrl: app, isMainFrame: true, mediaType: 'audio' }),
    ).toBe(true);
    expect(
      check!({}, 'media', 'sauti://console', { requestingUrl: app, isMainFrame: true, mediaType: 'video' }),
    ).toBe(false);
    expect(check!({}, 'notifications', 'sauti://console', { requestingUrl: app, isMainFrame: true })).toBe(
      false,
    );
  });
});
