// The Sautikit simulator's call side, written from the documented contract: it POSTs the voice
// webhook (signed when a secret is given; its shape is a switch, webhook-shape.ts, documented by
// default), reads the XML, opens the media socket with the audio.drachtio.org subprotocol, sends the
// metadata frame, streams PCM in real time in 20 ms frames, and plays back what it receives on a
// real-time playout clock.
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { Playout } from './playout';
import {
  callStateFields,
  encodeBody,
  primaryId,
  shapeOf,
  signatureFor,
  type BodyFormat,
  type SignatureScheme,
  type WebhookShape,
} from './webhook-shape';
import { parseXml, type XmlElement } from './xml';

export const MEDIA_SUBPROTOCOL = 'audio.drachtio.org';
const FRAME_SAMPLES = 320;
const FRAME_MS = 20;

export interface SimOptions {
  /** The app's public base URL (where /voice lives). */
  readonly appUrl: string;
  readonly webhookSecret?: string;
  /** How voice webhooks are shaped (documented by default). */
  readonly shape?: Partial<WebhookShape>;
}

export interface WebhookResult {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly xml?: XmlElement;
}

export class MediaRefused extends Error {
  constructor(readonly status: number) {
    super(`media socket refused with HTTP ${status}`);
  }
}

/**
 * POSTs a webhook as Sautikit does: a form (or, with `format: 'json'`, a JSON document, which may nest),
 * signed with `secret` by `signature` (the guide's `t=…,v1=…` unless told) unless `signatureHeader` is
 * given as is; `headers` are sent besides.
 */
export async function postWebhook(
  url: string,
  payload: Record<string, unknown>,
  opts: {
    secret?: string;
    format?: BodyFormat;
    signature?: SignatureScheme;
    signatureHeader?: string;
    timestampS?: number;
    headers?: Record<string, string>;
  },
): Promise<WebhookResult> {
  const format = opts.format ?? 'form';
  const body = encodeBody(format, payload);
  const headers: Record<string, string> = {
    'content-type': format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    ...opts.headers,
  };
  const signature =
    opts.signatureHeader ??
    signatureFor(
      opts.signature ?? 't-v1',
      opts.secret,
      body,
      opts.timestampS ?? Math.floor(Date.now() / 1000),
    );
  if (signature !== undefined) headers['x-sautikit-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    contentType,
    body: text,
    xml: contentType.includes('xml') ? parseXml(text) : undefined,
  };
}

export class SimCall {
  ws: WebSocket | null = null;
  readonly playout = new Playout();
  readonly controlMessages: Record<string, unknown>[] = [];
  /** Playout time (ms) at which each control message type first reached the carrier. */
  readonly firstControlAtMs = new Map<string, number>();
  closedWith: { code: number; reason: string } | null = null;
  /**
   * Told when the media socket closes; `byApp` when the app ended it (closed the socket, or asked with
   * `{"type":"disconnect"}`) rather than the carrier (hang-up, redirect). The PBX then treats the
   * <Stream> step as completed.
   */
  onStreamEnded: ((info: { byApp: boolean; code: number; reason: string }) => void) | null = null;
  private streaming: Promise<void> | null = null;
  private stopStreaming = false;
  private carrierClosing = false;
  /** The call ended while its stream was still connecting: closed as soon as it opens. */
  private closeOnOpen: string | null = null;
  private disconnectAsked = false;

  constructor(
    /** The simulator that placed it (null: an agent leg's stream, opened by the PBX). */
    readonly sim: SautikitSim | null,
    /** The id the app keys the call by: the one its webhook named first. */
    readonly callSid: string,
    readonly from: string,
    readonly to: string,
    public response: WebhookResult,
    /** The call's two carrier ids: the Sautikit call id and the PBX session id (`HD_…`). */
    readonly ids: { readonly callId: string; readonly sessionId: string } = {
      callId: callSid,
      sessionId: callSid,
    },
  ) {}

  get streamElement(): XmlElement | undefined {
    return this.response.xml?.children.find((c) => c.name === 'Stream');
  }

