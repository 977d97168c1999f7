// The live calls as the console sees them: the core's call state mapped to the contract's shapes, and
// the call events projected to console events (call.changed, transcript.changed, timeline.changed,
// levels.changed, call.ended), so every window shows the same truthful state as it happens.
import type { CallRegistry, LiveCallState } from './registry';
import type {
  EventName,
  Events,
  LiveCall,
  LiveCallDetail,
  TimelineItem,
  TranscriptLine,
} from '../api/contract';

export function toLiveCall(c: LiveCallState): LiveCall {
  return {
    callId: c.callId,
    from: c.from,
    to: c.to,
    phase: c.phase,
    activity: c.activity,
    startedAt: c.startedAt,
    provider: c.provider,
    lastLatencyMs: c.lastLatencyMs,
    escalationReason: c.escalation?.reason,
    agentId: c.agent?.id,
    agentLabel: c.agent ? `${c.agent.state === 'ringing' ? 'ringing' : 'with'} ${c.agent.name}` : undefined,
    agentVia: c.agent?.via,
    queuePosition: c.queuePosition,
    levels: { ...c.levels },
  };
}

export function toLiveCallDetail(c: LiveCallState): LiveCallDetail {
  return {
    ...toLiveCall(c),
    transcript: c.transcript.map((l): TranscriptLine => ({ ...l })),
    timeline: c.timeline.map((t): TimelineItem => ({ ...t })),
  };
}

/** Sends every console the live call events as they happen; returns the unsubscribe. */
export function projectLiveEvents(
  registry: CallRegistry,
  broadcast: <E extends EventName>(name: E, data: Events[E]) => void,
): () => void {
  const offEvent = registry.events.on('event', (event) => {
    if (event.kind === 'transcript') {
      const { turnId, speaker, text, final, startMs, endMs, heardMs, interrupted } = event;
      broadcast('transcript.changed', {
        callId: event.callId,
        line: { turnId, speaker, text, final, startMs, endMs, heardMs, interrupted },
      });
    }
    if (event.kind === 'call.ended') {
      broadcast('call.ended', { callId: event.callId, outcome: event.outcome });
      return;
    }
    const live = registry.get(event.callId);
    if (!live) return;
    const item = live.timeline.at(-1);
    if (item && item.at === event.at && item.kind === event.kind)
      broadcast('timeline.changed', { callId: event.callId, item });
    broadcast('call.changed', toLiveCall(live));
  });
  const offLevels = registry.events.on('levels', (l) => broadcast('levels.changed', l));
  return () => {
    offEvent();
    offLevels();
  };
}
