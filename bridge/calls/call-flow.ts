// What each webhook means for a call. A new call is answered with one <Stream connect="true"> — the
// caller's lifeline, with or without an AI (without one the bridge's own human route runs on it). A
// known call's re-POST never disturbs a live stream; a stream that never connects gets one retry, then
// the carrier route (the carrier dials agents itself), and is never left "live" for ever. The human
// route's webhooks act only with a token bound to their own path. Carrier events are deduplicated
// (deliveries are at-least-once) and go to the call or agent leg they are about.
import type { Clock } from '../base/clock';
import type { Config } from '../config/config';
import type { Log } from '../base/log';
import type { VoiceAction } from '../sautikit/actions';
import type { WebhookHandlers } from '../sautikit/webhooks';
import type { EndCall } from './call-end';
import { callEventKind, parseCarrierCallEvent } from './carrier-events';
import type { CallRegistry, LiveCallState } from './registry';

const SEEN_EVENTS_MAX = 5000;
/** Calls that ended here are answered with a hang-up if Sautikit POSTs them again (a step completing). */
const ENDED_CALLS_MAX = 5000;
const ENDED_CALL_MEMORY_MS = 15 * 60_000;
/** Streams /voice answers one call with at most: the first, and one retry. */
export const MAX_STREAMS_PER_CALL = 2;

/** What the voice webhook needs from the human side (bridge/human/). */
export interface HumanSide {
  /** The carrier runs the call from here on (its stream never connected, or it was moved). */
  carrierRoute(call: LiveCallState, targetAgentId?: string): VoiceAction[];
  /** Whether the carrier runs the call (then a step-completion POST continues its route). */
  onCarrierRoute(call: LiveCallState): boolean;
  /** /dial-status (or a step completion on the carrier route). */
  dialStatus(call: LiveCallState, body: Record<string, unknown>): VoiceAction[];
  /** /voicemail: the carrier's <Record> result. */
  carrierVoicemail(call: LiveCallState, body: Record<string, unknown>): void;
  /** /agent-leg: an agent picked up their phone; null when that leg is no longer wanted. */
  agentLegAnswer(callSid: string, legId: string | undefined): VoiceAction[] | null;
  /** /handoff for the setup check's own call: the carrier's redirect works. */
  checkRedirected(legId: string): VoiceAction[] | null;
  /** A lifecycle event about an agent leg (by any of its ids); true when it was ours. */
  legEvent(ids: readonly string[], kind: string, status: string | undefined, reason?: string): boolean;
  /** A lifecycle event about a caller's call on the carrier route. */
  carrierEvent(call: LiveCallState, kind: string, ev: ReturnType<typeof parseCarrierCallEvent>): void;
  /** The caller's call ended by its own event. */
  callEnded(call: LiveCallState, failed: boolean, durationS?: number): void;
}

export interface RouteTokens {
  verify(
    path: '/handoff' | '/dial-status' | '/agent-leg' | '/voicemail',
    token: string | undefined,
  ): { callSid: string; agentId?: string; legId?: string } | null;
  mediaUrl(callSid: string, ttlMs: number): string;
}

export interface CallFlowDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  readonly publicUrl: () => string;
  /** The AI that answers new calls ('none': the bridge's human route answers on the stream). */
  readonly provider: () => { name: string; model: string | null } | 'none';
  readonly human: HumanSide;
  readonly tokens: RouteTokens;
  readonly endCall: EndCall;
  readonly health: () => { ok: boolean; detail: Record<string, unknown> };
}

