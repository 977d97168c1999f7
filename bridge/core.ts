// createCore(config): the one entry both Electron and `npm run serve` use. Wiring only: each feature —
// the calls (streams, AI, the board), the human side (agents, hand-offs, the waiting line), the call
// log, settings, the team and reachability — is built here, handed what it needs, and registers its
// own console commands; the public server carries the webhooks and the media sockets.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RealtimeProvider } from './ai/provider';
import type { EventName, Events } from './api/contract';
import { startConsoleServer, type ConsoleServer } from './console/console-server';
import { historyHandlers } from './store/history-handlers';
import { applySavedSettings, settingsHandlers } from './settings/console-handlers';
import { placeTestCall } from './calls/test-call';
import { ListenIn } from './calls/listen-in';
import { projectLiveEvents } from './calls/live-view';
import type { Pipe } from './console/pipe';
import { serveRpc, type RpcServer } from './console/rpc';
import { APP_STOPPED_REASON, createEndCall } from './calls/call-end';
import { createCallFlow } from './calls/call-flow';
import { CallerStreams } from './calls/caller-streams';
import { callHandlers } from './calls/console-handlers';
import { CallBill } from './calls/call-bill';
import { CarrierRates } from './calls/carrier-rates';
import { CostMeter } from './calls/cost';
import { ratesInUse } from './calls/rates-in-use';
import { CallRegistry } from './calls/registry';
import { realClock, type Clock } from './base/clock';
import { providerChoice, type Config } from './config/config';
import { startPublicServer, type PublicServer } from './app/public-server';
import { HumanSideFeature } from './human/human-side';
import type { AgentRepository } from './domain/agent';
import { createRouteUrls } from './human/route-urls';
import { createLog, type Log } from './base/log';
import { SautikitClient } from './sautikit/client';
import { webhooksUnsigned } from './sautikit/signing-keys';
import { createWebhookRouter } from './sautikit/webhooks';
import { SettingsFile, type SettingsSecrets } from './settings/settings-file';
import { SqliteAgentRepository } from './store/agent-repository';
import { StoreClient } from './store/client';
import { teamHandlers } from './team/console-handlers';
import type { SecretStore } from './base/secret-store';
import { TeamFeatures, type TeamFeaturesDeps } from './team/team-features';
import { SelfTestProbes } from './reachability/self-test-probes';
import { statusHandler } from './app/status';

export const VERSION = '0.1.0';

export interface CoreDeps {
  clock: Clock;
  log: Log;
  /** Builds the AI provider from settings; null when none is configured. */
  createProvider: (config: Config) => RealtimeProvider | null;
  /** Where the built renderer lives (browser mode). */
  rendererDir: string;
  /** Whether to start the loopback console server (browser mode); Electron uses MessagePorts. */
  consoleServer: boolean;
  /** Where the agent roster is kept (the store's agents table); in memory when absent. */
  agentRepository?: AgentRepository;
  /** Where generated secrets live (Electron: sealed with safeStorage); a 0600 file in DATA_DIR when absent. */
  secrets?: SecretStore;
  /** Where the AI keys, Sautikit key and webhook secret set from the window are kept (Electron: safeStorage); settings.json when absent. */
  settingsSecrets?: SettingsSecrets;
  /** Test seams for the tunnel providers (ngrok package, cloudflared process, HTTP). */
  tunnelSeams?: Partial<Pick<TeamFeaturesDeps, 'ngrokLoad' | 'spawnCloudflared' | 'fetch'>>;
}

export interface StartedCore {
  readonly publicUrl: string;
  readonly port: number;
  readonly consoleUrl: string | null;
  readonly consolePort: number | null;
}

export interface Core {
  readonly config: Config;
  readonly registry: CallRegistry;
  /** The tunnel, the number pointed here, team mode. */
  readonly team: TeamFeatures;
  /** The agents, the hand-off route, the waiting line. */
  readonly human: HumanSideFeature;
  /** The call log (history, the agents table, its settings table). */
  readonly store: StoreClient;
  start(): Promise<StartedCore>;
  stop(): Promise<void>;
  attachConsole(pipe: Pipe, identity: { agentId?: string }): () => void;
}

const defaultRendererDir = () =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'renderer');

