// `npm run sim:call`: places one simulated Sautikit call against a running app, streams a WAV in
// real time, and writes what the caller heard to a WAV — in the OS temp folder unless `--out` names a
// file (never into the repository), and says where.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SautikitSim } from './carrier';
import { readWav, writeWav } from './wav';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.PUBLIC_URL ?? 'http://127.0.0.1:8080' },
      wav: { type: 'string', default: 'test/fixtures/speech/caller-hours.wav' },
      secret: { type: 'string', default: process.env.SAUTIKIT_WEBHOOK_SECRET },
      from: { type: 'string', default: '+254712345678' },
      out: { type: 'string', default: path.join(os.tmpdir(), 'sauti-sim-call-heard.wav') },
      'listen-ms': { type: 'string', default: '6000' },
    },
  });
  const sim = new SautikitSim({ appUrl: values.url!.replace(/\/+$/, ''), webhookSecret: values.secret });
  const call = await sim.placeCall({ from: values.from });
  console.log(`voice webhook → HTTP ${call.response.status}\n${call.response.body}`);
  if (!call.streamElement) {
    console.log('No <Stream> in the answer: the app sent the call to the human route.');
    return;
  }
  await call.connectMedia();
  console.log('media socket open; streaming', values.wav);
  const wav = readWav(values.wav!);
  if (wav.sampleRateHz !== 16000)
    throw new Error(`${values.wav} is ${wav.sampleRateHz} Hz; the carrier speaks 16 kHz`);
  await call.streamSilence(1500);
  await call.streamAudio(wav.samples);
  await call.streamSilence(Number(values['listen-ms']));
  await call.hangUp();
  const out = path.resolve(values.out!);
  writeWav(out, call.playout.recording(), 16000);
  console.log(`heard ${call.playout.heard.length * 20} ms of audio; recording written to ${out}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
