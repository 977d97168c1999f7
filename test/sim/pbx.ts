// The simulator's PBX: it runs the voice-action documents the app returns for a call, as the
// Sautikit docs describe them — Say/Play/Pause, Dial (an unanswered Dial falls through to the next
// action; an answered one bridges until a party hangs up, then the call ends), Conference (a named
// room; startOnEnter/endOnExit), Record (POSTs the recording to `action`), Redirect (fetches the URL,
// or, when the PBX refuses the target, POSTs a step completion to the voice URL), Hangup/Reject, and
// <Stream connect="true">, which holds the call while the media socket lives. As seen on live calls:
// when the app ends a caller's stream (closes it, or sends {"type":"disconnect"}) the voice URL is
// NOT called again and nothing after the <Stream> runs — the caller hears silence until they hang up.
// An outbound call whose answer URL returns a <Stream> (an agent leg brought to the app) gets its own
// media socket, opened by the PBX with the phone's voice on it. Every call has a record (CDR) and
// lifecycle events. Times are simulated: `timeScale` turns simulated seconds into real milliseconds.
import { randomUUID } from 'node:crypto';
import { postWebhook, SimCall } from './carrier';
import { callStateFields, shapeOf, type WebhookShape } from './webhook-shape';
import { ConferenceRooms } from './conference';
import type { EventSender } from './event-sender';
import type { SimPhone, SimPhones } from './phones';
import type { XmlElement } from './xml';

export type CarrierStatus =
  'ringing' | 'answered' | 'completed' | 'failed' | 'no_answer' | 'busy' | 'canceled';

export interface CarrierCall {
  readonly id: string;
  /** The PBX session id (`HD_…`), carried as CallId on voice callbacks of outbound calls. */
  readonly sessionId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly from: string;
  readonly to: string;
  status: CarrierStatus;
  readonly startedAtMs: number;
  answeredAtMs?: number;
  endedAtMs?: number;
  failureReason?: string;
  /** Where step completions go (inbound: the number's voice URL; outbound: the call-level answer URL). */
  readonly voiceUrl: string;
  readonly clientRequestId?: string;
  readonly parentId?: string;
  /** What the PBX did, in order (`say:…`, `dial:+254…`, `conference:room`, `redirect:url`, …). */
  readonly trace: string[];
  run?: AbortController;
  running?: Promise<void>;
  media?: SimCall;
  phone?: SimPhone;
  /** Fetch bodies the app answered for this call (for tests to read). */
  readonly fetched: { url: string; status: number; body: string }[];
}

export interface PbxOptions {
  appUrl: string;
  readonly webhookSecret?: string;
  /** How its webhooks are shaped (field style, format, signature); documented by default. */
  readonly shape?: Partial<WebhookShape>;
  readonly timeScale: number;
  readonly phones: SimPhones;
  readonly events: EventSender;
  /** The PBX refuses `<Redirect>` to the app's URLs: step completions go to the voice URL instead. */
  refuseRedirectVerb?: boolean;
  /** Whether the undocumented REST redirect exists on this account (the `redirect` profile). */
  restRedirect?: boolean;
  /** How long a caller speaks a voicemail (simulated seconds). */
  voicemailS?: number;
  /** How long an outbound call rings before giving up (simulated seconds). */
  outboundRingS?: number;
}

export class SimPbx {
  readonly calls = new Map<string, CarrierCall>();
  readonly rooms = new ConferenceRooms();

  constructor(readonly options: PbxOptions) {}

  /** Real milliseconds for simulated seconds. */
  realMs(simS: number): number {
    return Math.max(1, Math.round(simS * 1000 * this.options.timeScale));
  }

  /** Simulated seconds between two real instants. */
  simSeconds(fromMs: number, toMs: number): number {
    return Math.max(0, Math.round((toMs - fromMs) / 1000 / this.options.timeScale));
  }

