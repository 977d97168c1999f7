// The console's commands for the human side: the agents (the roster validates numbers), the waiting
// line, Take over (to the clicking agent's phone, or on this window's headset) and Release.
import type { Handlers } from '../console/rpc';
import type { ConsoleSession } from '../console/session';
import type { CallRegistry } from '../calls/registry';
import type { Clock } from '../base/clock';
import { SautiError } from '../base/errors';
import type { AgentId, CallId } from '../domain/ids';
import type { HumanRoute } from './human-route';
import type { LiveCheck } from './live-check';
import type { AgentRoster } from './roster';
import type { WaitingLine } from './waiting-line';

export type HumanHandlers = Pick<
  Handlers,
  | 'agents.list'
  | 'agent.save'
  | 'agent.remove'
  | 'agent.setPresence'
  | 'call.takeOver'
  | 'call.release'
  | 'queue.get'
  | 'setup.liveCheck'
>;

/** An agent as the console contract has it (the roster's view, field for field). */
export interface HumanHandlersDeps {
  readonly roster: AgentRoster;
  readonly registry: CallRegistry;
  readonly route: HumanRoute;
  readonly line: WaitingLine;
  readonly liveCheck: LiveCheck;
  readonly clock: Clock;
  /** Escalates a call still with the AI as a take-over (the policy's one door). */
  readonly escalate: (callId: CallId, target: AgentId | undefined) => boolean;
  readonly console: ConsoleSession;
}

export function humanHandlers(deps: HumanHandlersDeps): HumanHandlers {
  const { roster, registry, route, console } = deps;
  return {
    'agents.list': () => roster.list(),
    'agent.save': async (args) => roster.save(args),
    'agent.remove': async ({ id }) => ({ removed: await roster.remove(id) }),
    'agent.setPresence': async ({ id, presence }) => roster.setPresence(id, presence),
    'call.takeOver': ({ callId, agentId, via = 'phone' }) => {
      const live = registry.get(callId);
      if (!live || live.phase === 'ended')
        throw new SautiError('CALL_NOT_FOUND', 'That call is not live any more');
      const target = agentId ?? console.identity.agentId;
      if (target && !roster.get(target))
        throw new SautiError('AGENT_NOT_FOUND', 'That agent is not on the roster');
      if (via === 'phone' && !target && roster.list().length !== 1)
        throw new SautiError('AGENT_REQUIRED', 'Choose whose phone should ring');
      const agent = target ?? (via === 'phone' ? roster.list()[0]?.id : undefined);
      return route.takeOver(
        live.callSid,
        { agentId: agent, via, console: via === 'headset' ? console : undefined },
        (t) => deps.escalate(live.callId, t),
      );
    },
    'call.release': ({ callId }) => ({
      released: route.release(callId, console.key, 'released from the window'),
    }),
    'queue.get': () => deps.line.view(deps.clock.epochMs()),
    'setup.liveCheck': ({ agentId }) => deps.liveCheck.run(agentId ?? console.identity.agentId),
  };
}
