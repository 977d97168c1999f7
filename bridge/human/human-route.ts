// The human route: how a call the AI hands over (or an agent takes) reaches a person without ever
// leaving the caller in silence. The caller's stream is the lifeline: the AI says its hand-off line and
// goes quiet, the bridge plays hold audio, and a person is brought to the stream — the agent's headset
// in a window (instant, no carrier call), or the agent's phone (POST /v1/calls, answered back into our
// media server, joined in the bridge). No answer: the next free agent. Everyone busy: the caller waits
// on the stream, oldest first, hearing their place in line. Nobody at all: the bridge records a
// voicemail, then hangs up on purpose. Each call's progress is one plan on the call object; every step
// is a CallEvent, so the console and the call log tell the same story.
import { outcomeOf, type EndCall } from '../calls/call-end';
import type { AgentVia, CallOutcome, EscalationReason } from '../domain/call';
import type { AgentLeg, CallerLine, HumanPlan } from '../calls/legs';
import type { CallRegistry, LiveCallState } from '../calls/registry';
import type { CallBill } from '../calls/call-bill';
import type { CostMeter } from '../calls/cost';
import { isTestCall } from '../calls/test-calls';
import type { Clock, TimerHandle } from '../base/clock';
import type { Config } from '../config/config';
import { SautiError } from '../base/errors';
import { asAgentId, asCarrierCallSid, type AgentId, type CallId, type CarrierCallSid } from '../domain/ids';
import type { Log } from '../base/log';
import { placeInLinePrompt, promptPcm } from '../media/prompts';
import type { SautikitClient } from '../sautikit/client';
import type { CarrierTransfer } from './carrier-transfer';
import type { ConsoleSink } from '../console/session';
import { HeadsetLeg } from './headset-leg';
import { holdMusic } from './hold-music';
import { PhoneLeg } from './phone-leg';
import type { AgentRoster, AgentView } from './roster';
import type { RouteUrls } from './route-urls';
import { VoicemailRecorder, voicemailTone, type VoicemailResult } from './voicemail';
import type { WaitingLine } from './waiting-line';

/** How long the AI's hand-off line may play before the bridge takes over (its line is about 3 s). */
export const HANDOFF_LINE_CAP_MS = 4000;
/** A take-over click: someone is waiting, so the AI's line is cut shorter. */
export const TAKEOVER_LINE_CAP_MS = 1500;
/** The AI leg failed: the recorded apology (3.9 s) plays first. */
export const APOLOGY_LINE_CAP_MS = 5000;

/** What the AI says when it keeps helping while a person is found (AI_HELPS_WHILE_WAITING). */
export const WHILE_WAITING_LINE =
  'I am finding a colleague for you now. While you wait, I can keep helping if you like.';

export function handoffLineCapMs(reason: EscalationReason): number {
  if (reason === 'agent-takeover') return TAKEOVER_LINE_CAP_MS;
  if (reason === 'ai-failure') return APOLOGY_LINE_CAP_MS;
  return HANDOFF_LINE_CAP_MS;
}

/** Who takes the call when an agent clicked Take over. */
export interface TakeOverRequest {
  readonly agentId?: string;
  readonly via: AgentVia;
  /** The console that clicked (its binary sink carries a headset's audio). */
  readonly console?: { readonly key: object; readonly sink: ConsoleSink };
}

export interface HumanRouteDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  readonly roster: AgentRoster;
  readonly line: WaitingLine;
  readonly cost: CostMeter;
  /** Replaces an agent leg's estimated cost with Sautikit's bill once its record is final. */
  readonly bill: CallBill;
  readonly urls: RouteUrls;
  readonly dataDir: string;
  /** Sautikit's REST API as configured now; null without an API key (no phones can be rung). */
  readonly client: () => SautikitClient | null;
  /** Consoles that are open: with no roster at all, the person at a window takes waiting callers. */
  readonly consolesOpen: () => number;
  readonly endCall: EndCall;
  /** The optional carrier-side redirect (an accelerator for phone hand-offs). */
  readonly transfer: CarrierTransfer;
}

