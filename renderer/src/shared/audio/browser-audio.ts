// The browser's half of a call from this window (the dev phone, the headset): microphone through an
// AudioWorklet (downsampled to 16 kHz frames on the audio thread) and a speaker that plays 16 kHz PCM,
// on one AudioContext.
import workletUrl from './mic-worklet.ts?worker&url';
import { PcmPlayer } from './pcm-player';
import type { PhoneAudio } from './phone-audio';

const CARRIER_RATE_HZ = 16_000;

export async function startBrowserAudio(onFrame: (frame: Int16Array) => void): Promise<PhoneAudio> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
  const ctx = new AudioContext();
  try {
    await ctx.audioWorklet.addModule(workletUrl);
    const source = ctx.createMediaStreamSource(stream);
    const mic = new AudioWorkletNode(ctx, 'sauti-mic', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      channelCount: 1,
    });
    mic.port.onmessage = (ev: MessageEvent<Int16Array>) => onFrame(ev.data);
    // The node must be pulled by the graph to run; a muted gain keeps the mic out of the speakers.
    const mute = ctx.createGain();
    mute.gain.value = 0;
    source.connect(mic).connect(mute).connect(ctx.destination);
    await ctx.resume();
    // Each schedule plays through its own bus, so a barge-in can silence what is already scheduled.
    const newSpeaker = () => {
      const bus = ctx.createGain();
      bus.connect(ctx.destination);
      return { bus, player: new PcmPlayer(ctx, { sampleRateHz: CARRIER_RATE_HZ, leadMs: 80, output: bus }) };
    };
    let speaker = newSpeaker();
    return {
      play: (samples) => speaker.player.push(samples),
      flush: () => {
        speaker.bus.disconnect();
        speaker = newSpeaker();
      },
      stop: () => {
        mic.port.onmessage = null;
        for (const track of stream.getTracks()) track.stop();
        void ctx.close();
      },
    };
  } catch (err) {
    for (const track of stream.getTracks()) track.stop();
    void ctx.close();
    throw err;
  }
}
