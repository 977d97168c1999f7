// Issue 8 in one place for the core: the tunnel (and the public URL it gives), the number pointed at
// the app, and team mode. The core hands over a few hooks (set the public URL, broadcast, roster,
// attach a console) and calls start/stop; everything else lives here and in the files it composes.
import path from 'node:path';
import type { Clock } from '../base/clock';
import type { Config } from '../config/config';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import type { Pipe } from '../console/pipe';
import type {
  AnswerHereResult,
  Events,
  NumberView,
  SetupReport,
  TunnelProviderChoice,
  TunnelView,
} from '../api/contract';
import { NumberRoutingService } from '../sautikit/number-routing';
import { NumbersClient, rememberRoutingForms, type RoutingForm } from '../sautikit/numbers';
import type { SigningKey } from '../sautikit/signing-keys';
import { ensureCloudflared } from '../reachability/cloudflared-binary';
import { ngrokTunnel, type NgrokModule } from '../reachability/ngrok';
import { ownUrlTunnel } from '../reachability/own-url';
import { normalisePublicUrl, type TunnelProvider } from '../reachability/provider';
import { cloudflareQuickTunnel, type TunnelProcess } from '../reachability/quick-tunnel';
import { testSetup } from '../reachability/setup-test';
import { TunnelSupervisor } from '../reachability/tunnel-supervisor';
import type { Teammate } from './agent-tokens';
import { createFileSecretStore, createJsonRecord, type SecretStore } from '../base/secret-store';
import { TeamHost } from './team-host';

export interface TeamFeaturesDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly rendererDir: string;
  /** Where secrets are kept; a 0600 file in DATA_DIR when absent (Electron passes a safeStorage-sealed one). */
  readonly secrets?: SecretStore;
  /** The public URL everything derives from changed (null: back to the configured/loopback one). */
  readonly setPublicUrl: (url: string | null) => void;
  readonly publicUrl: () => string;
  readonly broadcast: <E extends 'tunnel.changed' | 'numbers.changed' | 'team.changed'>(
    name: E,
    data: Events[E],
  ) => void;
  readonly enroll: (teammate: { name: string; number: string }) => Promise<string>;
  /** The roster agent who answers on a number: pairing refuses to take another agent's number. */
  readonly agentByNumber: (number: string) => { id: string; name: string } | undefined;
  readonly retire: (agentId: string) => Promise<void>;
  readonly attach: (pipe: Pipe, identity: { agentId: string }) => () => void;
  /** Which webhook secrets are enforced changed (a generated one was first seen signing a webhook). */
  readonly signingChanged?: () => void;
  /** A media URL the core accepts once, for "Test my setup". */
  readonly mediaProbeUrl: (publicUrl: string) => string;
  /** Test seams at the package/process boundary. */
  readonly ngrokLoad?: () => Promise<NgrokModule>;
  readonly spawnCloudflared?: (command: string, args: readonly string[]) => TunnelProcess;
  readonly fetch?: typeof fetch;
}

interface TunnelChoice {
  provider?: TunnelProviderChoice;
  ngrokDomain?: string;
  ownUrl?: string;
}

const NGROK_TOKEN = 'ngrok-authtoken';

export class TeamFeatures {
  readonly secrets: SecretStore;
  readonly numbers: NumberRoutingService;
  readonly team: TeamHost;
  private readonly choice;
  private supervisor: TunnelSupervisor | null = null;
  private publicPort: number | null = null;
  /** The last "Test my setup", shown in every window until the public URL changes. */
  private lastTest: SetupReport | null = null;

