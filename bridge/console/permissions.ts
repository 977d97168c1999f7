// Who may run each console command, declared once beside the contract and checked exhaustive with
// `satisfies`; the dispatcher (rpc.ts) applies it from the console's identity before any handler runs.
// The host's own console (no agent identity) is the admin and may run everything. A teammate's console
// (an agent identity, given by the LAN listener from the agent's token) may run what the live board
// needs: watch, take over to themselves, whisper, listen, hang up, read the call log (one call's export
// included) and the team's state, and keep their own agent record (presence, name, number). Settings,
// the tunnel and the number, the team itself, other agents' records, and the call log's bulk export and
// deletion stay with the host: a teammate's settings.set could point sautikitApiBase at their own
// server (the next redirect would carry the host's Sautikit key there), and an agent.save of a
// colleague could ring their own phone.
import { SautiError } from '../base/errors';
import type { CommandArgs, CommandName } from '../api/contract';

/** Who a console is: the host's own (no agentId) or a teammate's. */
export interface ConsoleIdentity {
  readonly agentId?: string;
}

export type Permission<N extends CommandName> =
  /** Host and teammates. */
  | { readonly teammate: 'allowed' }
  /** The host only; `what` finishes "Only the host laptop can …". */
  | { readonly teammate: 'refused'; readonly what: string }
  /** A teammate only with these arguments (their own agent, one call); `what` names the rest. */
  | {
      readonly teammate: 'when';
      readonly what: string;
      readonly allows: (args: CommandArgs<N>, self: string) => boolean;
    };

const allowed = { teammate: 'allowed' } as const;
const hostOnly = (what: string) => ({ teammate: 'refused', what }) as const;

export const commandPermissions = {
  'status.get': allowed,
  'calls.list': allowed,
  'call.get': allowed,
  // Without an agent, Take over rings the teammate's own phone.
  'call.takeOver': {
    teammate: 'when',
    what: 'hand a call to another agent',
    allows: (args, self) => (args.agentId ?? self) === self,
  },
  'call.release': allowed,
  'call.hangUp': allowed,
  'call.whisper': allowed,
  'call.listen': allowed,
  'agents.list': allowed,
  // Without an id, agent.save adds an agent: the host's call.
  'agent.save': {
    teammate: 'when',
    what: 'add agents or change another agent’s name and number',
    allows: (args, self) => args.id === self,
  },
  'agent.remove': hostOnly('remove agents'),
  'agent.setPresence': {
    teammate: 'when',
    what: 'change another agent’s presence',
    allows: (args, self) => args.id === self,
  },
  'queue.get': allowed,
  'history.list': allowed,
  'history.search': allowed,
  'history.detail': allowed,
  // One call is what the teammate can read anyway; a range is the log in one file, callers' numbers and
  // words: personal data leaves the app in bulk only with the host's say-so.
  'history.export': {
    teammate: 'when',
    what: 'export the call log',
    allows: (args) => args.callId !== undefined,
  },
  'history.deleteCaller': hostOnly('delete a caller’s calls'),
  // A teammate hears and calls back messages like any agent.
  'history.voicemail': allowed,
  'callbacks.list': allowed,
  'callback.done': allowed,
  'stats.daily': allowed,
  // Secrets are never in the view (set / not set only); the window shows a teammate the settings read-only.
  'settings.get': allowed,
  'settings.set': hostOnly('change settings'),
  // The test call runs on the host's AI account and its loopback media socket.
  'call.placeTest': hostOnly('place a test call'),
  'tunnel.get': allowed,
  'tunnel.set': hostOnly('change how Sautikit reaches it'),
  'tunnel.test': hostOnly('test its setup'),
  'setup.liveCheck': hostOnly('test its setup'),
  'numbers.list': allowed,
  'number.answerHere': hostOnly('point a number at itself'),
  'number.stopAnswering': hostOnly('stop answering a number'),
  'team.get': allowed,
  'team.setHosting': hostOnly('host a team'),
  'team.pairingCode': hostOnly('give out pairing codes'),
  'team.revoke': hostOnly('remove a teammate'),
  // The handlers answer these two for each side (a teammate leaves; nobody joins through a core).
  'team.join': allowed,
  'team.leave': allowed,
} satisfies { readonly [N in CommandName]: Permission<N> };

/** Why this console may not run this command with these arguments (TEAM_HOST_ONLY), or null. */
export function permissionRefusal<N extends CommandName>(
  name: N,
  args: CommandArgs<N>,
  identity: ConsoleIdentity,
): SautiError | null {
  const self = identity.agentId;
  if (self === undefined) return null;
  const rule = commandPermissions[name] as Permission<N>;
  if (rule.teammate === 'allowed') return null;
  if (rule.teammate === 'when' && rule.allows(args, self)) return null;
  return new SautiError('TEAM_HOST_ONLY', `Only the host laptop can ${rule.what}`);
}
