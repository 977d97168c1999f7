// The human route when the call is NOT on our stream: its stream never connected (after one retry), or
// the carrier moved it to /handoff (the redirect accelerator). Then the carrier runs the steps itself:
// <Dial> the next free agent and <Redirect> to /dial-status; nobody left: a <Record>ed voicemail, or a
// goodbye. Sautikit's Dial has no completion callback, and "answered" is never inferred: only a
// lifecycle event (or the call's record) says a person picked up. Without events or an API key the
// call is closed in our log after a long silence from the carrier, so it never stays "live" forever.
import type { EndCall } from '../calls/call-end';
import { dialResultFromStep, type DialResult } from '../calls/carrier-events';
import type { HumanPlan } from '../calls/legs';
import type { CallRegistry, LiveCallState } from '../calls/registry';
import type { Clock, TimerHandle } from '../base/clock';
import type { Config } from '../config/config';
import type { AgentId, CarrierCallSid } from '../domain/ids';
import type { Log } from '../base/log';
import { toXml, type VoiceAction } from '../sautikit/actions';
import type { SautikitClient } from '../sautikit/client';
import type { AgentRoster, AgentView } from './roster';
import type { RouteUrls } from './route-urls';

/** Sautikit's MaxActionSteps is 50 (SDK MAX_ACTIONS); ours stay far below. */
export const MAX_ACTION_STEPS = 50;
/** While on the carrier route, the caller's record is read this often (events may never come). */
export const CARRIER_ROUTE_POLL_MS = 15_000;
/** With no API key and no word from the carrier for this long, the call is closed in our log. */
export const CARRIER_ROUTE_SILENCE_MS = 20 * 60_000;
const ENDED = new Set(['completed', 'failed', 'no_answer', 'busy', 'canceled', 'cancelled']);

interface Ring {
  readonly agent: AgentView;
  connected: boolean;
}

class CarrierPlan implements HumanPlan {
  readonly tried = new Set<string>();
  ring: Ring | null = null;
  voicemail = false;
  pollTimer: TimerHandle | undefined;
  silenceTimer: TimerHandle | undefined;
  ended = false;

  constructor(
    readonly callSid: CarrierCallSid,
    readonly targetAgentId: string | undefined,
    private readonly onEnd: (plan: CarrierPlan) => void,
  ) {}

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this);
  }
}

export interface CarrierRouteDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  readonly roster: AgentRoster;
  readonly urls: RouteUrls;
  readonly client: () => SautikitClient | null;
  readonly endCall: EndCall;
}

export class CarrierRoute {
  constructor(private readonly deps: CarrierRouteDeps) {}

  /** Whether the call is on the carrier route now. */
  has(call: LiveCallState): boolean {
    return call.legs.human instanceof CarrierPlan;
  }

  /** The first answer for a call the carrier runs from now on (a plan on the stream is retired). */
  start(call: LiveCallState, targetAgentId?: string): VoiceAction[] {
    const existing = call.legs.human;
    if (existing instanceof CarrierPlan) return this.step(call, existing, false);
    existing?.end('the carrier runs the call now');
    const plan = new CarrierPlan(call.callSid, targetAgentId, (p) => this.ended(p));
    call.legs.human = plan;
    this.watch(call, plan);
    return this.step(call, plan, true);
  }

  /** /dial-status (or a step-completion POST to /voice): the Dial ended unanswered. */
  dialStatus(call: LiveCallState, body: Record<string, unknown>): VoiceAction[] {
    const plan = call.legs.human;
    if (!(plan instanceof CarrierPlan)) return this.start(call);
    this.heard(call, plan);
    const ring = plan.ring;
    if (ring?.connected || (plan.voicemail && !ring)) return this.checked(call, [{ hangup: {} }]);
    if (ring) this.ringFailed(call, plan, dialResultFromStep(body) ?? 'no-answer');
    return this.step(call, plan, false);
  }

  /** /voicemail: the carrier's <Record> finished. */
  voicemail(call: LiveCallState, body: Record<string, unknown>): void {
    const url = [body.RecordingUrl, body.recording_url, body.RecordingURL, body.url].find(
      (v): v is string => typeof v === 'string' && /^https?:\/\//.test(v) && v.length <= 2048,
    );
    const duration = Number(body.RecordingDuration ?? body.recording_duration ?? body.duration);
    this.deps.registry.publish(call.callId, 'voicemail', {
      recordingUrl: url,
      durationS: Number.isFinite(duration) && duration >= 0 ? duration : undefined,
    });
  }

  /** A lifecycle event on the carrier route: an agent's Dial leg answered, or the caller's call ended. */
  carrierEvent(
    call: LiveCallState,
    kind: string,
    ev: { to?: string; direction?: string; durationS?: number },
  ): void {
    const plan = call.legs.human;
    if (!(plan instanceof CarrierPlan)) return;
    this.heard(call, plan);
    if (kind === 'call.answered' && plan.ring && !plan.ring.connected && ev.to === plan.ring.agent.number) {
      this.connected(call, plan);
    }
  }

