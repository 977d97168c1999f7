// The public webhook surface Sautikit calls: /voice answers with <Stream>, /stream-status and /events
// record lifecycle, /handoff and /dial-status run the human route. Signatures are checked on the raw
// body before anything is parsed or recorded; every body is read through its route's schema.
// /voice never answers 4xx/5xx: whatever arrives there is a caller waiting on the line, and an error
// page would leave them in silence (sautikit.md, Voice webhook).
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../base/clock';
import type { Config } from '../config/config';
import { SautiError } from '../base/errors';
import { asCarrierCallSid } from '../domain/ids';
import { maskNumber, type Log } from '../base/log';
import { TokenBucket } from '../base/token-bucket';
import { toXml, type VoiceAction } from './actions';
import { checkSigningKeys, type SigningKey, type SigningVerdict } from './signing-keys';
import {
  checkWebhookBody,
  decodeBody,
  readCallState,
  readStreamStatus,
  type CallState,
  type StreamStatus,
  type WebhookBodyKind,
} from './webhook-payload';

export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
/** Event deliveries remembered by X-Sautikit-Idempotency-Key (deliveries are at-least-once). */
const SEEN_DELIVERIES_MAX = 5000;
/** At most one "over the new-call cap" warning per this long (a flood must not flood the log). */
const CAP_LOG_EVERY_MS = 1000;
const MAX_LOGGED_FIELDS = 30;

export interface WebhookHandlers {
  /** A new inbound call, or a known call's step-completion POST (`known` true). */
  voice(call: CallState, known: boolean): VoiceAction[];
  streamStatus(status: StreamStatus): void;
  /**
   * The human route's webhooks act only with a token bound to their own path; `null` (`false` for
   * /voicemail) means the token is missing, forged or for another path: refused with 403.
   * `/handoff?t=…`: the carrier moved the call to the human route (the redirect accelerator).
   */
  handoff(token: string | undefined, body: Record<string, unknown>): VoiceAction[] | null;
  /** `/dial-status?t=…`: reached when a carrier <Dial> went unanswered. */
  dialStatus(token: string | undefined, body: Record<string, unknown>): VoiceAction[] | null;
  /** `/agent-leg?t=…`: an agent picked up the phone leg the bridge placed. */
  agentLeg(token: string | undefined, body: Record<string, unknown>): VoiceAction[] | null;
  event(body: Record<string, unknown>, deliveryId: string | undefined): void;
  voicemail(token: string | undefined, body: Record<string, unknown>): boolean;
  /** The id the app knows the call by, when one of `ids` names a live call; undefined for a new call. */
  knownCallSid(ids: readonly string[]): string | undefined;
  health(): { ok: boolean; detail: Record<string, unknown> };
}

interface RawRequest extends Request {
  rawBody?: Buffer;
}

const fieldNames = (body: Record<string, unknown>) =>
  Object.keys(body)
    .slice(0, MAX_LOGGED_FIELDS)
    .map((k) => k.slice(0, 40));