/** One call's way to a person. */
class Plan implements HumanPlan {
  reason: EscalationReason = 'ai-requested';
  target: TakeOverRequest | undefined;
  readonly tried = new Set<string>();
  ring: PhoneLeg | null = null;
  agent: AgentLeg | null = null;
  queuedAtMs: number | undefined;
  announcedPosition: number | undefined;
  queueTimer: TimerHandle | undefined;
  announceTimer: TimerHandle | undefined;
  recorder: VoicemailRecorder | null = null;
  voicemailStarted = false;
  /** The carrier redirect was tried for this call (once at most). */
  transferTried = false;
  transferring = false;
  /** The caller's stream closed while the carrier was asked to move the call (its close code). */
  streamClosedDuringTransfer: number | undefined;
  ended = false;
  legSeq = 0;

  constructor(
    readonly callSid: CarrierCallSid,
    private readonly onEnd: (plan: Plan, reason: string) => void,
  ) {}

  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this, reason);
  }
}

export class HumanRoute {
  constructor(private readonly deps: HumanRouteDeps) {}

  /** An escalation was decided: the call starts on its way to a person. */
  begin(callId: CallId, reason: EscalationReason, target?: TakeOverRequest): void {
    const call = this.deps.registry.get(callId);
    if (!call || call.phase === 'ended') return;
    const plan = this.planOf(call) ?? this.newPlan(call);
    plan.reason = reason;
    if (target) plan.target = target;
    const stream = call.legs.stream;
    if (!stream || stream.isClosed) {
      // No stream yet (it never connected): the carrier's next voice POST gets the carrier route.
      this.deps.log.info(
        { callSid: call.callSid },
        'escalated before the stream connected: waiting for the carrier',
      );
      return;
    }
    if (plan.target?.via === 'headset') {
      stream.beginHandoff(true);
      this.joinHeadset(call, plan, plan.target);
      return;
    }
    stream.beginHandoff(false);
    void stream.handoffLineDone(handoffLineCapMs(reason)).then(() => {
      if (plan.ended || plan.agent) return;
      // The AI keeps the caller company while a person is found (a setting), or goes quiet for hold
      // audio — listening on where its provider can, so the caller's words stay in the transcript.
      if (this.keepsAiWhileWaiting(plan)) stream.backToAi(WHILE_WAITING_LINE);
      else stream.aiStepsAside('the call is going to a person');
      this.next(call, plan);
    });
  }

  /**
   * An agent clicked Take over on a live call: on their headset here and now, or to their phone. A
   * call still with the AI is escalated first (through `escalate`, the policy's one door).
   */
  takeOver(
    callSid: string,
    request: TakeOverRequest,
    escalate: (targetAgentId: AgentId | undefined) => boolean,
  ): { accepted: boolean; via: AgentVia } {
    const call = this.deps.registry.get(callSid);
    if (!call || call.phase === 'ended')
      throw new SautiError('CALL_NOT_FOUND', 'That call is not live any more');
    const stream = call.legs.stream;
    if (request.via === 'headset') {
      if (!request.console) throw new SautiError('CALL_NO_HEADSET', 'This window cannot carry call audio');
      if (!stream || stream.isClosed)
        throw new SautiError('CALL_NOT_STREAMING', 'This call’s audio is not passing through the app');
    }
    const existing = this.planOf(call);
    if (existing?.agent) {
      throw new SautiError('CALL_ALREADY_WITH_PERSON', `${existing.agent.agentName} already has this call`);
    }
    if (!call.escalationOpen) {
      const plan = existing ?? this.newPlan(call);
      plan.target = request;
      const accepted = escalate(request.agentId ? asAgentId(request.agentId) : undefined);
      return { accepted, via: request.via };
    }
    // Already on its way to a person: this agent takes it instead of whoever is being rung.
    const plan = existing ?? this.newPlan(call);
    plan.target = request;
    if (request.via === 'headset') {
      this.stopRinging(plan, 'an agent took the call in the window');
      this.joinHeadset(call, plan, request);
    } else {
      if (plan.ring && plan.ring.agentId !== request.agentId)
        this.stopRinging(plan, 'an agent took the call');
      plan.recorder?.finish();
      this.next(call, plan);
    }
    return { accepted: true, via: request.via };
  }

