// createCore(config): the one entry both Electron and `npm run serve` use. It owns the public HTTP
// server (webhooks + media socket), the call sessions and AI sockets, and the console API.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { WebSocket } from 'ws';
import type { RealtimeProvider } from './ai/provider';
import { createCallFlow } from './calls/call-flow';
import { createOverflow, type Overflow } from './calls/overflow';
import type { AgentRepository } from './calls/routing';
import { CallRegistry } from './calls/registry';
import { CallSession } from './calls/session';
import { realClock, type Clock } from './clock';
import { effectiveProvider, type Config } from './config';
import type { EventName, Events } from './api/contract';
import { startConsoleServer, type ConsoleServer } from './api/console-server';
import { agentHandlers, toAgent } from './api/handlers/agents';
import { historyHandlers } from './api/handlers/history';
import { applySavedSettings, settingsHandlers } from './api/handlers/settings';
import { listenHandler, type ListenSink } from './api/handlers/listen';
import { placeTestCall } from './api/handlers/test-call';
import { ListenIn } from './api/listen-in';
import { toLiveCall, toLiveCallDetail } from './api/live-view';
import type { Pipe } from './api/pipe';
import { serveRpc, type Handlers, type RpcServer } from './api/rpc';
import { SautiError } from './errors';
import { createLog, type Log } from './log';
import { issueCallToken, verifyCallToken } from './media/call-token';
import { attachMediaServer, type MediaServer } from './media/server';
import { SautikitClient } from './sautikit/client';
import { webhooksUnsigned } from './sautikit/signing-keys';
import { createWebhookRouter } from './sautikit/webhooks';
import { SettingsFile, type SettingsSecrets } from './settings';
import { SqliteAgentRepository } from './store/agent-repository';
import { StoreClient } from './store/client';
import { teamHandlers } from './api/handlers/team';
import { mediaUrl } from './calls/call-flow';
import type { SecretStore } from './team/secret-store';
import { TeamFeatures, type TeamFeaturesDeps } from './team/team-features';
import { refuseOtherUpgrades } from './tunnel/public-surface';
import { lastErrorHandler } from './http/last-error-handler';

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
  /** The tunnel, the number pointed here, team mode (issue 8). */
  readonly team: TeamFeatures;
  /** The call log (history, the agents table, its settings table). */
  readonly store: StoreClient;
  start(): Promise<StartedCore>;
  stop(): Promise<void>;
  attachConsole(pipe: Pipe, identity: { agentId?: string }): () => void;
  /** Escalates a live call (tool call, policy, failure, take-over click) through overflow's one door. */
  escalate(...args: Parameters<Overflow['escalate']>): void;
}

const defaultRendererDir = () =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'renderer');

