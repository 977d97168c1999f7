// Whose console this window shows: the host's own, or a teammate's (the core named an agent for it, or
// the page came from a team host). A teammate's window leaves out what only the host may do; the core
// refuses those commands to a teammate anyway (bridge/api/permissions.ts, TEAM_HOST_ONLY).
import type { StatusView } from '../../api/contract';
import type { LinkState } from './link';

export function isTeammateConsole(status: StatusView | null, link: Pick<LinkState, 'host'>): boolean {
  return Boolean(status?.agentId) || link.host !== null;
}
