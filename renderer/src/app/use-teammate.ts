// True in a teammate's window (see app/state/role.ts): controls only the host may use are left out.
import { isTeammateConsole } from './state/role';
import { useStore } from '../shared/state/use-store';
import { useApp } from './app-context';

export function useTeammate(): boolean {
  const app = useApp();
  return isTeammateConsole(useStore(app.stores.status), useStore(app.stores.link));
}
