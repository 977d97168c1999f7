// Console commands for issue 8: the tunnel and "Test my setup", the number pointed at the app, and team
// mode. Changing how the laptop is reached or who may join is the host's business: the dispatcher
// refuses those commands to a teammate's console (api/permissions.ts) before they get here.
import { SautiError } from '../base/errors';
import type { TeamFeatures } from './team-features';
import type { Handlers } from '../console/rpc';

export type TeamHandlers = Pick<
  Handlers,
  | 'tunnel.get'
  | 'tunnel.set'
  | 'tunnel.test'
  | 'numbers.list'
  | 'number.answerHere'
  | 'number.stopAnswering'
  | 'team.get'
  | 'team.setHosting'
  | 'team.pairingCode'
  | 'team.revoke'
  | 'team.join'
  | 'team.leave'
>;

export function teamHandlers(features: TeamFeatures, identity: { agentId?: string }): TeamHandlers {
  return {
    'tunnel.get': () => features.tunnelView(),
    'tunnel.set': (args) => features.setTunnel(args),
    'tunnel.test': () => features.testSetup(),
    'numbers.list': () => features.listNumbers(),
    'number.answerHere': ({ id, confirm }) => features.answerHere(id, confirm ?? false),
    'number.stopAnswering': ({ id }) => features.stopAnswering(id),
    'team.get': () => features.team.view(features.team.teammate(identity.agentId)),
    'team.setHosting': async ({ on }) => {
      await features.team.setHosting(on);
      return features.team.view();
    },
    'team.pairingCode': () => features.team.issueCode(),
    'team.revoke': async ({ agentId }) => {
      await features.team.revoke(agentId);
      return features.team.view();
    },
    // Joining is the desktop app's business (its main process pairs, keeps the token and relays the
    // window); a core reached here is a host or a browser-mode server, which cannot become a teammate.
    'team.join': () => {
      throw new SautiError(
        'TEAM_JOIN_DESKTOP_ONLY',
        identity.agentId
          ? 'This window is already on a team.'
          : 'Join a team from the desktop app on the teammate’s computer (a browser teammate opens the host’s /join page).',
      );
    },
    'team.leave': async () => {
      if (!identity.agentId)
        throw new SautiError('TEAM_NOT_JOINED', 'This is the host’s own console: it is not on another team.');
      await features.team.leave(identity.agentId);
      return { left: true };
    },
  };
}