  /** The person at the window hands the call back (Release), or their window closed. */
  release(callSid: string, consoleKey: object, reason: string): boolean {
    const call = this.deps.registry.get(callSid);
    const plan = call ? this.planOf(call) : null;
    const leg = plan?.agent;
    if (!call || !plan || !(leg instanceof HeadsetLeg) || leg.consoleKey !== consoleKey) return false;
    this.agentLeft(call, plan, leg, reason);
    return true;
  }

  /** A microphone frame from a console: it goes to the call that console holds on its headset. */
  headsetFrame(consoleKey: object, callSid: string, pcm: Int16Array): boolean {
    const call = this.deps.registry.get(callSid);
    const leg = call ? this.planOf(call)?.agent : null;
    if (!(leg instanceof HeadsetLeg) || leg.consoleKey !== consoleKey) return false;
    leg.fromWindow(pcm);
    return true;
  }

  /** Every call a console holds on its headset (released when the console goes away). */
  headsetCallsOf(consoleKey: object): string[] {
    return this.deps.registry
      .list()
      .filter((c) => {
        const leg = this.planOf(c)?.agent;
        return leg instanceof HeadsetLeg && leg.consoleKey === consoleKey;
      })
      .map((c) => c.callSid);
  }

  /** Looks for waiting callers an agent can take now: oldest caller first. */
  dispatch(): void {
    for (const callSid of this.deps.line.callSids()) {
      const call = this.deps.registry.get(callSid);
      const plan = call ? this.planOf(call) : null;
      if (!call || !plan || plan.ring || plan.agent || plan.ended || plan.voicemailStarted) continue;
      if (!this.canRingPhones(call)) continue;
      const agent = this.deps.roster.nextAvailable(plan.tried);
      if (agent) this.ring(call, plan, agent);
      else if (!this.anyoneCouldAnswer(plan)) void this.voicemail(call, plan, 'nobody is left to try');
    }
  }

  /** A phone leg's answer URL (/agent-leg): the agent picked up. */
  agentLegAnswer(callSid: string, legId: string | undefined): ReturnType<PhoneLeg['answerActions']> | null {
    const ring = this.ringOf(callSid, legId);
    return ring && ring.state === 'ringing' ? ring.answerActions() : null;
  }

  /** The phone leg whose stream may open now (media admission). */
  ringOf(callSid: string, legId: string | undefined): PhoneLeg | null {
    const call = this.deps.registry.get(callSid);
    const ring = call ? this.planOf(call)?.ring : null;
    return ring && legId && ring.legId === legId ? ring : null;
  }

  /** A lifecycle event about one of our agent legs (by its carrier id or client request id). */
  legEvent(ids: readonly string[], kind: string, status: string | undefined, reason?: string): boolean {
    // The webhook names the leg by the carrier's ids, or by our leg id as its client request id.
    const sids = ids.map(asCarrierCallSid);
    for (const call of this.deps.registry.list()) {
      const ring = this.planOf(call)?.ring;
      if (!ring || !sids.some((id) => ring.carrierIds.has(id) || id === ring.legId)) continue;
      if (kind === 'call.failed' || kind === 'call.completed') ring.carrierEnded(status, reason);
      else for (const id of sids) if (id !== ring.legId) ring.carrierIds.add(id);
      return true;
    }
    return false;
  }

  private planOf(call: LiveCallState): Plan | null {
    const plan = call.legs.human;
    return plan instanceof Plan ? plan : null;
  }

