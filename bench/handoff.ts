// The hand-off as the caller hears it, on a carrier that offers only what Sautikit documents: for each
// way a call reaches a person (or a voicemail), the longest silence the caller heard between the
// hand-off starting and a human voice (or the voicemail line), and how long that took. The real core,
// the Sautikit simulator (agent phones answer into the app's media server) and a scripted AI, all on
// loopback; every figure is measured at the simulated caller's playout, 20 ms at a time.
import { encodeListenFrame } from '../bridge/api/listen-frame';
import { speech } from '../test/fakes/fake-voice';
import { ScriptedProvider } from '../test/fakes/scripted-provider';
import { startTestApp, type TestApp } from '../test/harness/app';
import { TestConsole } from '../test/harness/test-console';
import { waitFor, type SimCall } from '../test/sim/carrier';
import { SimRest } from '../test/sim/rest';
import type { BenchContext, BenchResult, Benchmark } from './benchmark';

const TEAM_NUMBER = '+254709000000';
const AGENT = '+254711000001';
const SECRET = 'whsec_bench_handoff';
/** A human voice at the caller: well above hold music's level is not required, any audio counts once joined. */
const AUDIBLE_RMS = 300;

interface World {
  readonly app: TestApp;
  readonly rest: SimRest;
  readonly console: TestConsole;
  readonly provider: ScriptedProvider;
  stop(): Promise<void>;
}

async function world(settings: Record<string, unknown> = {}, withAi = true): Promise<World> {
  const rest = new SimRest({ webhookSecret: SECRET, timeScale: 0.01 });
  await rest.start();
  const provider = new ScriptedProvider();
  const app = await startTestApp(
    {
      webhookSecret: SECRET,
      sautikitApiBase: rest.url,
      sautikitApiKey: rest.apiKey,
      dialTimeoutS: 20,
      newCallsPerS: 1000,
      ...settings,
    },
    withAi ? { createProvider: () => provider } : {},
  );
  rest.connectApp(app.url);
  return {
    app,
    rest,
    console: new TestConsole(app),
    provider,
    async stop() {
      await rest.stop();
      await app.stop();
    },
  };
}

async function call(w: World): Promise<SimCall> {
  const sim = await w.app.sim.placeCall({ to: TEAM_NUMBER });
  w.rest.pbx.adoptInbound(sim);
  await sim.connectMedia();
  sim.keepTalking();
  return sim;
}

/** From `fromMs` (playout time) until the first audible frame after `joinedMs`: the silence and the wait. */
async function measure(
  sim: SimCall,
  fromMs: number,
  joined: () => boolean,
): Promise<{ silenceMs: number; tookMs: number }> {
  await waitFor(joined, 30_000, 'a person (or the voicemail line)');
  const joinedAt = sim.playout.nowMs();
  const heardAt = await waitFor(
    () => {
      const at = sim.playout.firstAudibleAfter(joinedAt, AUDIBLE_RMS);
      return at >= 0 ? at : null;
    },
    10_000,
    'audio after the join',
  );
  return {
    silenceMs: Math.round(sim.playout.longestSilenceMs(fromMs, heardAt)),
    tookMs: Math.round(heardAt - fromMs),
  };
}

/** One way to a person: who is on the team, how their phones behave, what starts the hand-off. */
interface Scenario {
  readonly settings?: Record<string, unknown>;
  readonly ai?: boolean;
  readonly agents: readonly { name: string; number: string; phone: 'answers' | 'no-answer' | 'away' }[];
  /** What starts the hand-off once the AI has greeted (none: no AI, the call goes to a person at once). */
  readonly trigger: 'tool-call' | 'ai-failure' | 'headset' | 'none';
  /** The phase that means the caller reached a person (or the voicemail line). */
  readonly until: 'with-human' | 'voicemail';
}

const AGENT_B = '+254711000002';