  constructor(private readonly deps: TeamFeaturesDeps) {
    const dataDir = deps.config.dataDir;
    this.secrets = deps.secrets ?? createFileSecretStore(dataDir);
    this.choice = createJsonRecord<TunnelChoice>(dataDir, 'tunnel.json', () => ({}));
    const routingForms = createJsonRecord<Record<string, RoutingForm>>(
      dataDir,
      'routing-forms.json',
      () => ({}),
    );
    this.numbers = new NumberRoutingService({
      client: () =>
        new NumbersClient({
          baseUrl: deps.config.sautikitApiBase,
          apiKey: deps.config.sautikitApiKey,
          log: deps.log,
          fetch: deps.fetch,
          formMemory: rememberRoutingForms(
            routingForms,
            deps.config.sautikitApiBase,
            deps.config.sautikitApiKey,
          ),
        }),
      secrets: this.secrets,
      record: createJsonRecord(dataDir, 'number-routing.json', () => ({ answered: [] })),
      clock: deps.clock,
      log: deps.log,
      publicUrl: deps.publicUrl,
      signingChanged: deps.signingChanged,
    });
    this.team = new TeamHost({
      clock: deps.clock,
      log: deps.log,
      secrets: this.secrets,
      record: createJsonRecord<{ teammates: Teammate[] }>(dataDir, 'team.json', () => ({ teammates: [] })),
      host: deps.config.teamHost,
      port: deps.config.teamPort,
      codeTtlMs: deps.config.pairingCodeTtlMs,
      rendererDir: deps.rendererDir,
      enroll: deps.enroll,
      agentByNumber: deps.agentByNumber,
      retire: deps.retire,
      attach: deps.attach,
      changed: () => deps.broadcast('team.changed', this.team.view()),
      hostingRecord: createJsonRecord<{ hosting?: boolean }>(dataDir, 'team-hosting.json', () => ({})),
    });
  }

  /** Every key a webhook may be signed with: each number answered here, and the setting (always enforced). */
  signingKeys(): SigningKey[] {
    const keys = this.numbers.signingKeys();
    if (this.deps.config.webhookSecret) keys.push({ secret: this.deps.config.webhookSecret, enforced: true });
    return keys;
  }

  /**
   * Why this computer should not become another host's teammate now (it would stop answering calls
   * that reach it), in plain words; null when nothing stands in the way.
   */
  joinBlocker(): string | null {
    const numbers = this.numbers.answered().map((a) => a.number);
    if (numbers.length > 0)
      return `This computer answers ${numbers.join(', ')}. Press “Stop answering here” first, or calls to it will fail while you are on another team.`;
    const teammates = this.team.hosting ? this.team.view().teammates.length : 0;
    if (teammates > 0)
      return `This computer hosts a team (${teammates} teammate${teammates === 1 ? '' : 's'}). Turn off “Host a team” first.`;
    return null;
  }

  async start(publicPort: number): Promise<void> {
    this.publicPort = publicPort;
    this.restartTunnel();
    await this.team.resume();
  }

  async stop(): Promise<void> {
    await this.supervisor?.stop();
    this.supervisor = null;
    await this.team.stop();
  }

  tunnelView(): TunnelView {
    const c = this.effectiveChoice();
    const s = this.supervisor?.status;
    return {
      provider: c.provider,
      state: s?.state ?? 'off',
      url: s?.url,
      message:
        s?.message ??
        (c.provider === 'none'
          ? 'No public URL: Sautikit cannot reach this computer yet. Choose a way below.'
          : 'Tunnel off'),
      code: s?.code,
      retryInMs: s?.retryInMs,
      sinceMs: s?.sinceMs ?? this.deps.clock.epochMs(),
      publicUrl: this.deps.publicUrl(),
      ngrokAuthtokenSet: Boolean(this.deps.config.ngrokAuthtoken ?? this.secrets.get(NGROK_TOKEN)),
      ngrokDomain: c.ngrokDomain,
      ownUrl: c.ownUrl,
      lastTest: this.lastTest?.publicUrl === this.deps.publicUrl() ? this.lastTest : undefined,
    };
  }

  setTunnel(args: {
    provider: TunnelProviderChoice;
    ngrokAuthtoken?: string;
    ngrokDomain?: string;
    ownUrl?: string;
  }): TunnelView {
    if (args.provider === 'own-url') {
      const url = args.ownUrl ? normalisePublicUrl(args.ownUrl) : null;
      if (!url)
        throw new SautiError(
          'TUNNEL_NO_URL',
          'Enter your public URL, for example https://calls.example.co.ke',
        );
    }
    if (args.ngrokAuthtoken !== undefined) {
      if (args.ngrokAuthtoken === '') this.secrets.delete(NGROK_TOKEN);
      else this.secrets.set(NGROK_TOKEN, args.ngrokAuthtoken);
    }
    const saved = this.choice.read();
    this.choice.write({
      provider: args.provider,
      ngrokDomain: args.ngrokDomain !== undefined ? args.ngrokDomain || undefined : saved.ngrokDomain,
      ownUrl: args.ownUrl !== undefined ? (normalisePublicUrl(args.ownUrl) ?? undefined) : saved.ownUrl,
    });
    this.restartTunnel();
    return this.tunnelView();
  }

