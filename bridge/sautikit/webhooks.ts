// The public webhook surface Sautikit calls: /voice answers with <Stream>, /stream-status and /events
// record lifecycle, /handoff and /dial-status run the human route. Signatures are checked on the raw
// body before anything is parsed or recorded.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { SautiError } from '../errors';
import { maskNumber, type Log } from '../log';
import { verifySignature } from './signature';
import { toXml, type VoiceAction } from './actions';
import { decodeBody, parseCallState, type CallState } from './webhook-payload';

export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

export interface WebhookHandlers {
  /** A new inbound call, or a known call's step-completion POST (`known` true). */
  voice(call: CallState, known: boolean): VoiceAction[];
  streamStatus(body: Record<string, unknown>): void;
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
  isKnownCall(callSid: string): boolean;
  health(): { ok: boolean; detail: Record<string, unknown> };
}

interface RawRequest extends Request {
  rawBody?: Buffer;
}

export function createWebhookRouter(
  config: Config,
  clock: Clock,
  log: Log,
  handlers: WebhookHandlers,
  /** Every secret a webhook may be signed with (the setting and each number answered here); none = unsigned accepted. */
  signingSecrets: () => readonly string[] = () => (config.webhookSecret ? [config.webhookSecret] : []),
): express.Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY_BYTES });

  const signed = (req: RawRequest, res: Response, next: NextFunction) => {
    req.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const secrets = signingSecrets();
    if (secrets.length === 0) return next();
    const header = req.header('x-sautikit-signature');
    let check: ReturnType<typeof verifySignature> = { ok: false, reason: 'missing' };
    for (const secret of secrets) {
      check = verifySignature(secret, req.rawBody, header, clock.epochMs(), config.signatureToleranceMs);
      if (check.ok) return next();
    }
    log.warn({ code: 'WEBHOOK_BAD_SIGNATURE', path: req.path, reason: check.reason }, 'webhook refused');
    res
      .status(check.reason === 'missing' ? 401 : 403)
      .type('text/plain')
      .send(`signature ${check.reason}\n`);
  };

  const body = (req: RawRequest): Record<string, unknown> =>
    decodeBody(req.rawBody ?? Buffer.alloc(0), req.header('content-type'));
  const xml = (res: Response, actions: readonly VoiceAction[]) =>
    res.status(200).type('application/xml').send(toXml(actions));
  const token = (req: Request) => (typeof req.query.t === 'string' ? req.query.t : undefined);

  router.get('/healthz', (_req, res) => {
    const h = handlers.health();
    res.status(h.ok ? 200 : 503).json({ ok: h.ok, ...h.detail });
  });

  router.post('/voice', raw, signed, (req: RawRequest, res) => {
    const call = parseCallState(body(req));
    const known = handlers.isKnownCall(call.callSid);
    log.info(
      { callSid: call.callSid, from: maskNumber(call.from), known },
      known ? 'voice webhook for a known call' : 'inbound call',
    );
    xml(res, handlers.voice(call, known));
  });

  router.post('/stream-status', raw, signed, (req: RawRequest, res) => {
    handlers.streamStatus(body(req));
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
      const actions = handle(token(req), body(req));
      if (actions) xml(res, actions);
      else refuseToken(req, res);
    });
  tokenRoute('/handoff', (t, b) => handlers.handoff(t, b));
  tokenRoute('/dial-status', (t, b) => handlers.dialStatus(t, b));
  tokenRoute('/agent-leg', (t, b) => handlers.agentLeg(t, b));
  router.post('/voicemail', raw, signed, (req: RawRequest, res) => {
    if (handlers.voicemail(token(req), body(req))) xml(res, [{ hangup: {} }]);
    else refuseToken(req, res);
  });

  router.post('/events', raw, signed, (req: RawRequest, res) => {
    handlers.event(body(req), req.header('x-sautikit-idempotency-key') ?? req.header('x-sautikit-event-id'));
    res.status(204).end();
  });

  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof SautiError && err.code.startsWith('WEBHOOK_')) {
      log.warn({ code: err.code, path: req.path, err: err.message }, 'webhook rejected');
      res.status(400).type('text/plain').send(`${err.message}\n`);
      return;
    }
    const status =
      (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
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
    log.error(
      { code: (err as SautiError).code ?? 'WEBHOOK_INTERNAL', path: req.path, err: String(err) },
      'webhook failed',
    );
    // Sautikit must never get an error page for a live call: keep the caller connected to something.
    if (req.path === '/voice' || req.path === '/handoff' || req.path === '/dial-status') {
      res
        .status(200)
        .type('application/xml')
        .send(toXml([{ say: { text: config.unstaffedMessage, language: config.language } }, { hangup: {} }]));
      return;
    }
    res.status(500).type('text/plain').send('internal error\n');
  });
  return router;
}