  private newPlan(call: LiveCallState): Plan {
    const plan = new Plan(call.callSid, (p, reason) => this.planEnded(call, p, reason));
    call.legs.human = plan;
    return plan;
  }

  private keepsAiWhileWaiting(plan: Plan): boolean {
    return (
      this.deps.config.aiHelpsWhileWaiting && plan.reason !== 'ai-failure' && plan.reason !== 'agent-takeover'
    );
  }

  /** Where the call goes next: the asked-for or next free agent's phone, the queue, or voicemail. */
  private next(call: LiveCallState, plan: Plan): void {
    if (plan.ended || plan.agent || plan.ring || plan.voicemailStarted || plan.transferring) return;
    const agent = this.pickAgent(call, plan);
    if (agent) {
      if (plan.queuedAtMs === undefined) this.holdWithMusic(call, plan);
      if (!this.tryTransfer(call, plan, agent)) this.ring(call, plan, agent);
      return;
    }
    if (this.anyoneCouldAnswer(plan)) {
      this.enqueue(call, plan);
      return;
    }
    void this.voicemail(call, plan, 'nobody is on duty');
  }

  private pickAgent(call: LiveCallState, plan: Plan): AgentView | undefined {
    if (!this.canRingPhones(call)) {
      if (isTestCall(call.callSid) && !plan.tried.has('test-call-note')) {
        plan.tried.add('test-call-note');
        const agent = this.deps.roster.nextAvailable(plan.tried);
        this.deps.registry.publish(call.callId, 'test.handoff', {
          next: agent ? 'agent' : this.anyoneCouldAnswer(plan) ? 'queue' : 'voicemail',
          agentId: agent?.id,
          agentName: agent?.name,
        });
      }
      return undefined;
    }
    const { roster } = this.deps;
    const wanted = plan.target?.via === 'phone' ? plan.target.agentId : undefined;
    if (wanted && !plan.tried.has(wanted)) {
      const target = roster.get(wanted);
      // A take-over click rings that agent whatever their presence (they asked for this call), unless
      // their phone is already ringing for another caller.
      if (target && !roster.isRingingForAnother(target.id, call.callSid)) return target;
      plan.tried.add(wanted);
    }
    return roster.nextAvailable(plan.tried);
  }

  /** Phones can be rung with an API key and a number to call from (a test call needs SAUTIKIT_NUMBER). */
  private canRingPhones(call: LiveCallState): boolean {
    return this.deps.client() !== null && this.fromNumber(call) !== null;
  }

  private fromNumber(call: LiveCallState): string | null {
    if (/^\+[1-9]\d{6,14}$/.test(call.to)) return call.to;
    return this.deps.config.teamNumber ?? null;
  }

  /**
   * Someone could still take the caller: an agent free (not yet tried) or busy on a call; or, in an app
   * with no agents set up, the person at an open window (they take the call on their headset).
   */
  private anyoneCouldAnswer(plan: Plan): boolean {
    const { roster } = this.deps;
    return roster.anyoneOnDuty(plan.tried) || (roster.list().length === 0 && this.deps.consolesOpen() > 0);
  }

  private holdWithMusic(call: LiveCallState, plan: Plan): void {
    if (this.keepsAiWhileWaiting(plan)) return;
    void call.legs.stream?.hold({ prompts: [], music: holdMusic() });
  }