export function createWebhookRouter(
  config: Config,
  clock: Clock,
  log: Log,
  handlers: WebhookHandlers,
  /** Every key a webhook may be signed with now (signing-keys.ts); none = unsigned accepted. */
  signingKeys: () => readonly SigningKey[] = () =>
    config.webhookSecret ? [{ secret: config.webhookSecret, enforced: true }] : [],
): express.Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY_BYTES });
  const newCalls = new TokenBucket(clock, config.newCallsBurst, config.newCallsPerS);
  let overCap = { refused: 0, loggedAtMs: -Infinity, sinceLog: 0 };
  const seenDeliveries = new Set<string>();

  /** Checks the signature on the raw body (and logs what it found); the caller answers a refusal. */
  const verify = (req: RawRequest): SigningVerdict => {
    req.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = checkSigningKeys(
      signingKeys(),
      req.rawBody,
      req.header('x-sautikit-signature'),
      clock.epochMs(),
      config.signatureToleranceMs,
    );
    if (verdict.kind === 'verified' && !verdict.key.enforced) verdict.key.verified?.();
    if (verdict.kind === 'not-enforced' && verdict.reason !== 'no-keys')
      log.warn(
        { code: 'WEBHOOK_SIGNATURE_NOT_ENFORCED', path: req.path, reason: verdict.reason },
        'webhook not signed with the secret this app generated: answered (the secret is enforced once Sautikit has signed a webhook with it)',
      );
    if (verdict.kind === 'refused')
      log.warn({ code: 'WEBHOOK_BAD_SIGNATURE', path: req.path, reason: verdict.reason }, 'webhook refused');
    return verdict;
  };
  const signed = (req: RawRequest, res: Response, next: NextFunction) => {
    const verdict = verify(req);
    if (verdict.kind !== 'refused') return next();
    res
      .status(verdict.reason === 'missing' ? 401 : 403)
      .type('text/plain')
      .send(`signature ${verdict.reason}\n`);
  };

  const body = (req: RawRequest, kind: WebhookBodyKind): Record<string, unknown> =>
    checkWebhookBody(decodeBody(req.rawBody ?? Buffer.alloc(0), req.header('content-type')), kind);
  const xml = (res: Response, actions: readonly VoiceAction[]) =>
    res.status(200).type('application/xml').send(toXml(actions));
  const token = (req: Request) => (typeof req.query.t === 'string' ? req.query.t : undefined);
  const sayThenHangUp = (text: string): VoiceAction[] => [
    { say: { text, language: config.language } },
    { hangup: {} },
  ];

  router.get('/healthz', (_req, res) => {
    const h = handlers.health();
    res.status(h.ok ? 200 : 503).json({ ok: h.ok, ...h.detail });
  });

  router.post('/voice', raw, (req: RawRequest, res) => {
    // A refused signature still gets valid XML, never a 4xx: a forged request gets no call and no media
    // token (only a spoken apology and a hang-up), while a secret mis-set on this laptop or in Sautikit
    // leaves real callers with an apology instead of dead air, and the log says why (WEBHOOK_BAD_SIGNATURE).
    if (verify(req).kind === 'refused') return xml(res, sayThenHangUp(config.unstaffedMessage));
    let decoded: Record<string, unknown> = {};
    let unreadable: string | undefined;
    try {
      decoded = decodeBody(req.rawBody ?? Buffer.alloc(0), req.header('content-type'));
    } catch (err) {
      unreadable = err instanceof Error ? err.message : String(err);
    }
    const query = typeof req.query.clientRequestId === 'string' ? req.query.clientRequestId : undefined;
    const { call: read, rejectedIdFields } = readCallState(decoded, { clientRequestId: query });
    if (unreadable || read.anonymous || rejectedIdFields.length > 0) {
      // Field names only: the values are caller data.
      log.warn(
        {
          code: 'WEBHOOK_UNREADABLE_CALL',
          reason: unreadable ?? (read.anonymous ? 'no readable call id' : 'an id field was unusable'),
          fields: fieldNames(decoded),
          rejectedIdFields,
          contentType: req.header('content-type')?.slice(0, 80),
          callSid: read.callSid,
        },
        read.anonymous
          ? 'voice webhook without a readable call id: answered as a new call under an id made here'
          : 'voice webhook with an unusable id field: answered with the ids that could be read',
      );
    }
    const knownSid = handlers.knownCallSid(read.aliases);
    const call: CallState = knownSid
      ? {
          ...read,
          callSid: asCarrierCallSid(knownSid),
          aliases: [...new Set([knownSid, ...read.aliases])].map(asCarrierCallSid),
        }
      : read;
    const known = knownSid !== undefined;
    // Lifecycle events "routed per-number via voice_callback_url" open no call, so they spend no token.
    const opensCall = !known && !call.eventKind?.startsWith('call.');
    if (opensCall && !newCalls.take()) {
      overCap = { ...overCap, refused: overCap.refused + 1, sinceLog: overCap.sinceLog + 1 };
      if (clock.nowMs() - overCap.loggedAtMs >= CAP_LOG_EVERY_MS) {
        log.warn(
          {
            code: 'WEBHOOK_NEW_CALL_CAP',
            refusedTotal: overCap.refused,
            refusedSinceLastLog: overCap.sinceLog,
            perS: config.newCallsPerS,
            burst: config.newCallsBurst,
          },
          'new calls over the cap: callers told the lines are busy',
        );
        overCap = { ...overCap, loggedAtMs: clock.nowMs(), sinceLog: 0 };
      }
      return xml(res, sayThenHangUp(config.busyMessage));
    }
    log.info(
      { callSid: call.callSid, aliases: call.aliases, from: maskNumber(call.from), known },
      known ? 'voice webhook for a known call' : 'inbound call',
    );
    xml(res, handlers.voice(call, known));
  });

  router.post('/stream-status', raw, signed, (req: RawRequest, res) => {
    handlers.streamStatus(readStreamStatus(body(req, 'call')));
    res.status(204).end();
  });

  const refuseToken = (req: Request, res: Response) => {
    log.warn(
      { code: 'WEBHOOK_BAD_TOKEN', path: req.path },
      'webhook without a valid token for its path refused',
    );
    res.status(403).type('text/plain').send('token missing, invalid or for another path\n');
  };
  const tokenRoute = (
    path: '/handoff' | '/dial-status' | '/agent-leg',
    handle: (token: string | undefined, body: Record<string, unknown>) => VoiceAction[] | null,
  ) =>
    router.post(path, raw, signed, (req: RawRequest, res) => {
      const actions = handle(token(req), body(req, 'call'));
      if (actions) xml(res, actions);
      else refuseToken(req, res);
    });
  tokenRoute('/handoff', (t, b) => handlers.handoff(t, b));
  tokenRoute('/dial-status', (t, b) => handlers.dialStatus(t, b));
  tokenRoute('/agent-leg', (t, b) => handlers.agentLeg(t, b));
  router.post('/voicemail', raw, signed, (req: RawRequest, res) => {
    if (handlers.voicemail(token(req), body(req, 'call'))) xml(res, [{ hangup: {} }]);
    else refuseToken(req, res);
  });

  router.post('/events', raw, signed, (req: RawRequest, res) => {
    const event = body(req, 'event');
    const deliveryId = req.header('x-sautikit-idempotency-key') ?? req.header('x-sautikit-event-id');
    if (deliveryId && seenDeliveries.has(deliveryId)) {
      log.debug({ deliveryId }, 'duplicate event delivery ignored');
      res.status(204).end();
      return;
    }
    handlers.event(event, deliveryId);
    // Remembered once handled: a delivery that failed here is retried by Sautikit and must run then.
    if (deliveryId) {
      seenDeliveries.add(deliveryId);
      if (seenDeliveries.size > SEEN_DELIVERIES_MAX)
        seenDeliveries.delete(seenDeliveries.values().next().value as string);
    }
    res.status(204).end();
  });

  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status =
      (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    const code = (err as SautiError).code ?? (status ? 'WEBHOOK_MALFORMED' : 'WEBHOOK_INTERNAL');
    // Sautikit must never get an error page for a live call: keep the caller connected to something.
    // On /voice that holds even for a body the parser refused (too large, a bad encoding).
    const apology = () =>
      res
        .status(200)
        .type('application/xml')
        .send(toXml(sayThenHangUp(config.unstaffedMessage)));
    if (req.path === '/voice') {
      log.warn({ code, path: req.path, status, err: String(err) }, 'voice webhook not served: apology sent');
      apology();
      return;
    }
    if (err instanceof SautiError && err.code.startsWith('WEBHOOK_')) {
      log.warn({ code: err.code, path: req.path, err: err.message }, 'webhook rejected');
      res.status(400).type('text/plain').send(`${err.message}\n`);
      return;
    }
    if (status === 413) {
      res.status(413).type('text/plain').send('body too large\n');
      return;
    }
    // The body parser's other refusals (aborted, bad encoding or charset): the sender's fault, not ours.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      log.warn({ code: 'WEBHOOK_MALFORMED', path: req.path, status }, 'webhook rejected');
      res.status(status).type('text/plain').send('malformed request\n');
      return;
    }
    log.error({ code, path: req.path, err: String(err) }, 'webhook failed');
    if (req.path === '/handoff' || req.path === '/dial-status') {
      apology();
      return;
    }
    res.status(500).type('text/plain').send('internal error\n');
  });
  return router;
}
