// A call's hunt for a person: who is ringing, who was tried, who answered, whether it waits in the
// queue or went to voicemail. Every transition publishes its CallEvent (dial.attempt, dial.result,
// agent.connected, queue.joined/left) and moves the agent's presence, so the timeline, the console and
// the store all see the same story.
import type { Clock, TimerHandle } from '../clock';
import type { Config } from '../config';
import { Emitter } from '../emitter';
import type { AgentId, CallId } from '../ids';
import type { Log } from '../log';
import type { SautikitClient } from '../sautikit/client';
import type { CallQueue } from './call-queue';
import type { DialResult } from './carrier-events';
import type { CostMeter } from './cost';
import type { HandoffUrls } from './handoff-urls';
import type { CallRegistry } from './registry';
import type { AgentRoster, AgentView } from './routing';

/** After the Dial's own timeout, how long without /dial-status before we take it that someone answered. */
export const ANSWER_GRACE_MS = 5000;
/** After the caller's call ends, how long to wait for the agent leg's own record before costing it. */
export const LEG_RECORD_WAIT_MS = 3000;

export interface Ring {
  readonly agentId: AgentId;
  readonly agentName: string;
  readonly number: string;
  /** `dial`: a <Dial> inside the caller's call; `queue-leg`: an outbound call into the queue room. */
  readonly via: 'dial' | 'queue-leg';
  readonly startedAtMs: number;
  readonly legCallIds: Set<string>;
  readonly clientRequestId?: string;
  /** A failure the carrier reported before the step completed. */
  failure?: { result: DialResult; detail?: string };
  timer?: TimerHandle;
}

export interface Connection {
  readonly agentId: AgentId;
  readonly agentName: string;
  readonly number: string;
  readonly atMs: number;
  readonly legCallIds: Set<string>;
  released: boolean;
  costed: boolean;
  endedAtMs?: number;
}

export interface Hunt {
  readonly callSid: string;
  readonly callId: CallId;
  targetAgentId?: string;
  readonly tried: Set<string>;
  /** Every ring so far, newest last (late carrier events are matched against them). */
  readonly rings: Ring[];
  ring?: Ring;
  connection?: Connection;
  queuedAtMs?: number;
  queueTimer?: TimerHandle;
  queueTimedOut: boolean;
  voicemail: boolean;
  legSeq: number;
  endedAtMs?: number;
  costTimer?: TimerHandle;
}

export interface OverflowContext {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  readonly roster: AgentRoster;
  readonly queue: CallQueue;
  readonly cost: CostMeter;
  readonly client: SautikitClient | null;
  readonly urls: HandoffUrls;
}

export interface HuntBookEvents extends Record<string, unknown> {
  /** Something changed that may let a waiting caller be connected (an agent freed, a ring failed). */
  retry: void;
}

export class HuntBook {
  readonly events = new Emitter<HuntBookEvents>();
  private readonly hunts = new Map<string, Hunt>();

  constructor(private readonly ctx: OverflowContext) {}

  get(callSid: string): Hunt | undefined {
    return this.hunts.get(callSid);
  }

  all(): Hunt[] {
    return [...this.hunts.values()];
  }

  open(callSid: string, callId: CallId, targetAgentId?: string): Hunt {
    let hunt = this.hunts.get(callSid);
    if (!hunt) {
      hunt = {
        callSid,
        callId,
        targetAgentId,
        tried: new Set(),
        rings: [],
        queueTimedOut: false,
        voicemail: false,
        legSeq: 0,
      };
      this.hunts.set(callSid, hunt);
    } else if (targetAgentId && !hunt.targetAgentId) {
      hunt.targetAgentId = targetAgentId;
    }
    return hunt;
  }

  /** Rings `agent` for the hunt: reserved, shown as "ringing <agent>", with a backstop timer. */
  startRing(hunt: Hunt, agent: AgentView, via: Ring['via'], clientRequestId?: string): Ring {
    const { roster, registry, clock, config } = this.ctx;
    roster.reserve(agent.id, hunt.callSid);
    const ring: Ring = {
      agentId: agent.id,
      agentName: agent.name,
      number: agent.number,
      via,
      startedAtMs: clock.epochMs(),
      legCallIds: new Set(),
      clientRequestId,
    };
    hunt.ring = ring;
    hunt.rings.push(ring);
    registry.publish(hunt.callId, 'dial.attempt', {
      agentId: agent.id,
      agentName: agent.name,
      number: agent.number,
    });
    ring.timer = clock.setTimeout(
      () => this.ringTimedOut(hunt, ring),
      config.dialTimeoutS * 1000 + ANSWER_GRACE_MS,
    );
    return ring;
  }