  /**
   * The accelerator: where the carrier is known (or, by setting, allowed to be tried) to move a live
   * call, it dials the agent itself via /handoff. The caller keeps hearing hold music on our stream
   * meanwhile; a refusal or no effect is remembered and the bridge rings the agent instead.
   */
  private tryTransfer(call: LiveCallState, plan: Plan, agent: AgentView): boolean {
    const { transfer, urls, registry } = this.deps;
    const client = this.deps.client();
    if (!client || plan.transferTried || isTestCall(call.callSid) || !transfer.shouldTry()) return false;
    plan.transferTried = true;
    plan.transferring = true;
    const url = urls.url('/handoff', call.callSid, { agentId: agent.id });
    const key = `transfer-${call.callSid.replace(/[^\w-]/g, '').slice(-40)}`;
    void transfer
      .attempt(client, call.callSid, url, key, (withinMs) => this.waitUntilMoved(call, plan, withinMs))
      .then((outcome) => {
        plan.transferring = false;
        registry.publish(call.callId, 'redirect', {
          url: urls.redacted('/handoff'),
          ok: outcome === 'moved',
          error: outcome === 'moved' ? undefined : `carrier transfer ${outcome}: the bridge rings the agent`,
          attempts: 1,
        });
        if (outcome === 'moved' || plan.ended) return;
        const closedWith = plan.streamClosedDuringTransfer;
        if (closedWith !== undefined) {
          // The stream went away while the carrier was asked, and the call did not move: it is over.
          this.deps.endCall(call.callSid, outcomeOf(call, closedWith), 'the caller’s stream ended');
          return;
        }
        this.next(call, plan);
      });
    return true;
  }

  /**
   * The caller's stream closed: while the carrier is being asked to move the call, that close may be
   * the move itself, so the call's end waits for the answer. True when the end is deferred.
   */
  deferStreamEnd(call: LiveCallState, code: number): boolean {
    const plan = this.planOf(call);
    if (!plan?.transferring) return false;
    plan.streamClosedDuringTransfer = code;
    return true;
  }

  /** Resolves true once the carrier has taken the call off this plan (it fetched /handoff). */
  private waitUntilMoved(call: LiveCallState, plan: Plan, withinMs: number): Promise<boolean> {
    const { clock } = this.deps;
    const deadline = clock.nowMs() + withinMs;
    return new Promise((resolve) => {
      const look = () => {
        if (call.legs.human !== plan || call.phase === 'ended') return resolve(true);
        if (clock.nowMs() >= deadline) return resolve(false);
        clock.setTimeout(look, 50);
      };
      look();
    });
  }

  private ring(call: LiveCallState, plan: Plan, agent: AgentView): void {
    const { config, clock, log, roster, registry, urls } = this.deps;
    const client = this.deps.client();
    const from = this.fromNumber(call);
    if (!client || !from) return;
    plan.legSeq += 1;
    const legId = `leg-${call.callSid.replace(/[^\w-]/g, '').slice(-24)}-${plan.legSeq}`;
    const leg = new PhoneLeg({
      clock,
      log: log.child({ callId: call.callSid, legId }),
      client,
      urls,
      legId,
      callSid: call.callSid,
      agent,
      from,
      dialTimeoutS: config.dialTimeoutS,
      mediaTokenTtlMs: config.mediaTokenTtlMs,
      agentLegMessage: config.agentLegMessage,
      language: config.language,
      events: {
        answered: (l) => this.phoneAnswered(call, plan, l),
        failed: (l, result, detail) => this.ringFailed(call, plan, l, result, detail),
        hungUp: (l, reason) => this.agentLeft(call, plan, l, reason),
      },
    });
    plan.ring = leg;
    roster.reserve(agent.id, call.callSid);
    registry.publish(call.callId, 'dial.attempt', {
      agentId: agent.id,
      agentName: agent.name,
      number: agent.number,
    });
    leg.place();
  }

  private phoneAnswered(call: LiveCallState, plan: Plan, leg: PhoneLeg): void {
    if (plan.ring === leg) plan.ring = null;
    if (plan.ended || plan.agent || call.phase === 'ended') {
      leg.close('someone else has the call');
      this.deps.roster.release(leg.agentId, call.callSid);
      return;
    }
    this.deps.registry.publish(call.callId, 'dial.result', {
      agentId: leg.agentId,
      result: 'connected',
      detail: 'the agent’s stream opened',
    });
    this.join(call, plan, leg, (speak) => leg.speakTo(speak));
  }

