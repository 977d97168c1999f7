// How a call ends, in one place: whatever ended it (the caller hanging up, the carrier dropping the
// stream, a deliberate hang-up after a voicemail, the app stopping), the human route's plan is ended
// first (legs hung up, the agent freed, a voicemail saved), then the stream, then the costs, then
// `call.ended` with the outcome the call's own state gives.
import type { Clock } from '../base/clock';
import type { CostMeter } from './cost';
import type { CallOutcome } from '../domain/call';
import type { CallRegistry, LiveCallState } from './registry';

/** Why the app stopping mid-call is recorded as such (the store closes such calls the same way). */
export const APP_STOPPED_REASON = 'the app stopped before the call ended';

export type EndCall = (
  callSid: string,
  outcome: CallOutcome,
  reason: string,
  answeredSeconds?: number,
) => void;

export function createEndCall(deps: {
  readonly registry: CallRegistry;
  readonly cost: CostMeter;
  readonly clock: Clock;
}): EndCall {
  const { registry, cost, clock } = deps;
  return (callSid, outcome, reason, answeredSeconds) => {
    const live = registry.get(callSid);
    if (!live || live.phase === 'ended') return;
    const plan = live.legs.human;
    live.legs.human = null;
    plan?.end(reason);
    const stream = live.legs.stream;
    if (stream && !stream.isClosed) stream.close(reason);
    const now = clock.epochMs();
    // The carrier's own end of a call the app hung up on purpose is that hang-up.
    if (live.hangUpAsked) ({ outcome, reason } = live.hangUpAsked);
    cost.callEnded(
      live.callId,
      answeredSeconds ?? (now - live.startedAt) / 1000,
      answeredSeconds !== undefined ? 'carrier' : 'measured',
      now,
    );
    registry.publish(live.callId, 'call.ended', { outcome, durationMs: now - live.startedAt, reason });
  };
}

/**
 * What a call's end means when its caller's stream is gone: a person had it, a message was left, it
 * was still waiting for a person, the carrier dropped it mid-call (an abnormal close), or the AI had it.
 */
export function outcomeOf(call: LiveCallState, closeCode?: number): CallOutcome {
  if (call.hangUpAsked) return call.hangUpAsked.outcome;
  if (call.reachedPerson) return 'agent-handled';
  if (call.messageLeft) return 'voicemail';
  if (call.escalationOpen) return 'abandoned';
  if (closeCode !== undefined && closeCode !== 1000 && closeCode !== 1001) return 'failed';
  return 'ai-resolved';
}