  /** The caller's call is over, by its own event or record. */
  callEnded(call: LiveCallState, failed: boolean, durationS?: number): void {
    const outcome = call.reachedPerson
      ? 'agent-handled'
      : call.messageLeft
        ? 'voicemail'
        : failed
          ? 'failed'
          : 'abandoned';
    this.deps.endCall(call.callSid, outcome, failed ? 'the call failed' : 'the caller hung up', durationS);
  }

  private step(call: LiveCallState, plan: CarrierPlan, greet: boolean): VoiceAction[] {
    const { config, roster, registry } = this.deps;
    const say = (text: string): VoiceAction => ({ say: { text, language: config.language } });
    if (plan.voicemail) return this.checked(call, [{ hangup: {} }]);
    const agent = this.pick(call, plan);
    if (agent) {
      plan.ring = { agent, connected: false };
      roster.reserve(agent.id, call.callSid);
      registry.publish(call.callId, 'dial.attempt', {
        agentId: agent.id,
        agentName: agent.name,
        number: agent.number,
      });
      return this.checked(call, [
        ...(greet ? [say(config.connectingMessage)] : []),
        { dial: { number: agent.number, timeout: config.dialTimeoutS } },
        // Reached only when nobody answered: an answered Dial ends with the call.
        { redirect: { url: this.deps.urls.url('/dial-status', call.callSid), method: 'POST' } },
      ]);
    }
    plan.voicemail = true;
    registry.publish(call.callId, 'call.phase', {
      phase: 'voicemail',
      detail: 'recording a message (carrier)',
    });
    return this.checked(call, [
      say(config.voicemailMessage),
      {
        record: {
          action: this.deps.urls.url('/voicemail', call.callSid),
          method: 'POST',
          maxLength: config.voicemailMaxLengthS,
          timeout: 5,
          finishOnKey: '#',
          playBeep: true,
        },
      },
      { hangup: {} },
    ]);
  }

  private pick(call: LiveCallState, plan: CarrierPlan): AgentView | undefined {
    const { roster } = this.deps;
    const wanted = plan.targetAgentId;
    if (wanted && !plan.tried.has(wanted)) {
      const target = roster.get(wanted);
      if (target && !roster.isRingingForAnother(target.id, call.callSid)) return target;
      plan.tried.add(wanted);
    }
    return roster.nextAvailable(plan.tried);
  }

  private ringFailed(call: LiveCallState, plan: CarrierPlan, result: DialResult): void {
    const ring = plan.ring;
    if (!ring) return;
    plan.ring = null;
    plan.tried.add(ring.agent.id);
    this.deps.roster.release(ring.agent.id, call.callSid);
    this.deps.registry.publish(call.callId, 'dial.result', { agentId: ring.agent.id, result });
  }

  private connected(call: LiveCallState, plan: CarrierPlan): void {
    const ring = plan.ring;
    if (!ring) return;
    ring.connected = true;
    const id: AgentId = ring.agent.id;
    this.deps.roster.connected(id, call.callSid);
    this.deps.registry.publish(call.callId, 'dial.result', {
      agentId: id,
      result: 'connected',
      detail: 'carrier event',
    });
    this.deps.registry.publish(call.callId, 'agent.connected', {
      agentId: id,
      agentName: ring.agent.name,
      via: 'phone',
    });
  }

  private checked(call: LiveCallState, actions: VoiceAction[]): VoiceAction[] {
    if (actions.length > MAX_ACTION_STEPS) throw new Error('too many action steps');
    toXml(actions); // the one builder validates every action before Sautikit sees it
    this.deps.log.debug(
      { callSid: call.callSid, steps: actions.map((a) => Object.keys(a)[0]) },
      'carrier route answer',
    );
    return actions;
  }

  /** The carrier spoke about this call: the silence backstop starts again. */
  private heard(call: LiveCallState, plan: CarrierPlan): void {
    const { clock } = this.deps;
    clock.clearTimeout(plan.silenceTimer);
    plan.silenceTimer = clock.setTimeout(() => {
      if (plan.ended) return;
      this.deps.log.warn({ callSid: call.callSid }, 'no word from the carrier about this call: closing it');
      this.deps.endCall(
        call.callSid,
        call.reachedPerson ? 'agent-handled' : 'abandoned',
        'no word from the carrier',
      );
    }, CARRIER_ROUTE_SILENCE_MS);
  }

  private watch(call: LiveCallState, plan: CarrierPlan): void {
    this.heard(call, plan);
    const poll = () => {
      plan.pollTimer = this.deps.clock.setTimeout(() => {
        const client = this.deps.client();
        if (plan.ended || !client) return plan.ended ? undefined : poll();
        client.getCall(call.callSid).then(
          (record) => {
            if (plan.ended) return;
            if (record.endedAt || ENDED.has(record.status))
              this.callEnded(call, record.status === 'failed', record.durationS);
            else poll();
          },
          () => {
            if (!plan.ended) poll();
          },
        );
      }, CARRIER_ROUTE_POLL_MS);
    };
    poll();
  }

  private ended(plan: CarrierPlan): void {
    const { clock, roster } = this.deps;
    clock.clearTimeout(plan.pollTimer);
    clock.clearTimeout(plan.silenceTimer);
    const ring = plan.ring;
    if (!ring) return;
    if (ring.connected) roster.callEnded(ring.agent.id, plan.callSid);
    else roster.release(ring.agent.id, plan.callSid);
  }
}