  async testSetup(): Promise<SetupReport> {
    const s = this.supervisor?.status;
    const publicUrl = this.deps.publicUrl();
    const tunnel = !this.supervisor
      ? {
          ok: /^https:\/\//.test(publicUrl),
          detail: /^https:\/\//.test(publicUrl)
            ? `Using ${publicUrl}`
            : 'No public URL: choose ngrok, a Cloudflare quick tunnel or your own URL',
        }
      : { ok: s?.state === 'online', detail: s?.message ?? 'Tunnel off' };
    const report = await testSetup({
      publicUrl,
      tunnel,
      // Only enforced secrets: the app signing its own probe must not count as Sautikit using a secret.
      signingSecrets: this.signingKeys()
        .filter((k) => k.enforced)
        .map((k) => k.secret),
      mediaProbeUrl: this.deps.mediaProbeUrl(publicUrl),
      nowS: Math.floor(this.deps.clock.epochMs() / 1000),
      nowMs: this.deps.clock.epochMs(),
      fetch: this.deps.fetch,
    });
    // Every open window shows the new result at once, not only the one that asked.
    this.lastTest = report;
    this.deps.broadcast('tunnel.changed', this.tunnelView());
    return report;
  }

  listNumbers(): Promise<NumberView[]> {
    return this.numbers.list();
  }

  answerHere(id: string, confirm: boolean): Promise<AnswerHereResult> {
    return this.numbers.answerHere(id, confirm);
  }

  stopAnswering(id: string): Promise<NumberView> {
    return this.numbers.stopAnswering(id);
  }

  private effectiveChoice(): Required<Pick<TunnelChoice, 'provider'>> & TunnelChoice {
    const saved = this.choice.read();
    const { config } = this.deps;
    const provider = config.tunnelProvider ?? saved.provider ?? (config.publicUrl ? 'own-url' : 'none');
    return {
      provider,
      ngrokDomain: config.ngrokDomain ?? saved.ngrokDomain,
      ownUrl:
        config.tunnelProvider === 'own-url' || !saved.ownUrl
          ? (config.publicUrl ?? saved.ownUrl)
          : saved.ownUrl,
    };
  }

  private providerFor(choice: ReturnType<TeamFeatures['effectiveChoice']>): TunnelProvider | null {
    const { config, clock } = this.deps;
    switch (choice.provider) {
      case 'none':
        return null;
      case 'own-url':
        return ownUrlTunnel(choice.ownUrl);
      case 'ngrok':
        return ngrokTunnel({
          authtoken: config.ngrokAuthtoken ?? this.secrets.get(NGROK_TOKEN),
          domain: choice.ngrokDomain,
          load: this.deps.ngrokLoad,
        });
      case 'cloudflare':
        return cloudflareQuickTunnel({
          clock,
          binary: async () =>
            config.cloudflaredPath ??
            ensureCloudflared({
              dataDir: path.join(config.dataDir),
              releaseApiUrl: config.cloudflaredReleaseUrl,
              fetch: this.deps.fetch,
            }),
          spawn: this.deps.spawnCloudflared,
        });
    }
  }

  private restartTunnel(): void {
    if (this.publicPort === null) return;
    const old = this.supervisor;
    this.supervisor = null;
    void old?.stop();
    const provider = this.providerFor(this.effectiveChoice());
    if (!provider) {
      this.deps.setPublicUrl(null);
      this.deps.broadcast('tunnel.changed', this.tunnelView());
      return;
    }
    const host =
      this.deps.config.host === '0.0.0.0' || this.deps.config.host === '::'
        ? '127.0.0.1'
        : this.deps.config.host;
    const sup = new TunnelSupervisor(
      provider,
      { host, port: this.publicPort },
      this.deps.clock,
      this.deps.log,
    );
    this.supervisor = sup;
    sup.events.on('status', () => {
      if (this.supervisor === sup) this.deps.broadcast('tunnel.changed', this.tunnelView());
    });
    sup.events.on('url', ({ url }) => {
      if (this.supervisor !== sup) return;
      this.deps.setPublicUrl(url);
      this.deps.broadcast('tunnel.changed', this.tunnelView());
      void this.numbers.followPublicUrl().then(
        (result) => {
          if (result.repointed.length > 0 || result.failed.length > 0)
            this.deps.broadcast('numbers.changed', result);
        },
        (err: unknown) => this.deps.log.error({ err: String(err) }, 'could not re-point numbers'),
      );
    });
    sup.start();
  }
}
