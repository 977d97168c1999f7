// Test language for the human route: the real core on port 0, the Sautikit simulator's REST API and
// PBX on another port (agents' phones scripted per test; the `documented` profile unless a test asks
// for another), and a console attached over an in-memory pipe (`console.cmd('call.takeOver', …)`).
import { afterEach } from 'vitest';
import type { RealtimeProvider } from '../../bridge/ai/provider';
import type { CallEvent } from '../../bridge/domain/call-events';
import type { Clock } from '../../bridge/base/clock';
import type { Log } from '../../bridge/base/log';
import type { Config, ConfigInput } from '../../bridge/config/config';
import type { ScriptedProvider, ScriptedSession } from '../fakes/scripted-provider';
import { waitFor, type SimCall } from '../sim/carrier';
import type { CarrierCall } from '../sim/pbx';
import { SimRest, type SimProfile, type SimRestOptions } from '../sim/rest';
import { startTestApp, type TestApp } from './app';
import { TestConsole } from './test-console';

export const WEBHOOK_SECRET = 'whsec_human_world_secret';
/** The team's Sautikit number in these worlds (calls come in on it; agent legs show it). */
export const TEAM_NUMBER = '+254709000000';

export interface HumanWorld {
  readonly app: TestApp;
  readonly rest: SimRest;
  readonly console: TestConsole;
  readonly events: CallEvent[];
  /** Adds an agent through the console; returns its id. */
  addAgent(name: string, number: string): Promise<string>;
  /** Places an inbound call and hands it to the simulator's PBX. */
  call(from?: string): Promise<{ sim: SimCall; carrier: CarrierCall }>;
  /** Opens a placed call's media to the AI; resolves once its session is open and the call streams. */
  connectAi(sim: SimCall, provider: ScriptedProvider): Promise<ScriptedSession>;
  /**
   * A caller who rings and talks with the AI: placed, streaming, and sending frames all the time (a
   * caller's line is never silent on the wire).
   */
  aiCall(
    provider: ScriptedProvider,
    from?: string,
  ): Promise<{ sim: SimCall; carrier: CarrierCall; session: ScriptedSession }>;
  eventsOf(callSid: string, kind?: CallEvent['kind']): CallEvent[];
  waitEvent(
    callSid: string,
    match: (e: CallEvent) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<CallEvent>;
  stop(): Promise<void>;
}

export interface HumanWorldOptions {
  readonly settings?: ConfigInput;
  readonly provider?: RealtimeProvider;
  /**
   * Builds the AI from the app's settings instead (the real `createProvider`, with `settings` pointing
   * it at a fake AI service).
   */
  readonly createProvider?: (config: Config) => RealtimeProvider | null;
  /** The app's logger (a captured one, to wait for a log line); silent by default. */
  readonly log?: Log;
  readonly timeScale?: number;
  readonly clock?: Clock;
  readonly profile?: SimProfile;
  /** More of the simulator's REST options (its rates, the pricing shape, how soon records are rated). */
  readonly rest?: Partial<SimRestOptions>;
}

export async function startHumanWorld(opts: HumanWorldOptions = {}): Promise<HumanWorld> {
  const rest = new SimRest({
    ...opts.rest,
    webhookSecret: WEBHOOK_SECRET,
    timeScale: opts.timeScale ?? 0.01,
    profile: opts.profile,
  });
  await rest.start();
  let app: TestApp;
  try {
    app = await startTestApp(
      {
        webhookSecret: WEBHOOK_SECRET,
        sautikitApiBase: rest.url,
        sautikitApiKey: rest.apiKey,
        sautikitRetries: 2,
        sautikitTimeoutMs: 2000,
        dialTimeoutS: 20,
        ...opts.settings,
      },
      {
        ...(opts.provider ? { createProvider: () => opts.provider ?? null } : {}),
        ...(opts.createProvider ? { createProvider: opts.createProvider } : {}),
        ...(opts.clock ? { clock: opts.clock } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      },
    );
  } catch (err) {
    await rest.stop();
    throw err;
  }
  rest.connectApp(app.url);
  const events: CallEvent[] = [];
  app.core.registry.events.on('event', (e) => events.push(e));
  const console = new TestConsole(app);
  const eventsOf = (callSid: string, kind?: CallEvent['kind']) =>
    events.filter((e) => e.callId === callSid && (!kind || e.kind === kind));
  const world: HumanWorld = {
    app,
    rest,
    console,
    events,
    async addAgent(name, number) {
      const a = await console.cmd('agent.save', { name, number });
      return a.id;
    },
    async call(from = '+254712345678') {
      const sim = await app.sim.placeCall({ from, to: TEAM_NUMBER });
      const carrier = rest.pbx.adoptInbound(sim);
      return { sim, carrier };
    },
    async connectAi(sim, provider) {
      await sim.connectMedia();
      const session = await waitFor(() => provider.last, 3000, 'AI session');
      await waitFor(() => app.core.registry.get(sim.callSid)?.phase === 'ai', 3000, 'the AI has the call');
      return session;
    },
    async aiCall(provider, from) {
      const { sim, carrier } = await world.call(from);
      const session = await world.connectAi(sim, provider);
      sim.keepTalking();
      return { sim, carrier, session };
    },
    eventsOf,
    waitEvent(callSid, match, what, timeoutMs = 8000) {
      return waitFor(() => eventsOf(callSid).find(match), timeoutMs, what);
    },
    async stop() {
      await rest.stop();
      await app.stop();
    },
  };
  return world;
}

/** Call at the top of a test file: `start` a world in a test; it is stopped after that test. */
export function humanWorlds(): { start(opts?: HumanWorldOptions): Promise<HumanWorld> } {
  let world: HumanWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });
  return {
    async start(opts) {
      world = await startHumanWorld(opts);
      return world;
    },
  };
}
