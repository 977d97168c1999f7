// Maps the core's live call state and call events to the console contract's shapes.
import type { LiveCall, LiveCallDetail, TimelineItem, TranscriptLine } from './contract';
import type { LiveCallState } from '../calls/registry';

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
