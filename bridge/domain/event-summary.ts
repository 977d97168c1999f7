// One line of a call's timeline for each event worth a line: what the board's timeline and the call
// log's record show. Pure words over the call events (no state, no I/O).
import type { CallEvent } from './call-events';
import { costSummary } from './cost-words';

export function summarise(event: CallEvent): string | null {
  switch (event.kind) {
    case 'call.started':
      return `Call from ${event.from} (${event.provider})`;
    case 'call.phase':
      return `Now ${event.phase}${event.detail ? `: ${event.detail}` : ''}`;
    case 'stream.started':
      return 'Audio stream connected';
    case 'stream.stopped':
      return `Audio stream closed (${event.reason})`;
    case 'stream.status':
      return `Stream status: ${event.status}`;
    case 'transcript':
      return null;
    case 'turn.metrics':
      return event.latencyMs !== undefined
        ? `Turn ${event.turnId}: reply after ${Math.round(event.latencyMs)} ms`
        : event.greetingMs !== undefined
          ? `Greeting after ${Math.round(event.greetingMs)} ms`
          : null;
    case 'barge-in':
      return `Caller interrupted after ${Math.round(event.heardMs)} ms of the reply`;
    case 'escalation':
      return `Escalation: ${event.reason} — ${event.detail}`;
    case 'redirect':
      return event.ok
        ? 'Call redirected to the human route'
        : `Redirect failed: ${event.error ?? 'unknown error'}`;
    case 'test.handoff':
      return event.next === 'agent'
        ? `Test call: a real call would now ring ${event.agentName ?? 'an agent'}`
        : event.next === 'queue'
          ? 'Test call: a real call would now wait in the queue (every agent is busy)'
          : 'Test call: a real call would now go to voicemail (nobody is on duty)';
    case 'dial.attempt':
      return `Ringing ${event.agentName}`;
    case 'dial.result':
      return `Dial ${event.result}${event.detail ? `: ${event.detail}` : ''}`;
    case 'agent.connected':
      return `Connected to ${event.agentName}${event.via === 'headset' ? ' (headset)' : event.via === 'phone' ? ' (phone)' : ''}`;
    case 'agent.left':
      return `${event.agentName} left (${event.reason}): ${
        event.next === 'ai'
          ? 'the AI has the call again'
          : event.next === 'hunt'
            ? 'finding another person'
            : 'saying goodbye'
      }`;
    case 'queue.joined':
      return `Waiting in queue (position ${event.position})`;
    case 'queue.position':
      return null;
    case 'queue.left':
      return `Left queue after ${Math.round(event.waitedMs / 1000)} s (${event.reason})`;
    case 'voicemail':
      return event.message
        ? 'Message taken for a callback'
        : `Voicemail recorded${event.durationS !== undefined ? ` (${Math.round(event.durationS)} s)` : ''}`;
    case 'usage':
      return null;
    case 'cost':
      return costSummary(event);
    case 'error':
      return `Error ${event.code}: ${event.message}`;
    case 'call.ended':
      return `Call ended: ${event.outcome} (${event.reason})`;
  }
}