  get(id: string): CarrierCall | undefined {
    const byId = this.calls.get(id);
    if (byId) return byId;
    for (const c of this.calls.values()) if (c.sessionId === id) return c;
    return undefined;
  }

  /** Takes over an inbound call placed with SautikitSim.placeCall and runs its first answer (unless it streams). */
  adoptInbound(sim: SimCall): CarrierCall {
    const call = this.record({
      id: sim.ids.callId,
      sessionId: sim.ids.sessionId,
      direction: 'inbound',
      from: sim.from,
      to: sim.to,
      voiceUrl: `${this.options.appUrl}/voice`,
    });
    call.media = sim;
    // The app ended its stream: the caller is left on a silent line until they hang up (field
    // evidence: the voice URL is not called again, and verbs after the <Stream> never run).
    sim.onStreamEnded = ({ byApp }) => {
      if (byApp && !call.endedAtMs) call.trace.push('stream-ended-by-app: caller in silence');
    };
    call.status = 'answered';
    call.answeredAtMs = Date.now();
    void this.options.events.send('call.answered', this.data(call));
    const doc = sim.response.xml;
    if (doc && !doc.children.some((c) => c.name === 'Stream')) this.start(call, doc);
    return call;
  }

  /**
   * The carrier could not open the media socket the app asked for: the <Stream> step failed, and (as
   * documented for a completed step) the voice URL is POSTed again and its answer runs.
   */
  async streamConnectFailed(id: string): Promise<void> {
    const call = this.get(id);
    if (!call || call.endedAtMs) return;
    call.trace.push('stream-connect-failed');
    await this.fetchAndRun(call, call.voiceUrl);
  }

  /** The REST redirect (the `redirect` profile only): the live call leaves what it is doing and runs `url`'s answer. */
  redirect(id: string, url: string): boolean {
    const call = this.get(id);
    if (!call || call.endedAtMs) return false;
    call.trace.push(`rest-redirect:${url.split('?')[0]}`);
    this.abortRun(call);
    this.closeMedia(call, 'redirected');
    void this.fetchAndRun(call, url);
    return true;
  }

  /** Ends a call from outside (REST hang-up, or the caller hanging up). */
  async hangUp(id: string, reason = 'hangup'): Promise<boolean> {
    const call = this.get(id);
    if (!call) return false;
    if (!call.endedAtMs) await this.end(call, call.answeredAtMs ? 'completed' : 'canceled', reason);
    return true;
  }

