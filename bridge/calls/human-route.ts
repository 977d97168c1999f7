// The human route's webhooks (call-flow's HumanRoute): /handoff answers Say + Dial(next agent) +
// Redirect(/dial-status); /dial-status (or the step-completion POST to /voice) moves the hunt on after
// an unanswered Dial: next agent, else the queue room, else voicemail; /agent-leg joins an agent who
// answered our outbound call to the waiting caller's room; /voicemail records the message. Sautikit's
// Dial has no completion callback (sautikit.com/developers/voice-actions/dial), so "answered" is read
// from the leg's call.answered event, or inferred when no /dial-status comes after the ring timeout.
import { toXml, type VoiceAction } from '../sautikit/actions';
import type { HumanRoute } from './call-flow';
import { queueRoomName } from './call-queue';
import {
  callEventKind,
  dialResultFromStep,
  dialResultOf,
  looksRefused,
  parseCarrierCallEvent,
  type CarrierCallEvent,
} from './carrier-events';
import type { CallOutcome } from './events';
import type { Hunt, HuntBook, OverflowContext, Ring } from './hunt';
import type { AgentView } from './routing';
import { isTestCall, testHandoffTarget } from './test-calls';

/** Sautikit's MaxActionSteps is 50 (SDK MAX_ACTIONS); ours stay far below. */
export const MAX_ACTION_STEPS = 50;

export interface HumanRouteDeps {
  readonly ctx: OverflowContext;
  readonly book: HuntBook;
  /** The queue waited too long: move the caller on (to voicemail). */
  readonly onQueueTimeout: (hunt: Hunt) => void;
  /** Ends a call: costs, then `call.ended`. */
  readonly endCall: (callSid: string, outcome: CallOutcome, reason: string, answeredSeconds?: number) => void;
}