  private ringFailed(
    call: LiveCallState,
    plan: Plan,
    leg: PhoneLeg,
    result: 'no-answer' | 'busy' | 'failed' | 'refused',
    detail?: string,
  ): void {
    const { roster, registry } = this.deps;
    if (plan.ring === leg) plan.ring = null;
    plan.tried.add(leg.agentId);
    roster.release(leg.agentId, call.callSid);
    if (result === 'refused') {
      roster.setError(
        leg.agentId,
        `Sautikit refused to call ${leg.number}${detail ? `: ${detail}` : ''} (is it an authorised destination?)`,
      );
    }
    if (plan.ended) return;
    registry.publish(call.callId, 'dial.result', { agentId: leg.agentId, result, detail });
    if (plan.queuedAtMs !== undefined) this.dispatch();
    else this.next(call, plan);
  }

  private joinHeadset(call: LiveCallState, plan: Plan, request: TakeOverRequest): void {
    const console = request.console;
    if (!console) return;
    const agent = this.headsetAgent(request.agentId);
    const leg = new HeadsetLeg(call.callSid, agent.id, agent.name, console.sink, console.key);
    plan.recorder?.finish();
    this.join(call, plan, leg, (speak) => leg.speakTo(speak));
  }

  /** Who is on the headset: the clicking agent, the only agent, or this computer's person. */
  private headsetAgent(agentId: string | undefined): { id: AgentId; name: string } {
    const { roster, config } = this.deps;
    const chosen = agentId ? roster.get(agentId) : undefined;
    if (chosen) return chosen;
    const all = roster.list();
    if (all.length === 1) return all[0]!;
    return { id: asAgentId('this-computer'), name: config.agentName ?? 'This computer' };
  }

  /** A person is on the line: the caller's stream is joined to them and the AI steps aside. */
  private join(
    call: LiveCallState,
    plan: Plan,
    leg: AgentLeg,
    wire: (speak: (frame: Int16Array) => void) => void,
  ): void {
    const { registry, roster, line, clock } = this.deps;
    const stream = call.legs.stream;
    if (!stream || stream.isClosed) {
      leg.close('the caller left');
      return;
    }
    const waitedMs = line.leave(call.callSid, clock.epochMs());
    if (waitedMs !== undefined) this.leftLine(call, plan, waitedMs, `connected to ${leg.agentName}`);
    plan.agent = leg;
    call.legs.agent = leg;
    wire(stream.joinAgent(leg));
    stream.aiStepsAside('a person has the call');
    roster.connected(leg.agentId, call.callSid);
    registry.publish(call.callId, 'agent.connected', {
      agentId: leg.agentId,
      agentName: leg.agentName,
      via: leg.via,
    });
  }

  /** The person left while the caller is still there: the AI takes the call back, or a goodbye. */
  private agentLeft(call: LiveCallState, plan: Plan, leg: AgentLeg, reason: string): void {
    if (plan.agent !== leg) return;
    const { registry, roster, config, log } = this.deps;
    plan.agent = null;
    call.legs.agent = null;
    leg.close(reason);
    roster.callEnded(leg.agentId, call.callSid);
    this.costLeg(call, leg);
    const stream = call.legs.stream;
    if (plan.ended || call.phase === 'ended' || !stream || stream.isClosed) return;
    stream.unjoinAgent();
    const aiBack = config.afterAgentLeaves === 'ai' && stream.canAiKeepCall();
    registry.publish(call.callId, 'agent.left', {
      agentId: leg.agentId,
      agentName: leg.agentName,
      reason,
      next: aiBack ? 'ai' : 'goodbye',
    });
    if (aiBack && stream.backToAi(config.agentLeftMessage)) {
      log.info({ callSid: call.callSid }, 'the agent left: the AI has the call again');
      call.legs.human = null;
      plan.end('the AI took the call back');
      registry.publish(call.callId, 'call.phase', { phase: 'ai', detail: 'the AI took the call back' });
      return;
    }
    void this.goodbye(call, stream, 'the agent left');
  }

