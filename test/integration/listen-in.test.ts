// Listen-in over the real console socket: the real core with its loopback console server, a scripted AI
// and one simulated call; two consoles on real WebSockets, one of which asks to listen. Its audio comes
// as binary listen frames (both directions of that call), never as JSON, only to that console, and stops
// with the answer to `call.listen` off; a console's own binary frames are ignored and it keeps working.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { consoleProtocols } from '../../bridge/console/console-socket';
import type { ListenAudio, Result, WireMessage } from '../../bridge/api/contract';
import { decodeListenFrame } from '../../bridge/api/listen-frame';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { startTestApp, tone, type TestApp } from '../harness/app';
import { waitFor } from '../sim/carrier';

const TOKEN = 'listen-in-console-token-0123456789';
const DEADLINE_MS = 15_000;
/** A caller tone far louder than the test's other tones (8000: about -15 dBFS): about -3 dBFS. */
const MARKER_AMPLITUDE = 30_000;
const MARKER_DBFS = -6;

let app: TestApp | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await app?.stop();
  app = undefined;
});

/** A console on a real WebSocket: commands, and everything it heard in order (JSON or binary). */
async function socketConsole(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/console`, consoleProtocols(TOKEN));
  sockets.push(ws);
  const heard: Array<{ json: WireMessage } | { audio: ListenAudio | null; bytes: number }> = [];
  const waiting = new Map<number, (r: Result<unknown>) => void>();
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) {
      heard.push({ audio: decodeListenFrame(data), bytes: data.length });
      return;
    }
    const json = JSON.parse(data.toString('utf8')) as WireMessage;
    heard.push({ json });
    if (json.type === 'res') waiting.get(json.id)?.(json.result);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const cmd = (name: string, args: unknown) =>
    new Promise<Result<unknown>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ type: 'cmd', id, name, args }));
    });
  const frames = () => heard.flatMap((h) => ('audio' in h ? [h] : []));
  return { ws, heard, cmd, frames };
}

describe('listen-in over the console socket', () => {
  it('sends binary frames of both directions only to the console that asked, until it stops', async () => {
    app = await startTestApp(
      { aiProvider: 'gemini', geminiApiKey: 'scripted', consoleToken: TOKEN, consoleHost: '127.0.0.1' },
      { consoleServer: true, createProvider: () => new ScriptedProvider({ replyText: 'Hello there.' }) },
    );
    const port = app.started.consolePort!;
    const listener = await socketConsole(port);
    const bystander = await socketConsole(port);

    const call = await app.sim.placeCall();
    await call.connectMedia();
    const callId = call.callSid;
    // The caller speaks (inbound) and the AI greets and answers (outbound) while we listen.
    void call.streamSilence(300).then(() => call.streamAudio(tone(2500)));
    // The tap opens once the call's audio passes through the app: ask when it does.
    await waitFor(() => app!.core.registry.get(callId)?.legs.stream, DEADLINE_MS, 'the call streaming');
    const started = await listener.cmd('call.listen', { callId, on: true });
    expect(started).toEqual({ ok: true, value: { listening: true, sampleRateHz: 16_000 } });

    // The caller's tone in the inbound frames (not silence), and the AI's voice in the outbound ones.
    const loudest = (direction: string) =>
      Math.max(
        0,
        ...listener.frames().flatMap((f) => (f.audio?.direction === direction ? [...f.audio.pcm] : [])),
      );
    await waitFor(
      () => loudest('inbound') > 4000 && loudest('outbound') > 0,
      DEADLINE_MS,
      'frames of both directions with sound',
    );
    for (const f of listener.frames()) {
      expect(f.audio).toMatchObject({ callId });
      expect(f.audio!.pcm.length).toBe(1600);
    }
    expect(listener.heard.some((h) => 'json' in h && JSON.stringify(h.json).includes('listen.audio'))).toBe(
      false,
    );

    // A console's binary frame is ignored: the core keeps answering it.
    listener.ws.send(Buffer.from([1, 0, 3, 0, 0x43, 0x41, 0x31, 0, 1, 0]), { binary: true });
    listener.ws.send(Buffer.from([0xde, 0xad]), { binary: true });
    const stopped = await listener.cmd('call.listen', { callId, on: false });
    expect(stopped).toMatchObject({ ok: true, value: { listening: false } });
    // Frames sent before the answer arrive before it: nothing may follow it.
    const answerAt = listener.heard.findIndex(
      (h) =>
        'json' in h && h.json.type === 'res' && JSON.stringify(h.json.result).includes('"listening":false'),
    );
    expect(answerAt).toBeGreaterThan(0);
    // The caller goes on: a tone, then a marker louder than anything before. The core taps each caller
    // frame as it arrives, in order, so once its level meter shows the marker every frame of the tone
    // has been through the tap; an answer sent after that comes after any frame the tap sent.
    await call.streamAudio(tone(600));
    await call.streamAudio(tone(400, 1000, MARKER_AMPLITUDE));
    await waitFor(
      () => (app!.core.registry.get(callId)?.levels.inboundDbfs ?? -100) > MARKER_DBFS,
      DEADLINE_MS,
      'the marker at the core',
    );
    expect((await listener.cmd('calls.list', {})).ok).toBe(true);
    expect(listener.heard.slice(answerAt + 1).filter((h) => 'audio' in h)).toEqual([]);
    expect(bystander.frames()).toEqual([]);
    expect((await bystander.cmd('calls.list', {})).ok).toBe(true);
  });
});
