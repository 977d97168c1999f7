// The simulated carrier for load runs, in a process of its own (forked by remote-carrier.ts) as the
// real carrier is on machines of its own: the Sautikit simulator places the calls (voice webhook,
// media sockets, the REST API and PBX that ring agents' phones), one frame clock sends every stream's
// audio, and a cheap probe per stream records what arrives. So the app's event loop carries the app's
// work only, and this process's own lateness is reported beside it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FAKE_GEMINI_KEY, FakeGeminiLive } from '../test/fakes/fake-gemini-live';
import { SautikitSim, SimCall } from '../test/sim/carrier';
import { SimRest } from '../test/sim/rest';
import type {
  CarrierCommands,
  CarrierReport,
  CarrierRequest,
  CarrierResponse,
  Spread,
  StreamReport,
} from './carrier-commands';
import { ArrivalProbe } from './carrier-probe';
import { FrameSender } from './frame-sender';
import { percentile, round } from './stats';
import { FRAME_SAMPLES, taggedFrame } from './tagged-frame';

/** Calls set up at once: enough to be quick, few enough not to trip the app's per-address limits. */
const SETUP_BATCH = 25;
/** The jitter buffer of an agent's phone leg: the bridge forwards caller frames as they come, unbuffered. */
const AGENT_CUSHION_MS = 20;
const SILENCE = new Int16Array(FRAME_SAMPLES);

interface Stream {
  readonly callSid: string;
  readonly role: 'caller' | 'agent';
  readonly probe: ArrivalProbe;
  readonly media: SimCall;
}

const sender = new FrameSender();
const streams: Stream[] = [];
let sim: SautikitSim | null = null;
let rest: SimRest | null = null;
let gemini: FakeGeminiLive | null = null;
let teamNumber = '';
let naiveCalls = 0;
let callers = 0;
let counting = false;
let delay = monitorEventLoopDelay({ resolution: 10 });
let window: { cpu: NodeJS.CpuUsage; startMs: number; endMs: number; cpuUsed: NodeJS.CpuUsage } | null = null;

/** A voice that says when each frame left (tagged-frame.ts), as a person on either side talks. */
function tagged(): () => Int16Array {
  let phase = 0;
  return () => {
    const frame = taggedFrame(performance.now(), phase);
    phase += FRAME_SAMPLES;
    return frame;
  };
}

/** Opens `call`'s media with a probe instead of the simulator's playout, then sends `voice` from the clock. */
async function open(
  call: SimCall,
  role: Stream['role'],
  voice: () => Int16Array,
  url?: string,
): Promise<void> {
  const probe = new ArrivalProbe();
  call.playout.start = () => undefined;
  call.playout.receive = (bytes: Buffer) => probe.receive(bytes);
  await call.connectMedia(url ? { url } : {});
  probe.counting = counting;
  streams.push({ callSid: call.callSid, role, probe, media: call });
  sender.add({ ws: call.ws!, nextFrame: voice });
}

/** An agent's phone answered and the PBX opened its leg's stream: probe it and let the agent talk. */
function agentTalks(media: SimCall): void {
  const probe = new ArrivalProbe(AGENT_CUSHION_MS);
  probe.counting = counting;
  media.playout.stop();
  media.playout.receive = (bytes: Buffer) => probe.receive(bytes);
  streams.push({ callSid: media.callSid, role: 'agent', probe, media });
  sender.add({ ws: media.ws!, nextFrame: tagged() });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `one` `count` times: in batches, or with `everyMs` one at a time on that grid. */
async function inBatches<T>(count: number, one: () => Promise<T>, everyMs?: number): Promise<T[]> {
  const out: T[] = [];
  if (everyMs !== undefined) {
    const startMs = performance.now();
    for (let i = 0; i < count; i++) {
      await sleep(startMs + i * everyMs - performance.now());
      out.push(await one());
    }
    return out;
  }
  for (let at = 0; at < count; at += SETUP_BATCH) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(SETUP_BATCH, count - at) }, one))));
  }
  return out;
}

function spread(values: number[]): Spread {
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? values.reduce((a, b) => Math.max(a, b)) : null),
  };
}

