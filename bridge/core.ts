// createCore(config): the one entry both Electron and `npm run serve` use, and wiring only. Each feature
// — live calls, the human side, the call log, settings, reachability, the team — is built in its own
// folder, handed what it needs here, and gives each window its own console commands.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProvider } from './ai/create-provider';
import { CurrentProvider } from './ai/current-provider';
import { AiThread } from './ai/thread/ai-thread';
import { Consoles, type ConsoleWiring } from './app/consoles';
import type { Core, CoreDeps } from './app/core-api';
import { mediaDoors } from './app/media-doors';
import { startPublicServer, type PublicServer } from './app/public-server';
import { statusHandler } from './app/status';
import { healthOf } from './app/health';
import { realClock } from './base/clock';
import { createLog } from './base/log';
import { createFileSecretStore } from './base/secret-store';
import { CallBook } from './calls/call-book';
import { CallsFeature } from './calls/calls-feature';
import type { Config } from './config/config';
import { startConsoleServer, type ConsoleServer } from './console/console-server';
import type { ConsoleIdentity } from './console/permissions';
import type { Pipe } from './console/pipe';
import type { ConsoleSession } from './console/session';
import { HumanSideFeature } from './human/human-side';
import { createRouteUrls } from './human/route-urls';
import { reachabilityHandlers } from './reachability/console-handlers';
import { Reachability } from './reachability/reachability';
import { configuredSautikit } from './sautikit/client';
import { createWebhookRouter } from './sautikit/webhooks';
import { loadSavedSettings, SettingsFeature } from './settings/settings-feature';
import { SqliteAgentRepository } from './store/agent-repository';
import { StoreClient } from './store/client';
import { historyHandlers } from './store/history-handlers';
import { teamHandlers } from './team/console-handlers';
import { TeamFeature } from './team/team-feature';

export type { Core, CoreDeps, StartedCore } from './app/core-api';

const defaultRendererDir = () =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'renderer');

export function createCore(config: Config, partial: Partial<CoreDeps> = {}): Core {
  const clock = partial.clock ?? realClock;
  const log = partial.log ?? createLog({ level: config.logLevel, logCallContent: config.logCallContent });
  const rendererDir = partial.rendererDir ?? defaultRendererDir();
  // Settings saved from the window are layered over the environment's first: everything below reads them.
  const saved = loadSavedSettings(config, partial.settingsSecrets);
  const store = new StoreClient({ dataDir: config.dataDir, log, clock, retentionDays: config.retentionDays });
  const secrets = partial.secrets ?? createFileSecretStore(config.dataDir);
  // The app's own providers may run on the AI thread (it builds them from the settings itself).
  const shared = partial.aiThread instanceof AiThread ? partial.aiThread : null;
  const aiThread =
    partial.aiThread && partial.createProvider === createProvider ? (shared ?? new AiThread({ log })) : null;
  const ai = new CurrentProvider(
    config,
    aiThread ? (settings) => aiThread.provider(settings) : (partial.createProvider ?? (() => null)),
  );
  // What every feature is built with.
  const base = { config, clock, log };
  const sautikit = configuredSautikit(base);
  const consoles = new Consoles({ log, wire: (session) => wire(session) });
  const { broadcast } = consoles;
  const changed = consoles.statusChanged;
  const reachability = new Reachability({ ...base, secrets, broadcast, changed, ...partial.tunnelSeams });
  const publicUrl = reachability.publicUrl;
  const book = new CallBook({ ...base, client: sautikit });
  const urls = createRouteUrls({ secret: config.mediaTokenSecret, clock, publicUrl: publicUrl.get });
  const repository = partial.agentRepository ?? new SqliteAgentRepository(store, clock);
  const consolesOpen = () => consoles.count;
  const human = new HumanSideFeature({
    ...base,
    book,
    urls,
    broadcast,
    client: sautikit,
    consolesOpen,
    repository,
    store,
  });
  let publicServer: PublicServer | null = null;
  let consoleServer: ConsoleServer | null = null;
  const calls = new CallsFeature({
    ...base,
    book,
    human,
    ai,
    store,
    broadcast,
    tokens: urls,
    client: sautikit,
    publicUrl: publicUrl.get,
    loopbackUrl: () => publicUrl.loopbackUrl,
    health: healthOf(() => publicServer !== null, store),
  });
  const settings = new SettingsFeature({ ...base, saved, ai, rates: book.rates, changed, publicUrl });
  const attach = (pipe: Pipe, identity: ConsoleIdentity) => consoles.attach(pipe, identity);
  const team = new TeamFeature({ ...base, secrets, rendererDir, reachability, broadcast, attach, human });
  const wire = (session: ConsoleSession): ConsoleWiring => ({
    handlers: {
      ...statusHandler({ ai, store, reachability, team }, session.identity),
      ...calls.handlers(session),
      ...human.handlers(session),
      ...historyHandlers(store, {
        dataDir: config.dataDir,
        callbacksChanged: (callId) => broadcast('callbacks.changed', { callId }),
      }),
      ...settings.handlers(),
      ...reachabilityHandlers(reachability),
      ...teamHandlers(team, session.identity),
    },
    frame: (frame) => human.frame(session, frame),
    closed: () => {
      calls.closed(session);
      human.closed(session);
    },
  });

  return {
    config,
    registry: book.registry,
    reachability,
    team,
    human,
    store,

    async start() {
      // The AI thread loads while the rest starts, unless no AI answers calls (it starts with the first).
      if (ai.get()) aiThread?.warm();
      await store.start();
      store.events.on('status', changed);
      book.start();
      calls.start();
      await human.start();
      publicServer = await startPublicServer({
        host: config.host,
        port: config.port,
        clock,
        log,
        webhooks: createWebhookRouter(config, clock, log, calls.flow, () => reachability.signingKeys()),
        media: { tokenSecret: config.mediaTokenSecret, ...mediaDoors({ calls, human, reachability }) },
      });
      const { port, loopbackUrl } = publicServer;
      reachability.start(port, loopbackUrl);
      log.info(
        { port, host: config.host, publicUrl: publicUrl.get() },
        'public webhook and media server listening',
      );
      ai.logChoice(log);
      await team.start();
      if (partial.consoleServer ?? true) {
        const { consoleHost: host, consolePort: port, consoleToken: token } = config;
        consoleServer = await startConsoleServer({
          host,
          port,
          token,
          rendererDir,
          log,
          attach: (p) => attach(p, {}),
        });
        log.info({ port: consoleServer.port }, 'console API listening on loopback');
      }
      const consoleUrl = consoleServer?.url ?? null;
      return { publicUrl: publicUrl.get(), port, consoleUrl, consolePort: consoleServer?.port ?? null };
    },

    async stop() {
      book.stop();
      human.stop();
      await reachability.stop();
      await team.stop();
      calls.stop();
      consoles.closeAll();
      await publicServer?.close();
      publicServer = null;
      await consoleServer?.close();
      consoleServer = null;
      ai.clear();
      // A thread handed in is shared with other cores (tests): it is theirs to stop.
      if (!shared) await aiThread?.stop();
      await store.stop();
      log.info('core stopped');
    },

    attachConsole: attach,
  };
}
