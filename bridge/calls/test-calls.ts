// Test calls placed from the window (the dev phone, call.placeTest) are not Sautikit calls: no carrier
// leg exists, so nothing can be redirected, dialled or hung up through the REST API. When one escalates,
// the app says where a real call would go instead.
import type { CallEventMap } from './events';
import type { AgentRoster } from './routing';

/** Call ids of test calls start with this (bridge/api/handlers/test-call.ts). */
export const TEST_CALL_PREFIX = 'TEST-';

export function isTestCall(callSid: string): boolean {
  return callSid.startsWith(TEST_CALL_PREFIX);
}

/** Where the human route would take a real call now: the clicked agent, the next free one, the queue or voicemail. */
export function testHandoffTarget(
  roster: AgentRoster,
  targetAgentId: string | undefined,
): CallEventMap['test.handoff'] {
  const target = targetAgentId ? roster.get(targetAgentId) : undefined;
  const agent = target ?? roster.nextAvailable();
  if (agent) return { next: 'agent', agentId: agent.id, agentName: agent.name };
  return { next: roster.anyoneOnDuty() ? 'queue' : 'voicemail' };
}
