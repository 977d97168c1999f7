import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import type { SautiError } from '../../../bridge/base/errors';
import { createSilentLog } from '../../../bridge/base/log';
import { CarrierInput } from '../../../bridge/media/carrier-input';

function setup() {
  const clock = new FakeClock();
  const frames: number[][] = [];
  const problems: SautiError[] = [];
  const closes: { code: number; reason: string }[] = [];
  const aliases: string[] = [];
  const input = new CarrierInput({
    callSid: 'CA1',
    clock,
    log: createSilentLog(),
    frameSamples: 4,
    floodBytesPerS: 100,
    onFrame: (f) => frames.push([...f]),
    onAlias: (id) => aliases.push(id),
    onProblem: (e) => problems.push(e),
    close: (code, reason) => closes.push({ code, reason }),
  });
  return { clock, input, frames, problems, closes, aliases };
}

const pcm = (...samples: number[]) => Buffer.from(Int16Array.from(samples).buffer);

describe('CarrierInput', () => {
  it('takes the metadata, then frames audio and ignores carrier events', () => {
    const s = setup();
    s.input.push(Buffer.from(JSON.stringify({ callSid: 'CA1' })), false);
    s.input.push(Buffer.from('{"type":"mark","data":{"name":"m1"}}'), false);
    s.input.push(pcm(1, 2, 3, 4, 5), true);
    expect(s.frames).toEqual([[1, 2, 3, 4]]);
    s.input.flush();
    expect(s.frames[1]).toEqual([5, 0, 0, 0]);
    expect(s.problems).toEqual([]);
  });

  it('keeps the stream when the metadata names the call by other ids: they are aliases', () => {
    const s = setup();
    s.input.push(Buffer.from(JSON.stringify({ callSid: 'CA2', sessionId: 'HD_9', streamSid: 'MZ1' })), false);
    expect(s.aliases).toEqual(['CA2', 'HD_9', 'MZ1']);
    s.input.push(pcm(1, 2, 3, 4), true);
    expect(s.closes).toEqual([]);
    expect(s.frames).toEqual([[1, 2, 3, 4]]);
    // The token's own id is no alias; a second metadata-like frame is a carrier event, not metadata.
    const t = setup();
    t.input.push(Buffer.from(JSON.stringify({ callSid: 'CA1', call_id: 'uuid-1' })), false);
    t.input.push(Buffer.from(JSON.stringify({ callSid: 'CA3' })), false);
    expect(t.aliases).toEqual(['uuid-1']);
  });

  it('reports bad metadata and goes on', () => {
    const s = setup();
    s.input.push(Buffer.from('not json'), false);
    s.input.push(Buffer.from(JSON.stringify({ callSid: { x: 1 } })), false);
    expect(s.problems.map((p) => p.code)).toEqual(['MEDIA_BAD_METADATA', 'MEDIA_BAD_METADATA']);
    expect(s.aliases).toEqual([]);
    expect(s.closes).toEqual([]);
  });

  it('ends a flood and lets real time through', () => {
    const s = setup();
    s.input.push(pcm(...new Array(40).fill(1)), true);
    s.clock.advance(1000);
    s.input.push(pcm(...new Array(40).fill(1)), true);
    expect(s.closes).toEqual([]);
    s.input.push(pcm(...new Array(20).fill(1)), true);
    expect(s.closes).toEqual([{ code: 1008, reason: 'audio flood' }]);
    expect(s.problems.map((p) => p.code)).toEqual(['MEDIA_FLOOD']);
  });
});