export function createCore(config: Config, partial: Partial<CoreDeps> = {}): Core {
  const clock = partial.clock ?? realClock;
  const log = partial.log ?? createLog({ level: config.logLevel, logCallContent: config.logCallContent });
  // Settings saved from the window, layered over the environment's; `config` is changed in place so
  // every module reads the new values from the next call on.
  const settingsFile = new SettingsFile(config.dataDir, process.env, partial.settingsSecrets);
  const startupConfig: Config = { ...config };
  applySavedSettings({ file: settingsFile, startup: startupConfig, live: config });
  // The call log: its threads open at start; events are queued from the first one published.
  const store = new StoreClient({ dataDir: config.dataDir, log, clock, retentionDays: config.retentionDays });
  const deps: CoreDeps = {
    clock,
    log,
    createProvider: partial.createProvider ?? (() => null),
    rendererDir: partial.rendererDir ?? defaultRendererDir(),
    consoleServer: partial.consoleServer ?? true,
    agentRepository: partial.agentRepository ?? new SqliteAgentRepository(store, clock),
    secrets: partial.secrets,
    tunnelSeams: partial.tunnelSeams,
  };
  const registry = new CallRegistry(clock);
  const sessions = new Map<string, CallSession>();
  const consoles = new Set<RpcServer>();
  // Each console hears status.changed as its own status.get answers it (a teammate's carries its
  // agentId: a status without it would make the window offer the host's controls).
  const statusWatchers = new Set<() => void>();
  const statusChanged = () => {
    for (const send of statusWatchers) send();
  };
  let provider: RealtimeProvider | null = deps.createProvider(config);
  let httpServer: http.Server | null = null;
  let media: MediaServer | null = null;
  let consoleServer: ConsoleServer | null = null;
  let publicUrl = config.publicUrl ?? `http://127.0.0.1:${config.port}`;

  const broadcast = <E extends EventName>(name: E, data: Events[E]) => {
    for (const c of consoles) c.emit(name, data);
  };

  registry.events.on('event', (event) => {
    const live = registry.get(event.callId);
    if (event.kind === 'transcript') {
      const { turnId, speaker, text, final, startMs, endMs, heardMs, interrupted } = event;
      broadcast('transcript.changed', {
        callId: event.callId,
        line: { turnId, speaker, text, final, startMs, endMs, heardMs, interrupted },
      });
    }
    if (event.kind === 'call.ended') {
      broadcast('call.ended', { callId: event.callId, outcome: event.outcome });
      return;
    }
    if (live) {
      const item = live.timeline.at(-1);
      if (item && item.at === event.at && item.kind === event.kind)
        broadcast('timeline.changed', { callId: event.callId, item });
      broadcast('call.changed', toLiveCall(live));
    }
  });
  registry.events.on('levels', (l) => broadcast('levels.changed', l));
  registry.events.on('event', (event) => store.record(event));

  // One REST client reading the key and base URL from the live config at each request: a change in
  // Settings applies from the next redirect, hang-up or placed call, and its idempotency memory stays.
  const sautikitClient = new SautikitClient({
    baseUrl: () => config.sautikitApiBase,
    apiKey: () => config.sautikitApiKey,
    clock,
    log,
    timeoutMs: config.sautikitTimeoutMs,
    retries: config.sautikitRetries,
  });
  const sautikit = () => (config.sautikitApiKey ? sautikitClient : null);
  const overflow = createOverflow({
    config,
    clock,
    log,
    registry,
    publicUrl: () => publicUrl,
    repository: deps.agentRepository,
    client: sautikit,
    sessions: {
      beginHandoff: (callSid) => sessions.get(callSid)?.beginHandoff(),
      handoffLineDone: (callSid, maxWaitMs) =>
        sessions.get(callSid)?.handoffLineDone(maxWaitMs) ?? Promise.resolve(),
      // No stream yet: the AI leg answers when it connects.
      canKeepCall: (callSid) => sessions.get(callSid)?.canKeepCall() ?? true,
      cancelHandoff: (callSid, apology) => sessions.get(callSid)?.cancelHandoff(apology),
      endStream: (callSid, reason) => {
        const session = sessions.get(callSid);
        session?.sendControl({ type: 'disconnect' });
        session?.close(reason);
      },
      close: (callSid, reason) => sessions.get(callSid)?.close(reason),
    },
  });
  overflow.roster.events.on('changed', (list) => broadcast('agents.changed', list.map(toAgent)));
  overflow.queue.events.on('changed', () => broadcast('queue.changed', overflow.queueView()));

  const selfTestProbes = new Set<string>();
  const team = new TeamFeatures({
    config,
    clock,
    log,
    rendererDir: deps.rendererDir,
    secrets: deps.secrets,
    ...deps.tunnelSeams,
    publicUrl: () => publicUrl,
    setPublicUrl: (url) => {
      publicUrl = url ?? config.publicUrl ?? loopbackBase() ?? publicUrl;
      log.info({ publicUrl }, 'public URL changed');
      statusChanged();
    },
    broadcast: (name, data) => broadcast(name, data),
    signingChanged: () => statusChanged(),
    enroll: async ({ name, number }) =>
      (overflow.roster.findByNumber(number) ?? (await overflow.roster.save({ name, number }))).id,
    retire: async (agentId) => {
      if (overflow.roster.get(agentId)) await overflow.roster.setPresence(agentId, 'away');
    },
    attach: (pipe, identity) => core.attachConsole(pipe, identity),
    mediaProbeUrl: (base) => {
      const callSid = `selftest-${Math.random().toString(36).slice(2, 12)}`;
      selfTestProbes.add(callSid);
      clock.setTimeout(() => selfTestProbes.delete(callSid), 30_000);
      const token = issueCallToken(config.mediaTokenSecret, {
        callSid,
        purpose: 'media',
        expiresAtMs: clock.epochMs() + 30_000,
      });
      return mediaUrl(base, token);
    },
  });

  const escalate: Core['escalate'] = (...args) => {
    overflow.escalate(...args);
  };

  const flow = createCallFlow({
    config,
    clock,
    log,
    registry,
    publicUrl: () => publicUrl,
    provider: () => (provider ? { name: provider.name, model: provider.model } : 'none'),
    humanRoute: overflow.humanRoute,
    verifyHandoffToken: (token) => {
      const check = verifyCallToken(config.mediaTokenSecret, token, 'handoff', clock.epochMs());
      return check.ok ? { callSid: check.claims.callSid, agentId: check.claims.agentId } : null;
    },
    // Public: says whether calls are answered and logged, and nothing an outsider could count.
    health: () => {
      const storeOk = store.status().ok;
      return {
        ok: httpServer !== null && storeOk,
        detail: { store: storeOk ? 'ok' : 'error', version: VERSION },
      };
    },
    escalateNoAi: (callSid) => {
      const live = registry.get(callSid);
      if (live) escalate(live.callId, 'no-ai', 'No AI provider is configured');
    },
  });

  const listenIn = new ListenIn();
  const handlersFor = (identity: { agentId?: string }, listenSink: ListenSink): Handlers => ({
    'status.get': () => ({
      version: VERSION,
      publicUrl,
      provider: provider?.name ?? 'none',
      storeOk: store.status().ok,
      storeError: store.status().error,
      webhookUnsigned: webhooksUnsigned(team.signingKeys()),
      agentId: identity.agentId,
      hostName: identity.agentId ? team.team.hostName : undefined,
    }),
    'calls.list': () => registry.list().map(toLiveCall),
    'call.get': ({ callId }) => {
      const live = registry.get(callId);
      if (!live) throw new SautiError('CALL_NOT_FOUND', 'That call is not live any more');
      return toLiveCallDetail(live);
    },
    ...agentHandlers(overflow, registry, identity),
    'call.hangUp': async ({ callId }) => {
      const live = registry.get(callId);
      const session = sessions.get(callId);
      if (!live && !session) throw new SautiError('CALL_NOT_FOUND', 'That call is not live any more');
      // Sautikit ends the carrier call (call.completed follows); without a key only our stream can close.
      const client = sautikit();
      if (client && live) await client.hangUp(live.callSid);
      else if (!session) throw new SautiError('SAUTIKIT_NO_API_KEY', 'No Sautikit API key: cannot hang up');
      session?.close('hung up from the console');
      return { accepted: true };
    },
    'call.whisper': ({ callId, text }) => {
      const session = sessions.get(callId);
      if (!session) throw new SautiError('CALL_NOT_FOUND', 'That call is not live any more');
      if (!session.whisper(text)) throw new SautiError('CALL_NO_AI', 'The AI is not on this call');
      return { accepted: true };
    },
    'call.listen': listenHandler(listenIn, (callId) => sessions.has(callId), listenSink),
    ...historyHandlers(store),
    ...settingsHandlers({
      file: settingsFile,
      startup: startupConfig,
      live: config,
      log,
      publicUrl: () => publicUrl,
      providerName: () => provider?.name ?? 'none',
      applied: () => {
        // The next call connects with the new provider, key, model, voice and instructions.
        provider = deps.createProvider(config);
        statusChanged();
      },
    }),
    'call.placeTest': (args) => placeTestCall({ config, clock, log, localBaseUrl: loopbackBase }, args),
    ...teamHandlers(team, identity),
  });

  const loopbackBase = () => {
    const address = httpServer?.address();
    return typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : null;
  };

  const startSession = (ws: WebSocket, callSid: string) => {
    const live = registry.get(callSid);
    if (!live) {
      ws.close(1008, 'unknown call');
      return;
    }
    const callLog = log.child({ callId: callSid });
    const p = provider;
    const session = new CallSession({
      ws,
      callId: live.callId,
      callSid,
      config,
      clock,
      log: callLog,
      registry,
      connectAi: p
        ? () =>
            p.connect({
              callId: callSid,
              instructions: config.systemPrompt ?? '',
              log: callLog,
              clock,
            })
        : null,
      escalate,
      tap: (id, direction, frame) => listenIn.frame(id, direction, frame),
    });
    sessions.set(callSid, session);
    ws.on('close', () => {
      sessions.delete(callSid);
      listenIn.forget(callSid);
      const still = registry.get(callSid);
      // The stream ending without an escalation is the end of an AI-handled call.
      if (still && !overflow.isWithHumans(callSid))
        overflow.endCall(still.callId, 'ai-resolved', 'stream closed');
    });
  };

  const core: Core = {
    config,
    registry,
    team,
    store,
    escalate,

    async start() {
      await store.start();
      // The roster is kept in the call log: one that cannot be read yet does not stop calls being
      // answered; the roster keeps trying by itself, and at once when the log is writable again.
      await overflow.start();
      store.events.on('status', (s) => {
        if (s.ok) overflow.roster.retryLoad();
      });
      const app = express();
      app.disable('x-powered-by');
      app.use(createWebhookRouter(config, clock, log, flow, () => team.signingKeys()));
      app.use((_req, res) => res.status(404).type('text/plain').send('not found\n'));
      app.use(lastErrorHandler(log));
      const server = http.createServer(app);
      server.requestTimeout = 15_000;
      server.headersTimeout = 10_000;
      media = attachMediaServer(server, {
        path: '/media',
        tokenSecret: config.mediaTokenSecret,
        clock,
        log,
        admit: (callSid) => {
          if (selfTestProbes.has(callSid)) return { ok: true };
          const live = registry.get(callSid);
          if (!live) return { ok: false, status: 404, reason: 'unknown call' };
          if (live.phase === 'ended') return { ok: false, status: 410, reason: 'call ended' };
          if (sessions.has(callSid)) return { ok: false, status: 409, reason: 'call already streaming' };
          return { ok: true };
        },
        onStream: (ws, callSid) => {
          // "Test my setup" only proves the upgrade through the tunnel: no call, no session.
          if (selfTestProbes.delete(callSid)) return ws.close(1000, 'self-test ok');
          startSession(ws, callSid);
        },
      });
      refuseOtherUpgrades(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      httpServer = server;
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      publicUrl = config.publicUrl ?? `http://127.0.0.1:${port}`;
      log.info({ port, host: config.host, publicUrl }, 'public webhook and media server listening');
      const eff = effectiveProvider(config);
      if (eff === 'none')
        log.warn(
          { aiProvider: config.aiProvider },
          'no AI provider key configured: calls go to the human route',
        );
      else log.info({ provider: eff, model: provider?.model }, 'AI provider ready');
      if (webhooksUnsigned(team.signingKeys()))
        log.warn(
          { code: 'WEBHOOK_UNSIGNED' },
          'SAUTIKIT_WEBHOOK_SECRET is not set: webhooks are not signed, so anyone who finds the public URL can ' +
            'open calls (and AI sessions) here. Set it to the voice signing secret of your number.',
        );
      await team.start(port);
      if (deps.consoleServer) {
        consoleServer = await startConsoleServer({
          host: config.consoleHost,
          port: config.consolePort,
          token: config.consoleToken,
          rendererDir: deps.rendererDir,
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
      overflow.stop();
      await team.stop();
      for (const s of sessions.values()) s.close('app stopping');
      sessions.clear();
      for (const c of consoles) c.close();
      consoles.clear();
      await media?.close();
      media = null;
      await consoleServer?.close();
      consoleServer = null;
      if (httpServer) {
        const s = httpServer;
        httpServer = null;
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      provider = null;
      await store.stop();
      log.info('core stopped');
    },

    attachConsole(pipe, identity) {
      // Listen-in audio goes as binary frames on the same pipe, in order with the JSON messages.
      const listenSink: ListenSink = (frame) => pipe.sendBinary(frame);
      const handlers = handlersFor(identity, listenSink);
      const rpc = serveRpc(pipe, handlers, log, identity);
      consoles.add(rpc);
      const sendStatus = () => {
        void Promise.resolve(handlers['status.get']({})).then((view) => rpc.emit('status.changed', view));
      };
      statusWatchers.add(sendStatus);
      const offStore = store.events.on('status', sendStatus);
      const detach = () => {
        offStore();
        statusWatchers.delete(sendStatus);
        listenIn.stopAll(listenSink);
        rpc.close();
        consoles.delete(rpc);
      };
      pipe.onClose(detach);
      return detach;
    },
  };
  return core;
}