  /** The ring ended without a person: release the agent, remember the try. */
  ringFailed(hunt: Hunt, result: DialResult, detail?: string): void {
    const ring = hunt.ring;
    if (!ring) return;
    const { roster, registry, clock } = this.ctx;
    clock.clearTimeout(ring.timer);
    hunt.ring = undefined;
    hunt.tried.add(ring.agentId);
    roster.release(ring.agentId, hunt.callSid);
    if (result === 'refused') this.refused(ring, detail);
    registry.publish(hunt.callId, 'dial.result', { agentId: ring.agentId, result, detail });
    if (hunt.queuedAtMs !== undefined && !hunt.endedAtMs)
      registry.publish(hunt.callId, 'call.phase', { phase: 'queued' });
    this.events.emit('retry', undefined);
  }

  /** A person answered the ring. */
  connect(hunt: Hunt, how: string): void {
    const ring = hunt.ring;
    if (!ring || hunt.connection) return;
    const { roster, registry, clock, queue } = this.ctx;
    clock.clearTimeout(ring.timer);
    hunt.ring = undefined;
    const now = clock.epochMs();
    hunt.connection = {
      agentId: ring.agentId,
      agentName: ring.agentName,
      number: ring.number,
      atMs: now,
      legCallIds: ring.legCallIds,
      released: false,
      costed: false,
    };
    roster.connected(ring.agentId, hunt.callSid);
    registry.publish(hunt.callId, 'dial.result', { agentId: ring.agentId, result: 'connected', detail: how });
    registry.publish(hunt.callId, 'agent.connected', { agentId: ring.agentId, agentName: ring.agentName });
    const waitedMs = queue.leave(hunt.callSid, now);
    if (waitedMs !== undefined) {
      clock.clearTimeout(hunt.queueTimer);
      registry.publish(hunt.callId, 'queue.left', { waitedMs, reason: `connected to ${ring.agentName}` });
    }
  }

  /** Puts the caller in the queue (once); returns the position. */
  enqueue(hunt: Hunt, onTimeout: (hunt: Hunt) => void): number {
    const { queue, registry, clock, config } = this.ctx;
    const now = clock.epochMs();
    const position = queue.join(hunt.callSid, now);
    if (hunt.queuedAtMs === undefined) {
      hunt.queuedAtMs = now;
      registry.publish(hunt.callId, 'queue.joined', { position });
      hunt.queueTimer = clock.setTimeout(() => {
        hunt.queueTimedOut = true;
        onTimeout(hunt);
      }, config.queueMaxWaitS * 1000);
    } else {
      registry.publish(hunt.callId, 'call.phase', { phase: 'queued' });
    }
    return position;
  }

  /** Takes the caller out of the queue (to voicemail, or because they hung up). */
  dequeue(hunt: Hunt, reason: string): void {
    const { queue, registry, clock } = this.ctx;
    clock.clearTimeout(hunt.queueTimer);
    const waitedMs = queue.leave(hunt.callSid, clock.epochMs());
    if (waitedMs !== undefined) registry.publish(hunt.callId, 'queue.left', { waitedMs, reason });
  }

  /** The agent's leg is over: the agent is free again (now), the leg is costed (once, best record). */
  legEnded(hunt: Hunt, record?: { durationS?: number }): void {
    const conn = hunt.connection;
    if (!conn) return;
    const now = this.ctx.clock.epochMs();
    conn.endedAtMs ??= now;
    if (!conn.released) {
      conn.released = true;
      this.ctx.roster.callEnded(conn.agentId, hunt.callSid);
    }
    if (record?.durationS !== undefined) this.costLeg(hunt, record.durationS, 'carrier');
  }

  /** Costs the connected leg from our own clock unless the carrier's record already did. */
  costLegMeasured(hunt: Hunt): void {
    const conn = hunt.connection;
    if (!conn || conn.costed) return;
    this.costLeg(hunt, ((conn.endedAtMs ?? this.ctx.clock.epochMs()) - conn.atMs) / 1000, 'measured');
  }

