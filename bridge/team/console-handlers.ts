// Console commands for team mode: hosting, pairing codes, revoking, leaving. Who may join is the host's
// business: the dispatcher refuses those commands to a teammate's console (console/permissions.ts)
// before they get here.
import { SautiError } from '../base/errors';
import type { ConsoleIdentity } from '../console/permissions';
import type { TeamFeature } from './team-feature';
import type { Handlers } from '../console/rpc';

export type TeamHandlers = Pick<
  Handlers,
  'team.get' | 'team.setHosting' | 'team.pairingCode' | 'team.revoke' | 'team.join' | 'team.leave'
>;

export function teamHandlers(feature: TeamFeature, identity: ConsoleIdentity): TeamHandlers {
  const team = feature.host;
  return {
    'team.get': () => team.view(team.teammate(identity.agentId)),
    'team.setHosting': async ({ on }) => {
      await team.setHosting(on);
      return team.view();
    },
    'team.pairingCode': () => team.issueCode(),
    'team.revoke': async ({ agentId }) => {
      await team.revoke(agentId);
      return team.view();
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
      await team.leave(identity.agentId);
      return { left: true };
    },
  };
}
