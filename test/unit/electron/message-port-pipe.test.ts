// The console pipe over an Electron MessagePortMain, with a fake port: JSON-shaped messages as they are,
// binary frames as an ArrayBuffer of exactly the frame's bytes with no transfer list (MessagePortMain
// transfers only ports), and the two kept apart on the way in.
import { EventEmitter } from 'node:events';
import type { MessagePortMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { messagePortPipe, ownArrayBuffer } from '../../../electron/message-port-pipe';

class FakePortMain extends EventEmitter {
  readonly posted: Array<{ message: unknown; transfer: unknown }> = [];
  started = 0;
  postMessage(message: unknown, ...rest: unknown[]) {
    this.posted.push({ message, transfer: rest[0] });
  }
  start() {
    this.started++;
  }
  close() {
    this.emit('close');
  }
  fromWindow(data: unknown) {
    this.emit('message', { data, ports: [] });
  }
}

const pipeOn = (port: FakePortMain) => messagePortPipe(port as unknown as MessagePortMain);

describe('MessagePortMain pipe', () => {
  it('posts a binary frame as an ArrayBuffer of its own bytes, cloned rather than transferred', () => {
    const port = new FakePortMain();
    const pipe = pipeOn(port);
    // A Node Buffer is a view into a shared slab: the window must get the frame, not the slab.
    const slab = Buffer.alloc(64, 0xee);
    const frame = slab.subarray(8, 12).fill(5);
    pipe.sendBinary(frame);
    const [posted] = port.posted;
    expect(posted!.transfer).toBeUndefined();
    expect(posted!.message).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(posted!.message as ArrayBuffer)]).toEqual([5, 5, 5, 5]);
  });

  it('posts a frame that already owns its whole buffer without copying it', () => {
    const frame = new Uint8Array([1, 2]);
    expect(ownArrayBuffer(frame)).toBe(frame.buffer);
    expect(ownArrayBuffer(frame.subarray(1))).not.toBe(frame.buffer);
  });

  it('hands binary messages to binary listeners and everything else to message listeners', () => {
    const port = new FakePortMain();
    const pipe = pipeOn(port);
    const messages: unknown[] = [];
    const frames: number[][] = [];
    pipe.onMessage((m) => messages.push(m));
    pipe.onBinary((f) => frames.push([...f]));
    expect(port.started).toBe(1);
    port.fromWindow({ type: 'cmd', id: 1, name: 'queue.get', args: {} });
    port.fromWindow(new Uint8Array([1, 2, 3]).buffer);
    port.fromWindow(new Uint8Array([0, 4, 5, 0]).subarray(1, 3));
    expect(messages).toEqual([{ type: 'cmd', id: 1, name: 'queue.get', args: {} }]);
    expect(frames).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('sends nothing once closed', () => {
    const port = new FakePortMain();
    const pipe = pipeOn(port);
    let closed = 0;
    pipe.onClose(() => closed++);
    port.close();
    pipe.sendBinary(new Uint8Array([1]));
    pipe.send({ n: 1 });
    expect(port.posted).toEqual([]);
    expect(closed).toBe(1);
  });
});
