// Console commands for being reachable: the tunnel and "Test my setup", the numbers pointed at this
// computer. Changing how the laptop is reached is the host's business: the dispatcher refuses these
// commands to a teammate's console (console/permissions.ts) before they get here.
import type { Handlers } from '../console/rpc';
import type { Reachability } from './reachability';

export type ReachabilityHandlers = Pick<
  Handlers,
  'tunnel.get' | 'tunnel.set' | 'tunnel.test' | 'numbers.list' | 'number.answerHere' | 'number.stopAnswering'
>;

export function reachabilityHandlers(reach: Reachability): ReachabilityHandlers {
  return {
    'tunnel.get': () => reach.tunnelView(),
    'tunnel.set': (args) => reach.setTunnel(args),
    'tunnel.test': () => reach.testSetup(),
    'numbers.list': () => reach.listNumbers(),
    'number.answerHere': ({ id, confirm }) => reach.answerHere(id, confirm ?? false),
    'number.stopAnswering': ({ id }) => reach.stopAnswering(id),
  };
}
