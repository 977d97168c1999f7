import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import {
  VOICEMAIL_END_SILENCE_MS,
  VOICEMAIL_NO_SPEECH_MS,
  VoicemailRecorder,
  voicemailFileFor,
  voicemailTone,
  type VoicemailResult,
} from '../../../bridge/human/voicemail';
import { asCarrierCallSid } from '../../../bridge/domain/ids';

const speechFrame = () => Int16Array.from({ length: 320 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
const quietFrame = () => new Int16Array(320);

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function rig(maxLengthS = 60, dataDir?: string) {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'sauti-vm-'));
  if (!dataDir) dirs.push(dir);
  const clock = new FakeClock();
  const results: VoicemailResult[] = [];
  const rec = new VoicemailRecorder({
    clock,
    dataDir: dir,
    callSid: asCarrierCallSid('CA/1:x'),
    maxLengthS,
    onDone: (r) => results.push(r),
  });
  rec.start();
  return { dir, clock, rec, results };
}

describe('VoicemailRecorder', () => {
  it('keeps what the caller says and ends after a quiet spell, writing a private 16 kHz WAV', () => {
    const { dir, rec, results } = rig();
    for (let i = 0; i < 100; i++) rec.frame(speechFrame()); // 2 s of speech
    for (let i = 0; i < VOICEMAIL_END_SILENCE_MS / 20; i++) rec.frame(quietFrame());
    expect(results).toHaveLength(1);
    const r = results[0]!;
    expect(r).toMatchObject({ heardSpeech: true, file: voicemailFileFor(asCarrierCallSid('CA/1:x')) });
    expect(r.durationS).toBeCloseTo(2, 1);
    expect(r.file).not.toMatch(/[/:]x/); // the id is made file-safe
    const bytes = readFileSync(path.join(dir, r.file!));
    expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
    expect(bytes.readUInt32LE(24)).toBe(16_000);
    expect(bytes.length).toBe(44 + 100 * 320 * 2);
    expect(statSync(path.join(dir, r.file!)).mode & 0o777).toBe(0o600);
    // Frames after the end are not taken.
    rec.frame(speechFrame());
    expect(results).toHaveLength(1);
  });

  it('keeps nothing when the caller says nothing', () => {
    const { rec, results } = rig();
    for (let i = 0; i < VOICEMAIL_NO_SPEECH_MS / 20; i++) rec.frame(quietFrame());
    expect(results).toEqual([{ durationS: VOICEMAIL_NO_SPEECH_MS / 1000, heardSpeech: false }]);
  });

  it('stops at the length limit, and keeps a message cut short by a hang-up', () => {
    const a = rig(10);
    for (let i = 0; i < 50; i++) a.rec.frame(speechFrame());
    a.clock.advance(10_000);
    expect(a.results[0]).toMatchObject({ heardSpeech: true });
    const b = rig();
    for (let i = 0; i < 50; i++) b.rec.frame(speechFrame());
    expect(b.rec.finish()).toMatchObject({ heardSpeech: true, durationS: 1 });
  });

  it('says why a message could not be written, and loses nothing else', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-vm-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'voicemail'), 'a file where the folder should be');
    const { rec, results } = rig(60, dir);
    for (let i = 0; i < 50; i++) rec.frame(speechFrame());
    rec.finish();
    expect(results[0]).toMatchObject({ heardSpeech: true, error: expect.any(String) as unknown as string });
    expect(results[0]!.file).toBeUndefined();
  });

  it('plays a short tone before recording', () => {
    const tone = voicemailTone();
    expect(tone.length).toBe(6400);
    expect(Math.max(...tone)).toBeGreaterThan(5000);
  });
});