  /** POST /v1/calls: dials `to`; on answer POSTs the call-level answer URL and runs its answer. */
  placeOutbound(input: {
    from: string;
    to: string;
    voiceUrl: string;
    clientRequestId?: string;
  }): CarrierCall {
    const call = this.record({
      id: randomUUID(),
      sessionId: `HD_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      direction: 'outbound',
      from: input.from,
      to: input.to,
      voiceUrl: input.voiceUrl,
      clientRequestId: input.clientRequestId,
    });
    const ac = new AbortController();
    call.run = ac;
    call.running = this.ringOutbound(call, ac.signal).catch((err: unknown) => {
      call.trace.push(`error:${String(err)}`);
    });
    return call;
  }

  private record(init: Omit<CarrierCall, 'status' | 'startedAtMs' | 'trace' | 'fetched'>): CarrierCall {
    const call: CarrierCall = { ...init, status: 'ringing', startedAtMs: Date.now(), trace: [], fetched: [] };
    this.calls.set(call.id, call);
    return call;
  }

  private async ringOutbound(call: CarrierCall, signal: AbortSignal): Promise<void> {
    await this.options.events.send('call.started', this.data(call));
    const phone = this.options.phones.get(call.to);
    phone.rings++;
    const answered = await this.ring(call, phone, this.options.outboundRingS ?? 30, signal);
    if (!answered || signal.aborted) return;
    const url = new URL(call.voiceUrl);
    if (call.clientRequestId) url.searchParams.set('clientRequestId', call.clientRequestId);
    const stop = () => void this.end(call, 'completed', 'agent hung up');
    phone.connect(stop);
    call.phone = phone;
    if (phone.script.talkS !== undefined) setTimeout(() => phone.hangUp(), this.realMs(phone.script.talkS));
    await this.fetchAndRun(call, url.toString());
  }

  /** Rings a phone; returns true when it answers (the leg is then answered, with its event sent). */
  private async ring(
    leg: CarrierCall,
    phone: SimPhone,
    timeoutS: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    const { behaviour, answerAfterS = 2 } = phone.script;
    if (behaviour === 'refused') {
      await this.fail(leg, 'failed', 'destination_not_authorised');
      return false;
    }
    if (behaviour === 'busy') {
      await sleep(this.realMs(1), signal);
      await this.fail(leg, 'busy', 'busy');
      return false;
    }
    if (behaviour === 'no-answer' || answerAfterS >= timeoutS) {
      await sleep(this.realMs(timeoutS), signal);
      if (!signal.aborted) await this.fail(leg, 'no_answer', 'no_answer');
      return false;
    }
    await sleep(this.realMs(answerAfterS), signal);
    if (signal.aborted) return false;
    leg.status = 'answered';
    leg.answeredAtMs = Date.now();
    await this.options.events.send('call.answered', this.data(leg));
    return true;
  }

  private start(call: CarrierCall, doc: XmlElement): void {
    this.abortRun(call);
    const ac = new AbortController();
    call.run = ac;
    call.running = this.run(call, doc, ac.signal).catch((err: unknown) => {
      call.trace.push(`error:${String(err)}`);
    });
  }

  private async run(call: CarrierCall, doc: XmlElement, signal: AbortSignal): Promise<void> {
    for (const verb of doc.children) {
      if (signal.aborted || call.endedAtMs) return;
      switch (verb.name) {
        case 'Say':
          call.trace.push(`say:${verb.text}`);
          break;
        case 'Play':
          call.trace.push(`play:${verb.text}`);
          break;
        case 'Pause':
          await sleep(this.realMs(Number(verb.attrs.length ?? 1)), signal);
          break;
        case 'Stream':
          call.trace.push('stream');
          // An agent leg answered with a stream back to the app: the PBX opens it and holds the call.
          if (call.direction === 'outbound' && call.phone) {
            await this.openLegMedia(call, verb, signal);
            return;
          }
          if (verb.attrs.connect === 'true') {
            // The stream drives the call from here: it holds until the call ends or is moved on.
            await new Promise<void>((resolve) => {
              if (signal.aborted) return resolve();
              signal.addEventListener('abort', () => resolve(), { once: true });
            });
            return;
          }
          break;
        case 'Dial': {
          const outcome = await this.dial(call, verb, signal);
          if (outcome === 'bridged') return;
          break;
        }
        case 'Conference':
          await this.conference(call, verb, signal);
          if (signal.aborted) return;
          break;
        case 'Record':
          await this.recordVoicemail(call, verb, signal);
          break;
        case 'Redirect':
          await this.redirectVerb(call, verb.text);
          return;
        case 'Hangup':
        case 'Reject':
          call.trace.push(verb.name.toLowerCase());
          await this.end(call, verb.name === 'Reject' ? 'canceled' : 'completed', verb.name.toLowerCase());
          return;
        default:
          call.trace.push(`unknown:${verb.name}`);
      }
    }
    if (!signal.aborted && !call.endedAtMs) await this.end(call, 'completed', 'document ended');
  }

  /** Opens an outbound leg's <Stream> as Sautikit does and keeps it until a side ends the call. */
  private async openLegMedia(call: CarrierCall, verb: XmlElement, signal: AbortSignal): Promise<void> {
    const phone = call.phone;
    if (!phone) return;
    if (verb.attrs.connect !== 'true') {
      call.trace.push('stream-without-connect: dropped');
      await this.end(call, 'completed', 'document ended');
      return;
    }
    const doc: XmlElement = { name: 'Response', attrs: {}, children: [verb], text: '' };
    const media = new SimCall(
      null,
      call.sessionId,
      call.from,
      call.to,
      { status: 200, contentType: 'application/xml', body: '', xml: doc },
      { callId: call.id, sessionId: call.sessionId },
    );
    call.media = media;
    phone.media = media;
    media.onStreamEnded = ({ byApp }) => {
      if (byApp && !call.endedAtMs) call.trace.push('leg-stream-ended-by-app: agent in silence');
    };
    try {
      await media.connectMedia({
        metadata: {
          callSid: call.sessionId,
          from: call.from,
          to: call.to,
          sampleRate: 16000,
          mixType: 'mono',
        },
      });
    } catch (err) {
      call.trace.push(`leg-stream-failed:${String(err)}`);
      return;
    }
    call.trace.push('leg-stream-open');
    if (phone.script.talk) phone.script.talk(media);
    else media.keepTalking(phone.script.voice);
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private async dial(
    call: CarrierCall,
    verb: XmlElement,
    signal: AbortSignal,
  ): Promise<'bridged' | 'unanswered'> {
    const number = verb.children.find((c) => c.name === 'Number')?.text ?? '';
    call.trace.push(`dial:${number}`);
    const timeoutS = Number(verb.attrs.timeout ?? 30);
    const leg = this.record({
      id: randomUUID(),
      sessionId: `HD_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      direction: 'outbound',
      from: call.to,
      to: number,
      voiceUrl: call.voiceUrl,
      parentId: call.id,
    });
    await this.options.events.send('call.started', this.data(leg));
    const phone = this.options.phones.get(number);
    phone.rings++;
    const answered = await this.ring(leg, phone, timeoutS, signal);
    if (signal.aborted) {
      if (!leg.endedAtMs) await this.end(leg, 'canceled', 'caller left');
      return 'unanswered';
    }
    if (!answered) return 'unanswered';
    call.trace.push(`bridged:${number}`);
    // Bridged: the call lasts until either side hangs up; then both legs end.
    await new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        phone.disconnected();
        resolve();
      };
      phone.connect(done);
      if (phone.script.talkS !== undefined) setTimeout(done, this.realMs(phone.script.talkS));
      signal.addEventListener('abort', done, { once: true });
    });
    await this.end(leg, 'completed', 'bridge ended');
    if (!call.endedAtMs) await this.end(call, 'completed', 'agent hung up');
    return 'bridged';
  }

  private async conference(call: CarrierCall, verb: XmlElement, signal: AbortSignal): Promise<void> {
    call.trace.push(`conference:${verb.text}`);
    await this.rooms.join(
      verb.text,
      call.id,
      { startOnEnter: verb.attrs.startOnEnter !== 'false', endOnExit: verb.attrs.endOnExit === 'true' },
      signal,
    );
    call.trace.push(`left:${verb.text}`);
  }

  private async recordVoicemail(call: CarrierCall, verb: XmlElement, signal: AbortSignal): Promise<void> {
    call.trace.push('record');
    const seconds = Math.min(this.options.voicemailS ?? 12, Number(verb.attrs.maxLength ?? 120));
    await sleep(this.realMs(seconds), signal);
    if (signal.aborted || !verb.attrs.action) return;
    const res = await postWebhook(
      verb.attrs.action,
      {
        ...this.state(call),
        RecordingUrl: `https://recordings.sim.sautikit.test/${call.id}.wav`,
        RecordingDuration: String(seconds),
      },
      this.postOptions(),
    );
    call.fetched.push({ url: verb.attrs.action.split('?')[0]!, status: res.status, body: res.body });
  }

  private async redirectVerb(call: CarrierCall, url: string): Promise<void> {
    if (this.options.refuseRedirectVerb) {
      // "the PBX rejects unsupported URL targets": the step completes and Sautikit POSTs the voice URL.
      call.trace.push('redirect-refused');
      await this.fetchAndRun(call, call.voiceUrl);
      return;
    }
    call.trace.push(`redirect:${url.split('?')[0]}`);
    await this.fetchAndRun(call, url);
  }

  private async fetchAndRun(call: CarrierCall, url: string): Promise<void> {
    if (call.endedAtMs) return;
    let res;
    try {
      res = await postWebhook(url, this.state(call), this.postOptions());
    } catch (err) {
      call.trace.push(`fetch-failed:${String(err)}`);
      await this.end(call, 'failed', 'application unreachable');
      return;
    }
    call.fetched.push({ url: url.split('?')[0]!, status: res.status, body: res.body });
    if (res.status !== 200 || !res.xml) {
      call.trace.push(`fetch-failed:${res.status}`);
      await this.end(call, 'failed', 'application error');
      return;
    }
    if (call.endedAtMs) return;
    this.start(call, res.xml);
  }

  private postOptions() {
    const shape = shapeOf(this.options.shape);
    return { secret: this.options.webhookSecret, format: shape.format, signature: shape.signature };
  }

  private state(call: CarrierCall): Record<string, string | boolean> {
    return callStateFields(shapeOf(this.options.shape).fields, {
      callId: call.direction === 'outbound' ? call.sessionId : call.id,
      sessionId: call.sessionId,
      from: call.from,
      to: call.to,
      direction: call.direction,
      status: call.endedAtMs ? call.status : 'in-progress',
      active: !call.endedAtMs,
      clientRequestId: call.clientRequestId,
    });
  }

  /** The event `data` for a call, as the documented call.* payloads carry it. */
  data(call: CarrierCall): Record<string, unknown> {
    const d: Record<string, unknown> = {
      call_id: call.id,
      pbx_call_id: call.sessionId,
      direction: call.direction,
      from: call.from,
      to: call.to,
      status: call.status,
    };
    if (call.answeredAtMs) d.answered_at = new Date(call.answeredAtMs).toISOString();
    if (call.endedAtMs) {
      d.ended_at = new Date(call.endedAtMs).toISOString();
      d.duration_seconds = call.answeredAtMs ? this.simSeconds(call.answeredAtMs, call.endedAtMs) : 0;
    }
    if (call.failureReason) d.failure_reason = call.failureReason;
    if (call.clientRequestId) d.clientRequestId = call.clientRequestId;
    return d;
  }

  private async fail(leg: CarrierCall, status: CarrierStatus, reason: string): Promise<void> {
    leg.status = status;
    leg.failureReason = reason;
    leg.endedAtMs = Date.now();
    await this.options.events.send('call.failed', this.data(leg));
  }

  private async end(call: CarrierCall, status: CarrierStatus, reason: string): Promise<void> {
    if (call.endedAtMs) return;
    call.status = status;
    call.endedAtMs = Date.now();
    call.trace.push(`ended:${reason}`);
    this.abortRun(call);
    this.closeMedia(call, 'call ended');
    call.phone?.disconnected();
    for (const room of [...this.rooms.rooms.values()])
      if (room.has(call.id)) this.rooms.leave(room.name, call.id);
    // The other legs of this call end with it.
    for (const other of this.calls.values()) {
      if (other.parentId === call.id && !other.endedAtMs)
        void this.end(other, other.answeredAtMs ? 'completed' : 'canceled', 'caller left');
    }
    await this.options.events.send(
      status === 'completed' ? 'call.completed' : 'call.failed',
      this.data(call),
    );
  }

  private abortRun(call: CarrierCall): void {
    call.run?.abort();
    call.run = undefined;
  }

  private closeMedia(call: CarrierCall, reason: string): void {
    call.media?.closeFromCarrier(reason);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The cost the CDR shows, by the Calls concept page's rule: ceil(seconds / 60) × rate. */
export function cdrCostMinor(seconds: number, ratePerMinMinor: number): number {
  return seconds > 0 ? Math.ceil(seconds / 60) * ratePerMinMinor : 0;
}
