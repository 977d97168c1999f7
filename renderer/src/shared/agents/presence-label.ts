// An agent's presence in plain words: the team strip, the top bar, the agents editor and the
// pick-a-colleague dialog all say it the same way.
import type { Agent } from '../../api/contract';

const PRESENCE_LABEL: Readonly<Record<Agent['presence'], string>> = {
  available: 'Available',
  'on-call': 'On a call',
  away: 'Away',
};

export function presenceLabel(p: Agent['presence']): string {
  return PRESENCE_LABEL[p];
}