export function createHumanRoute(deps: HumanRouteDeps): HumanRoute {
  const { ctx, book } = deps;
  const { config, registry, roster, urls, log } = ctx;

  const say = (text: string): VoiceAction => ({ say: { text, language: config.language } });
  const unstaffed = (): VoiceAction[] => [say(config.unstaffedMessage), { hangup: {} }];

  const checked = (callSid: string, actions: VoiceAction[]): VoiceAction[] => {
    if (actions.length > MAX_ACTION_STEPS) throw new Error('too many action steps');
    toXml(actions); // the one builder validates every action before Sautikit sees it
    log.debug({ callSid, steps: actions.map((a) => Object.keys(a)[0]) }, 'human route answer');
    return actions;
  };

  const pickAgent = (hunt: Hunt): AgentView | undefined => {
    if (hunt.targetAgentId && !hunt.tried.has(hunt.targetAgentId)) {
      const target = roster.get(hunt.targetAgentId);
      // A take-over click rings that agent whatever their presence (they asked for this call), unless
      // their phone is already ringing for another caller.
      if (target && !roster.isRingingForAnother(target.id, hunt.callSid)) return target;
      hunt.tried.add(hunt.targetAgentId);
    }
    return roster.nextAvailable(hunt.tried);
  };

  const dial = (callSid: string, number: string): VoiceAction[] => [
    { dial: { number, timeout: config.dialTimeoutS } },
    // Reached only when nobody answered: an answered Dial ends with the call.
    { redirect: { url: urls.url('/dial-status', callSid), method: 'POST' } },
  ];

  const dialStep = (hunt: Hunt, agent: AgentView, greet: boolean): VoiceAction[] => {
    book.startRing(hunt, agent, 'dial');
    return [...(greet ? [say(config.connectingMessage)] : []), ...dial(hunt.callSid, agent.number)];
  };

  const queueStep = (hunt: Hunt, greet: boolean): VoiceAction[] => {
    const firstTime = hunt.queuedAtMs === undefined;
    book.enqueue(hunt, deps.onQueueTimeout);
    return [
      ...(greet || firstTime ? [say(config.queueMessage)] : []),
      {
        conference: {
          name: queueRoomName(hunt.callSid),
          startOnEnter: false,
          endOnExit: true,
          beep: false,
          waitUrl: config.holdMusicUrl,
        },
      },
    ];
  };

  const voicemailStep = (hunt: Hunt): VoiceAction[] => {
    book.dequeue(hunt, hunt.queueTimedOut ? 'waited too long: voicemail' : 'nobody on duty: voicemail');
    if (!hunt.voicemail) {
      hunt.voicemail = true;
      registry.publish(hunt.callId, 'call.phase', { phase: 'voicemail', detail: 'recording a message' });
    }
    return [
      say(config.voicemailMessage),
      {
        record: {
          action: urls.url('/voicemail', hunt.callSid),
          method: 'POST',
          maxLength: config.voicemailMaxLengthS,
          timeout: 5,
          finishOnKey: '#',
          playBeep: true,
        },
      },
      { hangup: {} },
    ];
  };

  const nextStep = (hunt: Hunt, greet: boolean): VoiceAction[] => {
    // An agent is being called into the room: the caller keeps waiting there.
    if (hunt.ring?.via === 'queue-leg') return queueStep(hunt, false);
    if (hunt.queueTimedOut || hunt.voicemail) return voicemailStep(hunt);
    const agent = pickAgent(hunt);
    if (agent) return dialStep(hunt, agent, greet);
    if (roster.anyoneOnDuty(hunt.tried)) return queueStep(hunt, greet);
    return voicemailStep(hunt);
  };

  /** Which of our rings or connections a carrier event about another call belongs to. */
  const findLeg = (ev: CarrierCallEvent): { hunt: Hunt; ring: Ring } | undefined => {
    const ids = [ev.callId, ev.pbxCallId].filter((x): x is string => !!x);
    let byNumber: { hunt: Hunt; ring: Ring } | undefined;
    for (const hunt of book.all()) {
      for (let i = hunt.rings.length - 1; i >= 0; i--) {
        const ring = hunt.rings[i]!;
        if (ev.clientRequestId && ring.clientRequestId === ev.clientRequestId) return { hunt, ring };
        if (ids.some((id) => ring.legCallIds.has(id))) return { hunt, ring };
        if (!byNumber && ev.to === ring.number && ev.direction !== 'inbound') byNumber = { hunt, ring };
      }
    }
    return byNumber;
  };

  const callerEnded = (callSid: string, ev: CarrierCallEvent) => {
    const live = registry.get(callSid);
    if (!live) return;
    const hunt = book.get(callSid);
    const outcome: CallOutcome = hunt?.connection
      ? 'agent-handled'
      : hunt?.voicemail
        ? 'voicemail'
        : hunt
          ? 'abandoned'
          : ev.kind === 'call.failed'
            ? 'failed'
            : live.escalation && live.phase !== 'streaming'
              ? 'abandoned'
              : 'ai-resolved';
    if (hunt) book.close(hunt, 'caller hung up');
    deps.endCall(callSid, outcome, ev.kind, ev.durationS);
  };

  const legEvent = (ev: CarrierCallEvent) => {
    const found = findLeg(ev);
    if (!found) {
      log.debug({ kind: ev.kind }, 'carrier event for a call we do not know: ignored');
      return;
    }
    const { hunt, ring } = found;
    const current = hunt.ring === ring;
    const legId = ev.callId ?? ev.pbxCallId;
    if (legId) ring.legCallIds.add(legId);
    if (ev.kind === 'call.answered') {
      if (current) book.connect(hunt, 'answered');
      return;
    }
    if (ev.kind !== 'call.completed' && ev.kind !== 'call.failed') return;
    const connected = hunt.connection && hunt.connection.agentId === ring.agentId && !current;
    if (connected && ev.kind === 'call.completed') {
      book.legEnded(hunt, { durationS: ev.durationS });
      return;
    }
    const result = dialResultOf(ev.status, ev.failureReason) ?? 'failed';
    if (current) {
      if (ring.via === 'dial') ring.failure = { result, detail: ev.failureReason };
      else book.ringFailed(hunt, result, ev.failureReason);
    } else if (looksRefused(ev.failureReason) || result === 'refused') {
      book.lateRefusal(hunt, ring, ev.failureReason);
    }
  };

  const route: HumanRoute = {
    handoff(callSid, targetAgentId) {
      const live = registry.get(callSid);
      if (!live) {
        log.warn({ callSid }, 'handoff for a call we do not know: telling the caller and hanging up');
        return unstaffed();
      }
      if (isTestCall(callSid)) {
        // A test call from the window (no AI to stream to) has no carrier leg: nobody can be rung.
        registry.publish(live.callId, 'test.handoff', testHandoffTarget(roster, targetAgentId));
        deps.endCall(callSid, 'unanswered', 'test call: no AI is set up and no person can be rung');
        return unstaffed();
      }
      const existing = book.get(callSid);
      // A step completion after the agent leg or the voicemail: the call is over, never start again.
      if (existing?.connection || (existing?.voicemail && !existing.queueTimedOut)) {
        return checked(callSid, [{ hangup: {} }]);
      }
      const hunt = book.open(callSid, live.callId, targetAgentId);
      if (hunt.ring?.via === 'dial') {
        // A repeated fetch of /handoff: ring the same agent again rather than a second one.
        return checked(callSid, dial(callSid, hunt.ring.number));
      }
      return checked(callSid, nextStep(hunt, !existing));
    },

    dialStatus(callSid, body) {
      const kind = callEventKind(body);
      if (kind) {
        route.carrierEvent(kind, body);
        return [];
      }
      const live = registry.get(callSid);
      if (!live) return [{ hangup: {} }];
      const hunt = book.get(callSid);
      // The first step on the human route (e.g. our stream ended after a failed redirect): a clicked
      // take-over still rings the agent who clicked.
      if (!hunt) return route.handoff(callSid, live.escalation?.targetAgentId);
      if (hunt.connection) return checked(callSid, [{ hangup: {} }]);
      if (hunt.voicemail && !hunt.queueTimedOut) return checked(callSid, [{ hangup: {} }]);
      const ring = hunt.ring;
      if (ring && ring.via === 'dial') {
        const failure = ring.failure ?? { result: dialResultFromStep(body) ?? 'no-answer' };
        book.ringFailed(hunt, failure.result, failure.detail);
      }
      return checked(callSid, nextStep(hunt, false));
    },

    agentLeg(token, body) {
      const claims = urls.verify(token);
      if (!claims?.agentId) {
        log.warn({ code: 'WEBHOOK_BAD_TOKEN' }, 'agent leg with a bad token: hanging up');
        return [{ hangup: {} }];
      }
      const hunt = book.get(claims.callSid);
      const ring = hunt?.ring;
      const legId =
        typeof body.CallId === 'string'
          ? body.CallId
          : typeof body.call_id === 'string'
            ? body.call_id
            : undefined;
      // The leg's call.answered event may already have connected it: the webhook still joins the room.
      const connectedHere = hunt?.connection?.agentId === claims.agentId && !hunt.connection.released;
      const ringingHere = ring?.via === 'queue-leg' && ring.agentId === claims.agentId;
      if (!hunt || hunt.endedAtMs || !(ringingHere || connectedHere)) {
        roster.release(claims.agentId, claims.callSid);
        return [say('The caller is no longer waiting. Thank you.'), { hangup: {} }];
      }
      if (legId) (ringingHere ? ring : hunt.connection)?.legCallIds.add(legId);
      if (ringingHere) book.connect(hunt, 'answered the queue call');
      return checked(claims.callSid, [
        say(config.agentLegMessage),
        {
          conference: {
            name: queueRoomName(claims.callSid),
            startOnEnter: true,
            endOnExit: true,
            beep: false,
          },
        },
      ]);
    },

    voicemail(callSid, body) {
      const url = [body.RecordingUrl, body.recording_url, body.RecordingURL, body.url].find(
        (v): v is string => typeof v === 'string' && /^https?:\/\//.test(v) && v.length <= 2048,
      );
      const duration = Number(body.RecordingDuration ?? body.recording_duration ?? body.duration);
      const live = registry.get(callSid);
      if (!live) {
        log.warn({ callSid }, 'voicemail for a call we no longer know: not recorded');
        return;
      }
      const hunt = book.get(callSid);
      if (hunt) hunt.voicemail = true;
      registry.publish(live.callId, 'voicemail', {
        recordingUrl: url,
        durationS: Number.isFinite(duration) && duration >= 0 ? duration : undefined,
      });
    },

    carrierEvent(kind, data) {
      const ev = parseCarrierCallEvent(kind, data);
      if (!ev.callId && !ev.pbxCallId) return;
      const own = [ev.callId, ev.pbxCallId].find((id) => id && registry.get(id));
      if (own) {
        if (kind === 'call.completed' || kind === 'call.failed') callerEnded(own, ev);
        return;
      }
      legEvent(ev);
    },
  };
  return route;
}