export function createCore(config: Config, partial: Partial<CoreDeps> = {}): Core {
  const clock = partial.clock ?? realClock;
  const log = partial.log ?? createLog({ level: config.logLevel, logCallContent: config.logCallContent });
  const rendererDir = partial.rendererDir ?? defaultRendererDir();
  const createProvider = partial.createProvider ?? (() => null);
  // Settings saved from the window, layered over the environment's; `config` is changed in place so
  // every module reads the new values from the next call on.
  const settingsFile = new SettingsFile(config.dataDir, process.env, partial.settingsSecrets);
  const startupConfig: Config = { ...config };
  applySavedSettings({ file: settingsFile, startup: startupConfig, live: config });
  const store = new StoreClient({ dataDir: config.dataDir, log, clock, retentionDays: config.retentionDays });
  const registry = new CallRegistry(clock);
  const consoles = new Set<RpcServer>();
  const statusWatchers = new Set<() => void>();
  const statusChanged = () => statusWatchers.forEach((send) => send());
  const broadcast = <E extends EventName>(name: E, data: Events[E]) =>
    consoles.forEach((c) => c.emit(name, data));
  let provider: RealtimeProvider | null = createProvider(config);
  let publicServer: PublicServer | null = null;
  let consoleServer: ConsoleServer | null = null;
  let publicUrl = config.publicUrl ?? `http://127.0.0.1:${config.port}`;
  const loopbackBase = () => publicServer?.loopbackUrl ?? null;

  // The REST client reads the key and base URL at each request: a change in Settings applies at once.
  const sautikitClient = new SautikitClient({
    baseUrl: () => config.sautikitApiBase,
    apiKey: () => config.sautikitApiKey,
    clock,
    log,
    timeoutMs: config.sautikitTimeoutMs,
    retries: config.sautikitRetries,
  });
  const sautikit = () => (config.sautikitApiKey ? sautikitClient : null);
  const rates = new CarrierRates({ clock, log, settings: () => config });
  const bill = new CallBill({ registry, clock, log, client: sautikit });
  const cost = new CostMeter({ registry, settings: () => config, rates, bill });
  const endCall = createEndCall({ registry, cost, clock });
  const urls = createRouteUrls({ secret: config.mediaTokenSecret, clock, publicUrl: () => publicUrl });
  const human = new HumanSideFeature({
    config,
    clock,
    log,
    registry,
    cost,
    bill,
    urls,
    endCall,
    client: sautikit,
    consolesOpen: () => consoles.size,
    repository: partial.agentRepository ?? new SqliteAgentRepository(store, clock),
  });
  const listenIn = new ListenIn();
  const streams = new CallerStreams({
    config,
    clock,
    log,
    registry,
    connectAi: () => {
      const p = provider;
      return p
        ? (callSid, callLog) =>
            p.connect({ callId: callSid, instructions: config.systemPrompt ?? '', log: callLog, clock })
        : null;
    },
    escalate: (callId, reason, detail, trigger) => void human.escalate(callId, reason, detail, trigger),
    tap: (id, direction, frame) => listenIn.frame(id, direction, frame),
    endCall,
    onCarrierRoute: (call) => human.carrier.has(call),
    deferStreamEnd: (call, code) => human.route.deferStreamEnd(call, code),
    onClosed: (callSid) => listenIn.forget(callSid),
  });
  const probes = new SelfTestProbes(clock);
  const team = new TeamFeatures({
    config,
    clock,
    log,
    rendererDir,
    secrets: partial.secrets,
    ...partial.tunnelSeams,
    publicUrl: () => publicUrl,
    setPublicUrl: (url) => {
      publicUrl = url ?? config.publicUrl ?? loopbackBase() ?? publicUrl;
      log.info({ publicUrl }, 'public URL changed');
      statusChanged();
    },
    broadcast,
    signingChanged: () => statusChanged(),
    enroll: async ({ name, number }) =>
      (human.roster.findByNumber(number) ?? (await human.roster.save({ name, number }))).id,
    agentByNumber: (number) => human.roster.findByNumber(number),
    retire: async (agentId) => {
      if (human.roster.get(agentId)) await human.roster.setPresence(agentId, 'away');
    },
    attach: (pipe, identity) => core.attachConsole(pipe, identity),
    mediaProbeUrl: (base) => probes.issue(base, config.mediaTokenSecret),
  });
  const flow = createCallFlow({
    config,
    clock,
    log,
    registry,
    publicUrl: () => publicUrl,
    provider: () => (provider ? { name: provider.name, model: provider.model } : 'none'),
    human: human.webhook,
    tokens: urls,
    endCall,
    // Public: says whether calls are answered and logged, and nothing an outsider could count.
    health: () => {
      const storeOk = store.status().ok;
      return {
        ok: publicServer !== null && storeOk,
        detail: { store: storeOk ? 'ok' : 'error', version: VERSION },
      };
    },
  });
  // Every call event goes to the call log (queued from the first, written off the audio path); a
  // message left changes the callback list once it is written.
  registry.events.on('event', (event) => {
    store.record(event);
    if (event.kind === 'voicemail')
      void store.flush().then(
        () => broadcast('callbacks.changed', { callId: event.callId }),
        () => undefined,
      );
  });
  const offLive = projectLiveEvents(registry, broadcast);
  human.roster.events.on('changed', (list) => broadcast('agents.changed', list));
  human.line.events.on('changed', () => broadcast('queue.changed', human.line.view(clock.epochMs())));

  const core: Core = {
    config,
    registry,
    team,
    human,
    store,

    async start() {
      await store.start();
      cost.start();
      rates.start();
      // The roster is kept in the call log: one that cannot be read yet does not stop calls being
      // answered; it keeps trying by itself, and at once when the log is writable again.
      await human.start();
      store.events.on('status', (s) => {
        if (s.ok) human.roster.retryLoad();
      });
      publicServer = await startPublicServer({
        host: config.host,
        port: config.port,
        clock,
        log,
        webhooks: createWebhookRouter(config, clock, log, flow, () => team.signingKeys()),
        media: {
          tokenSecret: config.mediaTokenSecret,
          admit: (claims) => {
            if (claims.purpose === 'agent-media')
              return human.route.ringOf(claims.callSid, claims.legId)?.awaitingStream ||
                human.liveCheck.awaitingStream(claims.legId)
                ? { ok: true }
                : { ok: false, status: 410, reason: 'agent leg not waiting' };
            return probes.has(claims.callSid) ? { ok: true } : streams.admit(claims.callSid);
          },
          onStream: (ws, claims) => {
            if (claims.purpose === 'agent-media') {
              const ring = human.route.ringOf(claims.callSid, claims.legId);
              if (ring) ring.attachStream(ws);
              else human.liveCheck.attachStream(claims.legId, ws);
            } else if (probes.take(claims.callSid)) ws.close(1000, 'self-test ok');
            else streams.start(ws, claims.callSid);
          },
        },
      });
      const { port } = publicServer;
      publicUrl = config.publicUrl ?? publicServer.loopbackUrl;
      log.info({ port, host: config.host, publicUrl }, 'public webhook and media server listening');
      const choice = providerChoice(config);
      if (choice.provider === 'none')
        log.warn(
          { aiProvider: config.aiProvider, reason: choice.reason },
          'no AI provider: calls go to people',
        );
      else if (choice.provider === 'demo')
        log.warn(
          { aiProvider: config.aiProvider, reason: choice.reason },
          'no AI key: the built-in demo agent (a script, not a real AI) answers calls',
        );
      else
        log.info(
          { provider: choice.provider, model: provider?.model, reason: choice.reason },
          'AI provider ready',
        );
      if (webhooksUnsigned(team.signingKeys()))
        log.warn(
          { code: 'WEBHOOK_UNSIGNED' },
          'SAUTIKIT_WEBHOOK_SECRET is not set: webhooks are not signed, so anyone who finds the public URL can ' +
            'open calls (and AI sessions) here. Set it to the voice signing secret of your number.',
        );
      await team.start(port);
      if (partial.consoleServer ?? true) {
        consoleServer = await startConsoleServer({
          host: config.consoleHost,
          port: config.consolePort,
          token: config.consoleToken,
          rendererDir,
          log,
          attach: (pipe) => core.attachConsole(pipe, {}),
        });
        log.info({ port: consoleServer.port }, 'console API listening on loopback');
      }
      return {
        publicUrl,
        port,
        consoleUrl: consoleServer?.url ?? null,
        consolePort: consoleServer?.port ?? null,
      };
    },

    async stop() {
      // A call cut off by the app stopping is recorded as such, not as resolved.
      for (const call of registry.list()) endCall(call.callSid, 'failed', APP_STOPPED_REASON);
      human.stop();
      cost.stop();
      bill.stop();
      rates.stop();
      await team.stop();
      streams.closeAll('app stopping');
      for (const c of consoles) c.close();
      consoles.clear();
      offLive();
      await publicServer?.close();
      publicServer = null;
      await consoleServer?.close();
      consoleServer = null;
      provider = null;
      await store.stop();
      log.info('core stopped');
    },

    attachConsole(pipe, identity) {
      // Listen-in and headset audio go as binary frames on the same pipe, in order with the messages.
      const sink = (frame: Uint8Array) => pipe.sendBinary(frame);
      const key = {};
      const handlers = {
        ...statusHandler({
          version: VERSION,
          publicUrl: () => publicUrl,
          provider: () => provider,
          store,
          team,
          identity,
        }),
        ...callHandlers({ registry, listenIn, client: sautikit, endCall, sink }),
        ...human.handlers({ identity, key, sink }),
        ...historyHandlers(store, {
          dataDir: config.dataDir,
          callbacksChanged: (callId) => broadcast('callbacks.changed', { callId }),
        }),
        ...settingsHandlers({
          file: settingsFile,
          startup: startupConfig,
          live: config,
          log,
          publicUrl: () => publicUrl,
          providerName: () => provider?.name ?? 'none',
          ratesInUse: () => ratesInUse(rates, config, provider?.name ?? 'none'),
          applied: () => {
            // The next call connects with the new provider, key, model, voice and instructions.
            provider = createProvider(config);
            statusChanged();
          },
        }),
        'call.placeTest': (args: Parameters<typeof placeTestCall>[1]) =>
          placeTestCall({ config, clock, log, localBaseUrl: loopbackBase }, args),
        ...teamHandlers(team, identity),
      };
      const rpc = serveRpc(pipe, handlers, log, identity, (frame) => human.consoleFrame(key, frame));
      consoles.add(rpc);
      const sendStatus = () => {
        void Promise.resolve(handlers['status.get']({})).then((view) => rpc.emit('status.changed', view));
      };
      statusWatchers.add(sendStatus);
      const offStore = store.events.on('status', sendStatus);
      const detach = () => {
        offStore();
        statusWatchers.delete(sendStatus);
        listenIn.stopAll(sink);
        human.consoleClosed(key);
        rpc.close();
        consoles.delete(rpc);
      };
      pipe.onClose(detach);
      return detach;
    },
  };
  return core;
}