const SCENARIOS: Record<string, Scenario> = {
  'AI hand-off tool → agent’s phone': {
    agents: [{ name: 'Wanjiru', number: AGENT, phone: 'answers' }],
    trigger: 'tool-call',
    until: 'with-human',
  },
  'AI fails mid-call → agent’s phone': {
    agents: [{ name: 'Wanjiru', number: AGENT, phone: 'answers' }],
    trigger: 'ai-failure',
    until: 'with-human',
  },
  'No AI configured → agent’s phone': {
    ai: false,
    agents: [{ name: 'Wanjiru', number: AGENT, phone: 'answers' }],
    trigger: 'none',
    until: 'with-human',
  },
  'First agent does not answer → next agent': {
    settings: { dialTimeoutS: 5 },
    agents: [
      { name: 'Akinyi', number: AGENT, phone: 'no-answer' },
      { name: 'Baraka', number: AGENT_B, phone: 'answers' },
    ],
    trigger: 'tool-call',
    until: 'with-human',
  },
  'Take over here (headset in a window)': { agents: [], trigger: 'headset', until: 'with-human' },
  'Nobody on duty → voicemail line': {
    agents: [{ name: 'Akinyi', number: AGENT, phone: 'away' }],
    trigger: 'tool-call',
    until: 'voicemail',
  },
};

/** Sends a window's microphone (the agent greeting, looped) for `callId` every 20 ms until stopped. */
function speakFromWindow(w: World, callId: string): () => void {
  const voice = speech('agent-greeting.wav');
  let at = 0;
  const timer = setInterval(() => {
    w.console.sendBinary(encodeListenFrame(callId, 'outbound', voice.subarray(at, at + 320)));
    at = (at + 320) % (voice.length - 320);
  }, 20);
  return () => clearInterval(timer);
}

async function runScenario(s: Scenario): Promise<{ silenceMs: number; tookMs: number }> {
  const w = await world(s.settings, s.ai !== false);
  let stopMic = () => undefined as void;
  try {
    for (const a of s.agents) {
      const agent = await w.console.cmd('agent.save', { name: a.name, number: a.number });
      if (a.phone === 'away') await w.console.cmd('agent.setPresence', { id: agent.id, presence: 'away' });
      else if (a.phone === 'no-answer') w.rest.phones.noAnswer(a.number);
      // Each phone rings 2 s (simulated) and answers into the app's media server.
      else w.rest.phones.answers(a.number, { answerAfterS: 200, voice: speech('agent-greeting.wav') });
    }
    w.rest.pbx.options.outboundRingS = 1000;
    const sim = await call(w);
    if (s.trigger !== 'none') {
      await waitFor(() => w.provider.last, 5000, 'AI');
      // After the greeting, with the AI quiet, so the first sound after a headset click is the agent's.
      await new Promise((r) => setTimeout(r, 1500));
      await waitFor(
        () => w.app.core.registry.get(sim.callSid)?.activity !== 'ai-talking',
        10_000,
        'AI quiet',
      );
    }
    const from = s.trigger === 'none' ? 0 : sim.playout.nowMs();
    if (s.trigger === 'tool-call') w.provider.last!.requestHandoff('wants a person');
    if (s.trigger === 'ai-failure') w.provider.last!.fail('AI_PROTOCOL', 'broken');
    if (s.trigger === 'headset') {
      await w.console.cmd('call.takeOver', { callId: sim.callSid, via: 'headset' });
      stopMic = speakFromWindow(w, sim.callSid);
    }
    return await measure(sim, from, () => w.app.core.registry.get(sim.callSid)?.phase === s.until);
  } finally {
    stopMic();
    await w.stop();
  }
}

const handoff: Benchmark = {
  name: 'handoff',
  description: 'the caller’s longest silence from the hand-off to a human voice, carrier as documented',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const rows: (string | number)[][] = [];
    const data: Record<string, { silenceMs: number; tookMs: number }> = {};
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      ctx.log(name);
      const r = await runScenario(scenario);
      data[name] = r;
      rows.push([name, r.silenceMs, r.tookMs]);
    }
    return {
      tables: [
        {
          title: 'Hand-off, as the caller hears it (documented carrier: no redirect)',
          columns: ['path', 'longest silence (ms)', 'to a voice (ms)'],
          rows,
          notes: [
            'Silence: the longest stretch without audible audio at the simulated caller, from the hand-off to the person (hold lines and music fill the wait).',
            'Agent phones ring 2 s (simulated) and answer into the app’s media server; "next agent" includes a 5 s ring timeout plus its grace.',
          ],
        },
      ],
      data,
    };
  },
};

export default handoff;