  /** The caller's call is over: release everything the hunt holds. */
  close(hunt: Hunt, reason: string): void {
    const { clock, roster } = this.ctx;
    if (hunt.endedAtMs) return;
    hunt.endedAtMs = clock.epochMs();
    this.dequeue(hunt, reason);
    const ring = hunt.ring;
    if (ring) {
      clock.clearTimeout(ring.timer);
      hunt.ring = undefined;
      roster.release(ring.agentId, hunt.callSid);
      if (ring.via === 'queue-leg') this.hangUpLegs(ring);
    }
    if (hunt.connection) {
      this.legEnded(hunt);
      if (!hunt.connection.costed) {
        hunt.costTimer = clock.setTimeout(() => void this.costFromRecord(hunt), LEG_RECORD_WAIT_MS);
        return;
      }
    }
    this.forget(hunt);
  }

  forget(hunt: Hunt): void {
    this.ctx.clock.clearTimeout(hunt.costTimer);
    this.hunts.delete(hunt.callSid);
  }

  stop(): void {
    for (const h of this.hunts.values()) {
      this.ctx.clock.clearTimeout(h.ring?.timer);
      this.ctx.clock.clearTimeout(h.queueTimer);
      this.ctx.clock.clearTimeout(h.costTimer);
    }
    this.hunts.clear();
  }

  private async costFromRecord(hunt: Hunt): Promise<void> {
    const conn = hunt.connection;
    if (!conn || conn.costed) return this.forget(hunt);
    const { client, log } = this.ctx;
    const legId = [...conn.legCallIds][0];
    if (client && legId) {
      try {
        const record = await client.getCall(legId);
        if (record.durationS !== undefined) this.costLeg(hunt, record.durationS, 'carrier');
      } catch (err) {
        log.warn({ err: String(err) }, 'agent leg record unavailable: costing from our clock');
      }
    }
    this.costLegMeasured(hunt);
    this.forget(hunt);
  }

  private costLeg(hunt: Hunt, seconds: number, source: 'carrier' | 'measured'): void {
    const conn = hunt.connection;
    if (!conn || conn.costed) return;
    conn.costed = true;
    this.ctx.cost.legEnded(hunt.callId, conn.agentName, seconds, source);
    if (hunt.endedAtMs) this.forget(hunt);
  }

  private refused(ring: Ring, detail?: string): void {
    const message = `Sautikit refused to dial ${ring.number}${detail ? `: ${detail}` : ''} (is it an authorised destination?)`;
    this.ctx.roster.setError(ring.agentId, message);
  }

  /** Shows a refusal learnt after the ring was already over (a late carrier event). */
  lateRefusal(hunt: Hunt, ring: Ring, detail?: string): void {
    this.refused(ring, detail);
    this.ctx.registry.publish(hunt.callId, 'dial.result', {
      agentId: ring.agentId,
      result: 'refused',
      detail,
    });
    this.ctx.registry.publish(hunt.callId, 'error', {
      code: 'SAUTIKIT_DESTINATION_REFUSED',
      message: `Sautikit refused to dial ${ring.agentName} (${ring.number})${detail ? `: ${detail}` : ''}`,
    });
  }

  private ringTimedOut(hunt: Hunt, ring: Ring): void {
    if (hunt.ring !== ring || hunt.endedAtMs) return;
    if (ring.via === 'dial') {
      // An unanswered Dial falls through to /dial-status; silence past its timeout means someone answered.
      this.ctx.log.info(
        { callSid: hunt.callSid },
        'no dial-status after the Dial timeout: taking it as answered',
      );
      this.connect(hunt, 'inferred: no dial-status after the ring timeout');
      return;
    }
    this.ringFailed(hunt, 'no-answer', 'the agent did not pick up');
    this.hangUpLegs(ring);
  }

  /** Hangs up the outbound call(s) placed to ring an agent into the queue room. */
  private hangUpLegs(ring: Ring): void {
    const { client, log } = this.ctx;
    if (!client) return;
    for (const leg of ring.legCallIds) {
      client
        .hangUp(leg)
        .catch((err: unknown) => log.warn({ err: String(err) }, 'could not hang up a ringing agent leg'));
    }
  }
}
