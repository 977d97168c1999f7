// Being reachable, assembled: the public URL (the team's own, or a tunnel's: ngrok or a Cloudflare quick
// tunnel, kept up by a supervisor), the numbers pointed at it through Sautikit's API (and re-pointed when
// the URL changes), the webhook secrets that come with them, and "Test my setup" with its media probe.
import path from 'node:path';
import type { Clock } from '../base/clock';
import type { Config } from '../config/config';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import type {
  AnswerHereResult,
  NumberView,
  SetupReport,
  TunnelProviderChoice,
  TunnelView,
} from '../api/contract';
import type { Broadcast } from '../console/session';
import type { CallTokenClaims } from '../media/call-token';
import type { AdmitResult } from '../media/server';
import type { WebSocket } from 'ws';
import { NumberRoutingService } from '../sautikit/number-routing';
import { NumbersClient, rememberRoutingForms, type RoutingForm } from '../sautikit/numbers';
import { webhooksUnsigned, type SigningKey } from '../sautikit/signing-keys';
import { ensureCloudflared } from './cloudflared-binary';
import { ngrokTunnel, type NgrokModule } from './ngrok';
import { ownUrlTunnel } from './own-url';
import { normalisePublicUrl, type TunnelProvider } from './provider';
import { PublicUrl } from './public-url';
import { cloudflareQuickTunnel, type TunnelProcess } from './quick-tunnel';
import { SelfTestProbes } from './self-test-probes';
import { testSetup } from './setup-test';
import { TunnelSupervisor } from './tunnel-supervisor';
import { createJsonRecord, type SecretStore } from '../base/secret-store';

export interface ReachabilityDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  /** Where the ngrok token and the numbers' webhook secrets are kept. */
  readonly secrets: SecretStore;
  readonly broadcast: Broadcast;
  /** Something the status bar shows changed: the public URL, or which webhook secrets are enforced. */
  readonly changed: () => void;
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

export class Reachability {
  readonly publicUrl: PublicUrl;
  readonly numbers: NumberRoutingService;
  /** "Test my setup"'s one-off media URLs. */
  readonly probes: SelfTestProbes;
  private readonly choice;
  private supervisor: TunnelSupervisor | null = null;
  private publicPort: number | null = null;
  /** The last "Test my setup", shown in every window until the public URL changes. */
  private lastTest: SetupReport | null = null;

  constructor(private readonly deps: ReachabilityDeps) {
    const { config, clock, log, secrets } = deps;
    const dataDir = config.dataDir;
    this.publicUrl = new PublicUrl({
      configured: () => config.publicUrl,
      port: config.port,
      log,
      changed: deps.changed,
    });
    this.probes = new SelfTestProbes(clock);
    this.choice = createJsonRecord<TunnelChoice>(dataDir, 'tunnel.json', () => ({}));
    const routingForms = createJsonRecord<Record<string, RoutingForm>>(
      dataDir,
      'routing-forms.json',
      () => ({}),
    );
    this.numbers = new NumberRoutingService({
      client: () =>
        new NumbersClient({
          baseUrl: config.sautikitApiBase,
          apiKey: config.sautikitApiKey,
          log,
          fetch: deps.fetch,
          formMemory: rememberRoutingForms(routingForms, config.sautikitApiBase, config.sautikitApiKey),
        }),
      secrets,
      record: createJsonRecord(dataDir, 'number-routing.json', () => ({ answered: [] })),
      clock,
      log,
      publicUrl: this.publicUrl.get,
      signingChanged: deps.changed,
    });
  }

  /** Every key a webhook may be signed with: each number answered here, and the setting (always enforced). */
  signingKeys(): SigningKey[] {
    const keys = this.numbers.signingKeys();
    if (this.deps.config.webhookSecret) keys.push({ secret: this.deps.config.webhookSecret, enforced: true });
    return keys;
  }

  /** The public server listens on `loopbackUrl` (port `port`): the tunnel starts, pointed at it. */
  start(port: number, loopbackUrl: string): void {
    this.publicUrl.listening(loopbackUrl);
    this.publicPort = port;
    if (webhooksUnsigned(this.signingKeys()))
      this.deps.log.warn(
        { code: 'WEBHOOK_UNSIGNED' },
        'SAUTIKIT_WEBHOOK_SECRET is not set: webhooks are not signed, so anyone who finds the public URL can ' +
          'open calls (and AI sessions) here. Set it to the voice signing secret of your number.',
      );
    this.restartTunnel();
  }

  async stop(): Promise<void> {
    await this.supervisor?.stop();
    this.supervisor = null;
  }

  /** "Test my setup"'s probe on the media socket: accepted once, then closed at once. */
  admitProbe(claims: CallTokenClaims): AdmitResult | null {
    return this.probes.has(claims.callSid) ? { ok: true } : null;
  }

  /** Closes a probe's socket at once (true when it was one): the path through the tunnel works. */
  answerProbe(ws: WebSocket, claims: CallTokenClaims): boolean {
    if (!this.probes.take(claims.callSid)) return false;
    ws.close(1000, 'self-test ok');
    return true;
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
      publicUrl: this.publicUrl.get(),
      ngrokAuthtokenSet: Boolean(this.deps.config.ngrokAuthtoken ?? this.deps.secrets.get(NGROK_TOKEN)),
      ngrokDomain: c.ngrokDomain,
      ownUrl: c.ownUrl,
      lastTest: this.lastTest?.publicUrl === this.publicUrl.get() ? this.lastTest : undefined,
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
      if (args.ngrokAuthtoken === '') this.deps.secrets.delete(NGROK_TOKEN);
      else this.deps.secrets.set(NGROK_TOKEN, args.ngrokAuthtoken);
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
    const publicUrl = this.publicUrl.get();
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
      mediaProbeUrl: this.probes.issue(publicUrl, this.deps.config.mediaTokenSecret),
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

  private providerFor(choice: ReturnType<Reachability['effectiveChoice']>): TunnelProvider | null {
    const { config, clock } = this.deps;
    switch (choice.provider) {
      case 'none':
        return null;
      case 'own-url':
        return ownUrlTunnel(choice.ownUrl);
      case 'ngrok':
        return ngrokTunnel({
          authtoken: config.ngrokAuthtoken ?? this.deps.secrets.get(NGROK_TOKEN),
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
      this.publicUrl.follow(null);
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
      this.publicUrl.follow(url);
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