export function createCallFlow(deps: CallFlowDeps): WebhookHandlers {
  const { config, clock, log, registry, human } = deps;
  const seenEvents = new Set<string>();
  // When our stream closes and the app has ended the call, Sautikit's step-completion POST must not
  // start it again.
  const endedAtMs = new Map<string, number>();
  registry.events.on('event', (event) => {
    if (event.kind !== 'call.ended') return;
    endedAtMs.delete(event.callId);
    endedAtMs.set(event.callId, clock.nowMs());
    if (endedAtMs.size > ENDED_CALLS_MAX) endedAtMs.delete(endedAtMs.keys().next().value as string);
  });
  const endedHere = (callSid: string): boolean => {
    const at = endedAtMs.get(callSid);
    return at !== undefined && clock.nowMs() - at <= ENDED_CALL_MEMORY_MS;
  };

  /** The <Stream> for a call, and the wait for it to connect. */
  const streamActions = (call: LiveCallState): VoiceAction[] => {
    call.streamsIssued += 1;
    clock.clearTimeout(call.streamWait);
    call.streamWait = clock.setTimeout(() => streamMissing(call), config.streamConnectWaitMs);
    return [
      {
        stream: {
          url: deps.tokens.mediaUrl(call.callSid, config.mediaTokenTtlMs),
          track: 'inbound_track',
          connect: true,
          outputSamplingRate: 16000,
          bidirectionalSamplingRate: 16000,
          name: `sauti-${call.callSid}`,
          statusCallback: `${deps.publicUrl()}/stream-status`,
          statusEvents: ['stream-started', 'stream-stopped', 'stream-error'],
        },
      },
    ];
  };

  /**
   * The carrier never opened the stream we answered with: said on the call, then one more wait for the
   * carrier to ask again (it gets a second <Stream>); after that the call is ended, never left live.
   */
  const streamMissing = (call: LiveCallState, lastChance = false) => {
    call.streamWait = undefined;
    if (call.streamConnected || call.phase === 'ended' || human.onCarrierRoute(call)) return;
    log.warn({ code: 'MEDIA_STREAM_MISSING', callSid: call.callSid }, 'the media stream never connected');
    if (lastChance || call.streamsIssued >= MAX_STREAMS_PER_CALL) {
      deps.endCall(call.callSid, 'failed', 'the carrier never opened the media stream');
      return;
    }
    registry.publish(call.callId, 'error', {
      code: 'MEDIA_STREAM_MISSING',
      message: `Sautikit did not open the media stream within ${config.streamConnectWaitMs / 1000} s`,
    });
    call.streamWait = clock.setTimeout(() => streamMissing(call, true), config.streamConnectWaitMs);
  };

  const known = (call: LiveCallState, raw: Record<string, unknown>): VoiceAction[] => {
    if (human.onCarrierRoute(call)) return human.dialStatus(call, raw);
    // A re-POST while our stream is live (a step report): nothing that disturbs the stream.
    if (call.streamConnected) return [];
    if (call.phase === 'ringing' && call.streamsIssued < MAX_STREAMS_PER_CALL) {
      log.info(
        { callSid: call.callSid, streams: call.streamsIssued },
        'voice POST again before the stream connected: one retry',
      );
      return streamActions(call);
    }
    // The stream never came (or is gone while the call lives on): the carrier dials people itself.
    clock.clearTimeout(call.streamWait);
    return human.carrierRoute(call, call.escalation?.targetAgentId);
  };

  const carrierEvent = (kind: string, data: Record<string, unknown>) => {
    const ev = parseCarrierCallEvent(kind, data);
    const ids = [ev.callId, ev.pbxCallId, ev.clientRequestId].filter((x): x is string => !!x);
    const own = ids.map((id) => registry.get(id)).find((c) => c !== undefined);
    if (own) {
      for (const id of ids) registry.alias(id, own.callSid);
      if (kind === 'call.completed' || kind === 'call.failed') {
        human.callEnded(own, kind === 'call.failed', ev.durationS);
        return;
      }
      if (human.onCarrierRoute(own)) human.carrierEvent(own, kind, ev);
      return;
    }
    if (human.legEvent(ids, kind, ev.status, ev.failureReason)) return;
    // A Dial leg of a call on the carrier route carries only the agent's number.
    for (const call of registry.list()) if (human.onCarrierRoute(call)) human.carrierEvent(call, kind, ev);
  };

  return {
    knownCallSid: (ids) => ids.map((id) => registry.get(id)).find((live) => live !== undefined)?.callSid,
    health: deps.health,

    voice(call, isKnown) {
      // Lifecycle events are "routed per-number via voice_callback_url / events_url": one may arrive here.
      const eventKind = callEventKind(call.raw as Record<string, unknown>);
      if (eventKind) {
        carrierEvent(eventKind, call.raw as Record<string, unknown>);
        return [];
      }
      if (isKnown) {
        for (const id of call.aliases) registry.alias(id, call.callSid);
        const live = registry.get(call.callSid);
        if (live) return known(live, call.raw as Record<string, unknown>);
      }
      if (endedHere(call.callSid)) {
        log.info({ callSid: call.callSid }, 'voice webhook for a call that already ended here: hanging up');
        return [{ hangup: {} }];
      }
      const provider = deps.provider();
      const aiName = provider === 'none' ? (config.echoMode ? 'echo' : 'none') : provider.name;
      const opened = registry.open({
        callSid: call.callSid,
        from: call.from,
        to: call.to,
        raw: call.raw,
        provider: aiName,
        model: provider === 'none' ? null : provider.model,
      });
      for (const id of call.aliases) registry.alias(id, call.callSid);
      if (provider === 'none' && !config.echoMode)
        log.warn(
          { callSid: call.callSid },
          'no AI provider configured: the bridge finds a person on the stream',
        );
      return streamActions(opened);
    },

    streamStatus({ callIds, event: status, raw }) {
      const live = callIds.map((id) => registry.get(id)).find((l) => l !== undefined);
      if (!live) {
        log.warn({ callIds, status }, 'stream status for an unknown call ignored');
        return;
      }
      registry.publish(live.callId, 'stream.status', { status, raw });
    },

    handoff(token) {
      const claims = deps.tokens.verify('/handoff', token);
      if (!claims) return null;
      const check = claims.legId ? human.checkRedirected(claims.legId) : null;
      if (check) return check;
      const live = registry.get(claims.callSid);
      if (!live) return [{ hangup: {} }];
      return human.carrierRoute(live, claims.agentId);
    },

    dialStatus(token, body) {
      const claims = deps.tokens.verify('/dial-status', token);
      if (!claims) return null;
      const live = registry.get(claims.callSid);
      return live ? human.dialStatus(live, body) : [{ hangup: {} }];
    },

    agentLeg(token) {
      const claims = deps.tokens.verify('/agent-leg', token);
      if (!claims) return null;
      const actions = human.agentLegAnswer(claims.callSid, claims.legId);
      if (actions) return actions;
      return [
        { say: { text: 'The caller is no longer waiting. Thank you.', language: config.language } },
        { hangup: {} },
      ];
    },

    voicemail(token, body) {
      const claims = deps.tokens.verify('/voicemail', token);
      if (!claims) return false;
      const live = registry.get(claims.callSid);
      if (live) human.carrierVoicemail(live, body);
      else log.warn({ callSid: claims.callSid }, 'voicemail for a call we no longer know: not recorded');
      return true;
    },

    event(body, deliveryId) {
      const eventId = String(body.event_id ?? deliveryId ?? '');
      if (eventId) {
        if (seenEvents.has(eventId)) {
          log.debug({ eventId }, 'duplicate event delivery ignored');
          return;
        }
        seenEvents.add(eventId);
        if (seenEvents.size > SEEN_EVENTS_MAX) seenEvents.delete(seenEvents.values().next().value as string);
      }
      const kind = String(body.kind ?? body.event_kind ?? body.type ?? '');
      const data = (body.data ?? body.payload ?? body) as Record<string, unknown>;
      log.info({ kind, eventId }, 'carrier event');
      carrierEvent(kind, data);
    },
  };
}
