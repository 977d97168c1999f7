// The only permission the window ever gets: the microphone, for the dev phone's test call, asked by
// the app's own main frame. Camera, screen, notifications (main shows those), geolocation, devices: no.
import type { Session } from 'electron';
import type { Log } from '../bridge/desktop';
import { isTrustedAppUrl, originOf } from './trusted-url';

export interface PermissionAsk {
  readonly permission: string;
  readonly requestingUrl: string | undefined;
  readonly isMainFrame: boolean;
  /** For a request: the media kinds asked for; for a check: the one kind checked. */
  readonly mediaTypes: readonly string[] | undefined;
}

export function isPermissionAllowed(ask: PermissionAsk, trustedOrigin: string): boolean {
  if (ask.permission !== 'media') return false;
  if (!ask.isMainFrame || !isTrustedAppUrl(ask.requestingUrl, trustedOrigin)) return false;
  const kinds = ask.mediaTypes ?? [];
  return kinds.length > 0 && kinds.every((k) => k === 'audio');
}

/** Installs the request and check handlers on the window's session. */
export function restrictPermissions(session: Session, trustedOrigin: string, log: Log): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const allowed = isPermissionAllowed(
      { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes },
      trustedOrigin,
    );
    if (!allowed) {
      log.warn(
        {
          code: 'SHELL_PERMISSION_DENIED',
          permission,
          mediaTypes,
          origin: originOf(details.requestingUrl ?? ''),
        },
        'permission request denied',
      );
    }
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    isPermissionAllowed(
      {
        permission,
        requestingUrl: details.requestingUrl,
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaType ? [details.mediaType] : undefined,
      },
      trustedOrigin,
    ),
  );
}
