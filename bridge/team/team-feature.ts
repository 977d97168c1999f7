// The team, assembled: this computer hosting teammates (pairing codes, the LAN listener, their windows
// attached to this core), and whether it may join another host instead.
import type { Clock } from '../base/clock';
import type { Log } from '../base/log';
import { createJsonRecord, type SecretStore } from '../base/secret-store';
import type { Config } from '../config/config';
import type { Pipe } from '../console/pipe';
import type { Broadcast } from '../console/session';
import type { AgentRoster } from '../human/roster';
import type { Reachability } from '../reachability/reachability';
import type { Teammate } from './agent-tokens';
import { TeamHost } from './team-host';

export interface TeamFeatureDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly secrets: SecretStore;
  /** The built window, served to browser teammates on the LAN. */
  readonly rendererDir: string;
  readonly reachability: Reachability;
  readonly broadcast: Broadcast;
  /** Teammates are agents on its roster: pairing enrols them, revoking sets them away. */
  readonly human: { readonly roster: AgentRoster };
  readonly attach: (pipe: Pipe, identity: { agentId: string }) => () => void;
}

export class TeamFeature {
  readonly host: TeamHost;

  constructor(private readonly deps: TeamFeatureDeps) {
    const { config, clock, log, secrets } = deps;
    const { roster } = deps.human;
    const dataDir = config.dataDir;
    this.host = new TeamHost({
      clock,
      log,
      secrets,
      record: createJsonRecord<{ teammates: Teammate[] }>(dataDir, 'team.json', () => ({ teammates: [] })),
      host: config.teamHost,
      port: config.teamPort,
      codeTtlMs: config.pairingCodeTtlMs,
      rendererDir: deps.rendererDir,
      // A paired teammate is the agent already on that number, or a new one.
      enroll: async ({ name, number }) =>
        (roster.findByNumber(number) ?? (await roster.save({ name, number }))).id,
      // Pairing refuses to take another agent's number.
      agentByNumber: (number) => roster.findByNumber(number),
      // A teammate revoked or gone is away from then on.
      retire: async (agentId) => {
        if (roster.get(agentId)) await roster.setPresence(agentId, 'away');
      },
      attach: deps.attach,
      changed: () => deps.broadcast('team.changed', this.host.view()),
      hostingRecord: createJsonRecord<{ hosting?: boolean }>(dataDir, 'team-hosting.json', () => ({})),
    });
  }

  /** Hosting resumes as it was left. */
  start(): Promise<void> {
    return this.host.resume();
  }

  stop(): Promise<void> {
    return this.host.stop();
  }

  /**
   * Why this computer should not become another host's teammate now (it would stop answering calls
   * that reach it), in plain words; null when nothing stands in the way.
   */
  joinBlocker(): string | null {
    const numbers = this.deps.reachability.numbers.answered().map((a) => a.number);
    if (numbers.length > 0)
      return `This computer answers ${numbers.join(', ')}. Press “Stop answering here” first, or calls to it will fail while you are on another team.`;
    const teammates = this.host.hosting ? this.host.view().teammates.length : 0;
    if (teammates > 0)
      return `This computer hosts a team (${teammates} teammate${teammates === 1 ? '' : 's'}). Turn off “Host a team” first.`;
    return null;
  }
}