const commands: { [K in keyof CarrierCommands]: (args: Parameters<CarrierCommands[K]>[0]) => unknown } = {
  ping: () => ({ nowMs: performance.now() }),

  async aiCalls({ appUrl, relayUrl, count, everyMs }) {
    const callSids = await inBatches(
      count,
      async () => {
        if (relayUrl) {
          const sid = `CA-naive-${++naiveCalls}`;
          const empty = { status: 200, contentType: '', body: '' };
          const call = new SimCall(null, sid, '+254712345678', '+254709000000', empty);
          await open(call, 'caller', () => SILENCE, relayUrl);
          return sid;
        }
        sim ??= new SautikitSim({ appUrl: appUrl! });
        const call = await sim.placeCall();
        await open(call, 'caller', () => SILENCE);
        return call.callSid;
      },
      everyMs,
    );
    return { callSids };
  },

  async restStart({ webhookSecret, agents }) {
    rest = new SimRest({ webhookSecret, timeScale: 0.01 });
    await rest.start();
    for (const number of agents) rest.phones.answers(number, { answerAfterS: 1, talk: agentTalks });
    return { url: rest.url, apiKey: rest.apiKey };
  },

  restConnect({ appUrl, teamNumber: number }) {
    rest!.connectApp(appUrl);
    sim = new SautikitSim({ appUrl, webhookSecret: rest!.pbx.options.webhookSecret });
    teamNumber = number;
    return {};
  },

  async humanCalls({ count }) {
    const callSids = await inBatches(count, async () => {
      const from = `+2547200${String(++callers).padStart(5, '0')}`;
      const call = await sim!.placeCall({ from, to: teamNumber });
      rest!.pbx.adoptInbound(call);
      await open(call, 'caller', tagged());
      return call.callSid;
    });
    return { callSids };
  },

  async geminiStart({ chunkMs, speedup }) {
    gemini = await FakeGeminiLive.start({ chunkMs, speedup });
    return { url: gemini.url, apiKey: FAKE_GEMINI_KEY };
  },

  agentLegs: () => ({ open: streams.filter((s) => s.role === 'agent').length }),

  count({ on }) {
    counting = on;
    for (const s of streams) s.probe.counting = on;
    if (on) {
      delay.disable();
      delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      window = {
        cpu: process.cpuUsage(),
        startMs: performance.now(),
        endMs: 0,
        cpuUsed: { user: 0, system: 0 },
      };
    } else if (window) {
      delay.disable();
      window.cpuUsed = process.cpuUsage(window.cpu);
      window.endMs = performance.now();
    }
    return {};
  },

  report(): CarrierReport {
    const relay = (role: Stream['role']) =>
      spread(streams.filter((s) => s.role === role).flatMap((s) => s.probe.relayMs.values));
    const wallMs = window ? window.endMs - window.startMs : 0;
    const cpuMs = window ? (window.cpuUsed.user + window.cpuUsed.system) / 1000 : 0;
    return {
      streams: streams.map((s): StreamReport => ({
        callSid: s.callSid,
        role: s.role,
        firstFrameAtMs: s.probe.firstFrameAtMs,
        frames: s.probe.frames,
        countedFrames: s.probe.countedFrames,
        lateFrames: s.probe.lateFrames,
        worstLateMs: s.probe.worstLateMs,
      })),
      relayMs: { caller: relay('caller'), agent: relay('agent') },
      loopDelayMs: {
        p50: round(delay.percentile(50) / 1e6)!,
        p99: round(delay.percentile(99) / 1e6)!,
        max: round(delay.max / 1e6)!,
      },
      cpuCorePct: wallMs > 0 ? round((cpuMs / wallMs) * 100, 1)! : 0,
    };
  },

  async hangUp() {
    sender.stop();
    await Promise.all(streams.map((s) => s.media.hangUp()));
    streams.length = 0;
    await rest?.stop();
    rest = null;
    await gemini?.stop();
    gemini = null;
    return {};
  },
};

process.on('message', (message: CarrierRequest) => {
  const run = commands[message.op] as (args: unknown) => unknown;
  const reply = (response: CarrierResponse) => process.send!(response);
  Promise.resolve()
    .then(() => run(message.args))
    .then(
      (value) => reply({ id: message.id, ok: true, value }),
      (err: unknown) =>
        reply({
          id: message.id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
});
process.on('disconnect', () => process.exit(0));
