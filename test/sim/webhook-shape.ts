// How the simulator shapes a webhook, one switch per thing the sources disagree on (sautikit.md): the
// field spelling of a call state (doc style, snake_case, or the PBX style seen on live numbers), the body
// format (form or JSON), and the signature scheme (the guide's `t=…,v1=…`, the event pages' bare hex, or
// none). The default (the `documented` profile every test runs under unless it asks otherwise): the
// PBX-style fields live numbers send (call-state body fields are documented nowhere, and these are the
// ones a real call brings, so the app must survive them on its first POST), a form body, `t=…,v1=…`.
import { signBody, signBodyBare } from '../../bridge/sautikit/signature';

export type FieldStyle = 'doc' | 'snake' | 'pbx';
export type BodyFormat = 'form' | 'json';
export type SignatureScheme = 't-v1' | 'bare-hex' | 'none';

export interface WebhookShape {
  readonly fields: FieldStyle;
  readonly format: BodyFormat;
  readonly signature: SignatureScheme;
}

/**
 * The default shape. The docs' examples read `req.body.CallId`, `From`, `To` from a form (SDK
 * quickstart), but live numbers post the PBX's own fields (`sessionId=HD_…`, `callerNumber`, …): the
 * simulator posts those, since no page documents the body and the app must not be kinder to itself.
 */
export const DEFAULT_SHAPE: WebhookShape = { fields: 'pbx', format: 'form', signature: 't-v1' };

export function shapeOf(partial: Partial<WebhookShape> | undefined): WebhookShape {
  return { ...DEFAULT_SHAPE, ...partial };
}

/** What the PBX knows about a call when it posts its state. */
export interface CallFacts {
  /** The Sautikit call id (a UUID; `CA…` in the docs' examples). */
  readonly callId: string;
  /** The PBX session id (`HD_…`). */
  readonly sessionId: string;
  readonly from: string;
  readonly to: string;
  readonly direction: 'inbound' | 'outbound';
  readonly status: string;
  readonly active: boolean;
  readonly digits?: string;
  readonly clientRequestId?: string;
}

/**
 * A call state in one field style. Doc and snake name the call by `callId`; the PBX style, as seen live,
 * names only the session id (`sessionId` = `HD_…`).
 */
export function callStateFields(style: FieldStyle, c: CallFacts): Record<string, string | boolean> {
  const extra = (entries: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
  switch (style) {
    case 'doc':
      return {
        CallId: c.callId,
        From: c.from,
        To: c.to,
        Direction: c.direction,
        CallStatus: c.status,
        ...extra({ Digits: c.digits, clientRequestId: c.clientRequestId }),
      };
    case 'snake':
      return {
        call_id: c.callId,
        from: c.from,
        to: c.to,
        direction: c.direction,
        status: c.status,
        ...extra({ digits: c.digits, client_request_id: c.clientRequestId }),
      };
    case 'pbx':
      return {
        sessionId: c.sessionId,
        callerNumber: c.from,
        destinationNumber: c.to,
        clientDialedNumber: c.to,
        callSessionState: c.status,
        isActive: c.active,
        ...extra({ Digits: c.digits, clientRequestId: c.clientRequestId }),
      };
  }
}

/** The id the app is expected to key a call by, for a field style. */
export function primaryId(style: FieldStyle, c: Pick<CallFacts, 'callId' | 'sessionId'>): string {
  return style === 'pbx' ? c.sessionId : c.callId;
}

/** Encodes a payload as the format says (a form flattens values to strings). */
export function encodeBody(format: BodyFormat, payload: Record<string, unknown>): string {
  return format === 'json'
    ? JSON.stringify(payload)
    : new URLSearchParams(
        Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
}

/** The X-Sautikit-Signature value for a body, or undefined when unsigned. */
export function signatureFor(
  scheme: SignatureScheme,
  secret: string | undefined,
  body: string,
  timestampS: number,
): string | undefined {
  if (!secret || scheme === 'none') return undefined;
  return scheme === 'bare-hex' ? signBodyBare(secret, body) : signBody(secret, body, timestampS);
}