  /** Opens the media socket the way Sautikit does; rejects with MediaRefused on an HTTP refusal. */
  connectMedia(
    opts: { url?: string; protocols?: string[]; metadata?: Record<string, unknown> | null } = {},
  ): Promise<void> {
    const url = opts.url ?? this.streamElement?.attrs.url;
    if (!url) return Promise.reject(new Error('no <Stream url> to connect to'));
    // sautikit-node verbs.ts: without connect="true" the document ends at once and the call drops.
    if (this.streamElement && this.streamElement.attrs.connect !== 'true') {
      return Promise.reject(
        new Error('<Stream> without connect="true": the call dropped after the document ended'),
      );
    }
    const ws = new WebSocket(url, opts.protocols ?? [MEDIA_SUBPROTOCOL]);
    ws.binaryType = 'nodebuffer';
    this.ws = ws;
    return new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => {
        reject(new MediaRefused(res.statusCode ?? 0));
        res.resume();
      });
      ws.once('error', (err) => reject(err));
      ws.once('open', () => {
        if (ws.protocol !== MEDIA_SUBPROTOCOL) {
          ws.close();
          reject(new Error(`server echoed subprotocol "${ws.protocol}"`));
          return;
        }
        ws.on('message', (data: Buffer, isBinary) => {
          if (isBinary) this.playout.receive(data);
          else this.onControl(data.toString('utf8'));
        });
        ws.on('close', (code, reason) => {
          this.closedWith = { code, reason: reason.toString() };
          this.stopStreaming = true;
          this.playout.stop();
          const byApp = this.disconnectAsked || !this.carrierClosing;
          this.onStreamEnded?.({ byApp, code, reason: reason.toString() });
        });
        if (opts.metadata !== null) {
          ws.send(
            JSON.stringify(
              opts.metadata ?? {
                callSid: this.callSid,
                from: this.from,
                to: this.to,
                sampleRate: 16000,
                mixType: 'mono',
              },
            ),
          );
        }
        this.playout.start();
        if (this.closeOnOpen !== null) ws.close(1000, this.closeOnOpen);
        resolve();
      });
    });
  }

  private onControl(text: string): void {
    try {
      const msg = JSON.parse(text) as Record<string, unknown>;
      this.controlMessages.push(msg);
      const type = typeof msg.type === 'string' ? msg.type : '?';
      if (!this.firstControlAtMs.has(type)) this.firstControlAtMs.set(type, this.playout.nowMs());
      if (msg.type === 'killAudio') this.playout.kill();
      // mod_audio_fork: the server asked to end the fork; the call goes on.
      if (msg.type === 'disconnect') {
        this.disconnectAsked = true;
        this.closeFromCarrier('disconnect requested');
      }
    } catch {
      this.controlMessages.push({ type: 'unparseable', text });
    }
  }

  /** Streams PCM (16 kHz) in real-time 20 ms frames on a fixed grid; resolves when all is sent. */
  streamAudio(samples: Int16Array): Promise<void> {
    const previous = this.streaming ?? Promise.resolve();
    const run = previous.then(
      () =>
        new Promise<void>((resolve) => {
          const ws = this.ws;
          if (!ws) return resolve();
          const start = performance.now();
          let n = 0;
          const total = Math.ceil(samples.length / FRAME_SAMPLES);
          const tick = () => {
            if (this.stopStreaming || ws.readyState !== ws.OPEN || n >= total) return resolve();
            const frame = new Int16Array(FRAME_SAMPLES);
            frame.set(samples.subarray(n * FRAME_SAMPLES, (n + 1) * FRAME_SAMPLES));
            ws.send(Buffer.from(frame.buffer), { binary: true });
            n++;
            setTimeout(tick, Math.max(0, start + n * FRAME_MS - performance.now()));
          };
          tick();
        }),
    );
    this.streaming = run;
    return run;
  }

  streamSilence(ms: number): Promise<void> {
    return this.streamAudio(new Int16Array((ms / FRAME_MS) * FRAME_SAMPLES));
  }

  /**
   * Says `samples` (if any), then keeps sending silence frames until the socket closes — a phone's
   * side of a live stream never stops sending frames.
   */
  keepTalking(samples?: Int16Array): void {
    const silence = new Int16Array(25 * FRAME_SAMPLES);
    const more = (): Promise<void> =>
      this.stopStreaming || !this.ws || this.ws.readyState !== this.ws.OPEN
        ? Promise.resolve()
        : this.streamAudio(silence).then(more);
    void (samples ? this.streamAudio(samples) : Promise.resolve()).then(more);
  }

  /** Sends raw bytes as one binary frame (for odd-length and malformed-input tests). */
  sendRaw(bytes: Buffer | string): void {
    this.ws?.send(bytes, { binary: typeof bytes !== 'string' });
  }

  /** The carrier ends the media socket (a redirect, the call ending); not the app's doing. */
  /**
   * The carrier ends this stream (its call ended). A stream still connecting — the app may already have
   * accepted it — is closed the moment it opens, as the carrier's side of it is gone.
   */
  closeFromCarrier(reason: string): void {
    const ws = this.ws;
    if (!ws || ws.readyState === ws.CONNECTING) {
      this.carrierClosing = true;
      this.closeOnOpen = reason;
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    this.carrierClosing = true;
    ws.close(1000, reason);
  }

  hangUp(): Promise<void> {
    const ws = this.ws;
    this.carrierClosing = true;
    this.stopStreaming = true;
    this.playout.stop();
    if (!ws || ws.readyState === ws.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000, 'caller hung up');
    });
  }

  waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return waitFor(() => this.closedWith, timeoutMs, 'media socket close');
  }
}

export class SautikitSim {
  readonly calls = new Map<string, SimCall>();

  constructor(readonly options: SimOptions) {}

  /**
   * Places an inbound call: POSTs the voice webhook like Sautikit (in this simulator's shape, or `shape`
   * for this call) and reads the answer. `callSid` sets the Sautikit call id, `sessionId` the PBX's.
   */
  async placeCall(
    init: {
      from?: string;
      to?: string;
      callSid?: string;
      sessionId?: string;
      extra?: Record<string, string>;
      shape?: Partial<WebhookShape>;
    } = {},
  ): Promise<SimCall> {
    const shape = shapeOf({ ...this.options.shape, ...init.shape });
    const ids = {
      callId: init.callSid ?? `CA${randomUUID().replace(/-/g, '')}`,
      sessionId: init.sessionId ?? `HD_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    };
    const from = init.from ?? '+254712345678';
    const to = init.to ?? '+254709000000';
    const payload = {
      ...callStateFields(shape.fields, {
        ...ids,
        from,
        to,
        direction: 'inbound',
        status: 'ringing',
        active: true,
      }),
      ...init.extra,
    };
    const response = await postWebhook(`${this.options.appUrl}/voice`, payload, {
      secret: this.options.webhookSecret,
      format: shape.format,
      signature: shape.signature,
    });
    const callSid = primaryId(shape.fields, ids);
    const call = new SimCall(this, callSid, from, to, response, ids);
    this.calls.set(callSid, call);
    return call;
  }

  async hangUpAll(): Promise<void> {
    await Promise.all([...this.calls.values()].map((c) => c.hangUp()));
  }
}

/**
 * Polls until `probe` returns (or, for an async probe, resolves to) a value other than null, undefined
 * or false.
 */
export async function waitFor<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
