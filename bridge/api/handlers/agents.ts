// Console commands for the team's agents, the queue and Take over: thin checks over the overflow
// module (the roster validates numbers; escalation decides, idempotently).
import { SautiError } from '../../errors';
import type { CallRegistry } from '../../calls/registry';
import type { Overflow } from '../../calls/overflow';
import type { AgentView } from '../../calls/routing';
import type { Agent } from '../contract';
import type { Handlers } from '../rpc';

export type AgentHandlers = Pick<
  Handlers,
  'agents.list' | 'agent.save' | 'agent.remove' | 'agent.setPresence' | 'call.takeOver' | 'queue.get'
>;

export function toAgent(a: AgentView): Agent {
  return {
    id: a.id,
    name: a.name,
    number: a.number,
    presence: a.presence,
    lastCallEndedAt: a.lastCallEndedAt,
    lastError: a.lastError,
  };
}

export function agentHandlers(
  overflow: Overflow,
  registry: CallRegistry,
  identity: { agentId?: string },
): AgentHandlers {
  const { roster } = overflow;
  return {
    'agents.list': () => roster.list().map(toAgent),
    'agent.save': async (args) => toAgent(await roster.save(args)),
    'agent.remove': async ({ id }) => ({ removed: await roster.remove(id) }),
    'agent.setPresence': async ({ id, presence }) => toAgent(await roster.setPresence(id, presence)),
    'call.takeOver': ({ callId, agentId }) => {
      const live = registry.get(callId);
      if (!live || live.phase === 'ended')
        throw new SautiError('CALL_NOT_FOUND', 'That call is not live any more');
      const target = agentId ?? identity.agentId;
      if (target && !roster.get(target))
        throw new SautiError('AGENT_NOT_FOUND', 'That agent is not on the roster');
      const accepted = overflow.escalate(
        live.callId,
        'agent-takeover',
        'Take over clicked',
        undefined,
        target,
      );
      return { accepted };
    },
    'queue.get': () => overflow.queueView(),
  };
}