  private enqueue(call: LiveCallState, plan: Plan): void {
    const { line, clock, registry, config } = this.deps;
    const stream = call.legs.stream;
    if (!stream) return;
    if (plan.queuedAtMs === undefined) {
      plan.queuedAtMs = clock.epochMs();
      const position = line.join(call.callSid, plan.queuedAtMs);
      plan.announcedPosition = position;
      registry.publish(call.callId, 'queue.joined', { position });
      plan.queueTimer = clock.setTimeout(() => {
        if (!plan.agent && !plan.ended) void this.voicemail(call, plan, 'waited too long');
      }, config.queueMaxWaitS * 1000);
      this.scheduleAnnouncement(call, plan);
      if (!this.keepsAiWhileWaiting(plan)) {
        void stream.hold({
          prompts: [promptPcm('queue'), promptPcm(placeInLinePrompt(position))],
          music: holdMusic(),
        });
      }
    }
    this.dispatch();
  }

  private scheduleAnnouncement(call: LiveCallState, plan: Plan): void {
    const { clock, config, line, registry } = this.deps;
    plan.announceTimer = clock.setTimeout(() => {
      const position = line.positionOf(call.callSid);
      if (position === undefined || plan.ended || plan.agent) return;
      if (position !== plan.announcedPosition) {
        plan.announcedPosition = position;
        registry.publish(call.callId, 'queue.position', { position });
      }
      // A ring in progress keeps its music: the place in line is said between rings.
      if (!plan.ring && !this.keepsAiWhileWaiting(plan)) {
        void call.legs.stream?.hold({
          prompts: [promptPcm(placeInLinePrompt(position))],
          music: holdMusic(),
        });
      }
      this.scheduleAnnouncement(call, plan);
    }, config.queueAnnounceEveryS * 1000);
  }

  private leftLine(call: LiveCallState, plan: Plan, waitedMs: number, reason: string): void {
    const { clock, registry, line } = this.deps;
    clock.clearTimeout(plan.queueTimer);
    clock.clearTimeout(plan.announceTimer);
    plan.queuedAtMs = undefined;
    registry.publish(call.callId, 'queue.left', { waitedMs, reason });
    // Everyone behind moves up one place.
    for (const sid of line.callSids()) {
      const other = registry.get(sid);
      const position = line.positionOf(sid);
      if (other && position !== undefined && other.queuePosition !== position)
        registry.publish(other.callId, 'queue.position', { position });
    }
  }

  /** Nobody can take the call: the bridge records a message, then hangs up on purpose. */
  private async voicemail(call: LiveCallState, plan: Plan, why: string): Promise<void> {
    const { registry, clock, config, line, log } = this.deps;
    const stream = call.legs.stream;
    if (plan.voicemailStarted || plan.agent || plan.ended || !stream || stream.isClosed) return;
    plan.voicemailStarted = true;
    this.stopRinging(plan, why);
    const waitedMs = line.leave(call.callSid, clock.epochMs());
    if (waitedMs !== undefined) this.leftLine(call, plan, waitedMs, `${why}: voicemail`);
    registry.publish(call.callId, 'call.phase', {
      phase: 'voicemail',
      detail: `${why}: recording a message`,
    });
    stream.releaseAi('the caller is leaving a message');
    await stream.hold({ prompts: [promptPcm('voicemail'), voicemailTone()], music: null });
    if (plan.ended || plan.agent || stream.isClosed) return;
    const recorder = new VoicemailRecorder({
      clock,
      dataDir: this.deps.dataDir,
      callSid: call.callSid,
      maxLengthS: config.voicemailMaxLengthS,
      onDone: (result) => {
        untap();
        this.messageSaved(call, result);
        if (plan.recorder === recorder) plan.recorder = null;
        if (!plan.ended && !plan.agent && !stream.isClosed)
          void this.goodbye(call, stream, 'message recorded', 'message-taken');
      },
    });
    plan.recorder = recorder;
    const untap = stream.tapCaller((frame) => recorder.frame(frame));
    recorder.start();
    registry.publish(call.callId, 'call.phase', { phase: 'voicemail', detail: 'recording after the tone' });
    log.info({ callSid: call.callSid }, 'recording a voicemail');
  }

