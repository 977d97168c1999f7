// What each webhook means for a call: answer new calls with a <Stream> (or the human route when no
// AI is configured), recognise known calls on step-completion POSTs, record stream lifecycle and
// carrier events (deduplicated: deliveries are at-least-once).
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Log } from '../log';
import { issueCallToken } from '../media/call-token';
import type { VoiceAction } from '../sautikit/actions';
import type { WebhookHandlers } from '../sautikit/webhooks';
import type { CallState } from '../sautikit/webhook-payload';
import { callEventKind } from './carrier-events';
import type { CallRegistry } from './registry';

export interface HumanRoute {
  /** Actions that put a call with humans now (no AI, or after a redirect to /handoff). */
  handoff(callSid: string, targetAgentId: string | undefined): VoiceAction[];
  /** The next step after an unanswered Dial. */
  dialStatus(callSid: string, body: Record<string, unknown>): VoiceAction[];
  agentLeg(token: string | undefined, body: Record<string, unknown>): VoiceAction[];
  voicemail(callSid: string, body: Record<string, unknown>): void;
  /** A carrier lifecycle event for a call (call.answered, call.completed…). */
  carrierEvent(kind: string, data: Record<string, unknown>): void;
}

export interface CallFlowDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  readonly publicUrl: () => string;
  /** 'none' sends calls straight to humans. */
  readonly provider: () => { name: string; model: string | null } | 'none';
  readonly humanRoute: HumanRoute;
  readonly verifyHandoffToken: (token: string | undefined) => { callSid: string; agentId?: string } | null;
  readonly health: () => { ok: boolean; detail: Record<string, unknown> };
  readonly escalateNoAi: (callSid: string) => void;
}

const SEEN_EVENTS_MAX = 5000;
/** Calls that ended here are answered with a hang-up if Sautikit POSTs them again (a step completing). */
const ENDED_CALLS_MAX = 5000;
const ENDED_CALL_MEMORY_MS = 15 * 60_000;

export function mediaUrl(publicUrl: string, token: string): string {
  const base = publicUrl.replace(/^http/, 'ws');
  return `${base}/media?t=${encodeURIComponent(token)}`;
}

export function createCallFlow(deps: CallFlowDeps): WebhookHandlers {
  const { config, clock, log, registry } = deps;
  const seenEvents = new Set<string>();
  // When our stream closes and the app has ended the call (hung up from the console without an API
  // key, a stream that ended the AI's call), Sautikit's step-completion POST must not start it again.
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

  const streamActions = (call: CallState): VoiceAction[] => {
    const token = issueCallToken(config.mediaTokenSecret, {
      callSid: call.callSid,
      purpose: 'media',
      expiresAtMs: clock.epochMs() + config.mediaTokenTtlMs,
    });
    return [
      {
        stream: {
          url: mediaUrl(deps.publicUrl(), token),
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

  return {
    knownCallSid: (ids) => ids.map((id) => registry.get(id)).find((live) => live !== undefined)?.callSid,
    health: deps.health,

    voice(call, known) {
      // Lifecycle events are "routed per-number via voice_callback_url / events_url": one may arrive here.
      const eventKind = callEventKind(call.raw as Record<string, unknown>);
      if (eventKind) {
        deps.humanRoute.carrierEvent(eventKind, call.raw as Record<string, unknown>);
        return [];
      }
      if (known) {
        for (const id of call.aliases) registry.alias(id, call.callSid);
        const live = registry.get(call.callSid);
        // A retried first webhook (the stream never connected, nothing escalated): answer it the same way.
        if (live && live.phase === 'ringing' && !live.escalation && live.provider !== 'none')
          return streamActions(call);
        // A step completed (e.g. a Dial ended): continue the hunt, never a second stream or greeting.
        if (
          live &&
          (live.phase === 'dialing' || live.phase === 'escalating' || live.phase === 'redirected')
        ) {
          return deps.humanRoute.dialStatus(call.callSid, call.raw as Record<string, unknown>);
        }
        return live?.streamConnected
          ? [{ pause: { length: 1 } }]
          : deps.humanRoute.handoff(call.callSid, undefined);
      }
      if (endedHere(call.callSid)) {
        log.info({ callSid: call.callSid }, 'voice webhook for a call that already ended here: hanging up');
        return [{ hangup: {} }];
      }
      const provider = deps.provider();
      const aiName = provider === 'none' ? (config.echoMode ? 'echo' : 'none') : provider.name;
      registry.open({
        callSid: call.callSid,
        from: call.from,
        to: call.to,
        raw: call.raw,
        provider: aiName,
        model: provider === 'none' ? null : provider.model,
      });
      for (const id of call.aliases) registry.alias(id, call.callSid);
      if (provider === 'none' && !config.echoMode) {
        log.warn({ callSid: call.callSid }, 'no AI provider configured: call goes to the human route');
        deps.escalateNoAi(call.callSid);
        return deps.humanRoute.handoff(call.callSid, undefined);
      }
      return streamActions(call);
    },

    streamStatus({ callIds, event: status, raw }) {
      const live = callIds.map((id) => registry.get(id)).find((l) => l !== undefined);
      if (!live) {
        log.warn({ callIds, status }, 'stream status for an unknown call ignored');
        return;
      }
      registry.publish(live.callId, 'stream.status', { status, raw });
    },

    handoff(token, body) {
      const claims = deps.verifyHandoffToken(token);
      if (!claims) {
        log.warn(
          { code: 'WEBHOOK_BAD_TOKEN' },
          'handoff with a bad token: answering with the human route anyway',
        );
        const sid = String(body.CallId ?? body.call_sid ?? body.CallSid ?? '');
        return deps.humanRoute.handoff(sid, undefined);
      }
      return deps.humanRoute.handoff(claims.callSid, claims.agentId);
    },

    dialStatus(token, body) {
      const claims = deps.verifyHandoffToken(token);
      const sid = claims?.callSid ?? String(body.CallId ?? body.call_sid ?? body.CallSid ?? '');
      return deps.humanRoute.dialStatus(sid, body);
    },

    agentLeg: (token, body) => deps.humanRoute.agentLeg(token, body),

    voicemail(token, body) {
      const claims = deps.verifyHandoffToken(token);
      if (claims) deps.humanRoute.voicemail(claims.callSid, body);
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
      deps.humanRoute.carrierEvent(kind, data);
    },
  };
}