  private messageSaved(call: LiveCallState, result: VoicemailResult): void {
    const { registry, log } = this.deps;
    if (result.error) {
      log.error({ code: 'VOICEMAIL_SAVE_FAILED', err: result.error }, 'voicemail could not be saved');
      registry.publish(call.callId, 'error', {
        code: 'VOICEMAIL_SAVE_FAILED',
        message: `The voicemail could not be saved: ${result.error}`,
      });
      return;
    }
    if (!result.file) return;
    registry.publish(call.callId, 'voicemail', { file: result.file, durationS: result.durationS });
  }

  /** A last line, then a deliberate hang-up (the carrier's, so the caller is not left on a dead stream). */
  private async goodbye(
    call: LiveCallState,
    stream: CallerLine,
    reason: string,
    prompt: 'goodbye' | 'message-taken' = 'goodbye',
  ): Promise<void> {
    await stream.hold({ prompts: [promptPcm(prompt)], music: null });
    if (call.phase === 'ended') return;
    const outcome: CallOutcome = call.reachedPerson
      ? 'agent-handled'
      : call.messageLeft
        ? 'voicemail'
        : 'unanswered';
    this.hangUpCaller(call, reason, outcome);
  }

  /** Ends the caller's call on purpose: through Sautikit (the carrier hangs up), else by closing our stream. */
  private hangUpCaller(call: LiveCallState, reason: string, outcome: CallOutcome): void {
    call.hangUpAsked = { outcome, reason };
    const client = this.deps.client();
    if (client && !isTestCall(call.callSid)) {
      client.hangUp(call.callSid).then(
        () => this.deps.log.info({ callSid: call.callSid, reason }, 'caller hung up by the app'),
        (err: unknown) => {
          this.deps.log.warn({ err: String(err) }, 'hang-up refused: closing the stream instead');
          this.deps.endCall(call.callSid, outcome, reason);
        },
      );
      return;
    }
    this.deps.endCall(call.callSid, outcome, reason);
  }

  private stopRinging(plan: Plan, reason: string): void {
    const ring = plan.ring;
    if (!ring) return;
    plan.ring = null;
    ring.close(reason);
    this.deps.roster.release(ring.agentId, plan.callSid);
  }

  /** The call ended (or the AI took it back for good): everything the plan holds is let go. */
  private planEnded(call: LiveCallState, plan: Plan, reason: string): void {
    const { clock, line, roster } = this.deps;
    clock.clearTimeout(plan.queueTimer);
    clock.clearTimeout(plan.announceTimer);
    this.stopRinging(plan, reason);
    const waitedMs = line.leave(call.callSid, clock.epochMs());
    if (waitedMs !== undefined) this.leftLine(call, plan, waitedMs, reason);
    plan.recorder?.finish();
    const leg = plan.agent;
    if (leg) {
      plan.agent = null;
      call.legs.agent = null;
      leg.close(reason);
      roster.callEnded(leg.agentId, call.callSid);
      this.costLeg(call, leg);
    }
  }

  /** An agent phone leg's cost, from its answer: estimated now, replaced by Sautikit's record once final. */
  private costLeg(call: LiveCallState, leg: AgentLeg): void {
    if (!(leg instanceof PhoneLeg) || leg.connectedSeconds === undefined) return;
    const estimate = this.deps.cost.legEnded(call.callId, leg.agentName, leg.connectedSeconds, 'measured');
    const recordId = leg.carrierId;
    if (recordId)
      this.deps.bill.expect(call.callId, estimate, {
        recordId,
        component: 'carrier-outbound',
        label: `${leg.agentName}’s phone leg`,
      });
  }
}
