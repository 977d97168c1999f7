import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../bridge/domain/call-events';
import { createSilentLog } from '../../../bridge/base/log';
import { EventQueue, MAX_EVENTS_PER_POST } from '../../../bridge/store/event-queue';
import type { ToWorker } from '../../../bridge/store/protocol';
import { CallScript } from './call-script';

const turn = () => new Promise<void>((r) => setImmediate(r));

/** `count` call events (one call's lines), as the registry would publish them. */
function events(count: number): CallEvent[] {
  const call = new CallScript('CA-queue', Date.UTC(2026, 0, 5, 9)).started();
  while (call.events.length < count) call.emit('call.phase', { phase: 'ai' });
  return call.events.slice(0, count);
}

function queueWithWriter(options: { maxEventsPerPost?: number; maxQueued?: number } = {}) {
  const posted: Extract<ToWorker, { type: 'events' }>[] = [];
  let writerUp = true;
  const queue = new EventQueue({
    maxQueued: options.maxQueued ?? 100_000,
    maxEventsPerPost: options.maxEventsPerPost,
    log: createSilentLog(),
    writer: () =>
      writerUp
        ? {
            post: (m) => {
              if (m.type === 'events') posted.push(m);
            },
          }
        : null,
  });
  return {
    queue,
    posted,
    setWriter: (up: boolean) => (writerUp = up),
    /** Every posted event's number, in order. */
    seqs: () => posted.flatMap((m) => m.events.map((_, i) => m.firstSeq + i)),
  };
}

describe('EventQueue', () => {
  it('posts what a turn recorded as one numbered message on the next turn', async () => {
    const q = queueWithWriter();
    for (const e of events(40)) q.queue.add(e);
    expect(q.posted).toEqual([]);
    expect(q.queue.queued).toBe(40);
    await turn();
    expect(q.posted.map((m) => [m.firstSeq, m.events.length])).toEqual([[1, 40]]);
    q.queue.committedUpTo(40);
    expect(q.queue.queued).toBe(0);
  });

  it('sends a backlog held while the writer was down a bounded message a turn, numbered without gaps', async () => {
    const q = queueWithWriter();
    q.setWriter(false);
    const backlog = events(MAX_EVENTS_PER_POST * 2 + 123);
    for (const e of backlog) q.queue.add(e);
    await turn();
    expect(q.posted).toEqual([]);
    expect(q.queue.waiting).toBe(backlog.length);

    q.setWriter(true);
    q.queue.drain();
    await turn();
    expect(q.posted.map((m) => m.events.length)).toEqual([MAX_EVENTS_PER_POST]);
    await turn();
    await turn();
    expect(q.posted.map((m) => m.events.length)).toEqual([MAX_EVENTS_PER_POST, MAX_EVENTS_PER_POST, 123]);
    expect(q.seqs()).toEqual(backlog.map((_, i) => i + 1));
    expect(q.posted.flatMap((m) => m.events)).toEqual(backlog);
    expect(q.queue.waiting).toBe(0);
    expect(q.queue.queued).toBe(backlog.length);
  });

  it('posts everything at once, in bounded messages, before a flush or a stop', () => {
    const q = queueWithWriter({ maxEventsPerPost: 7 });
    const all = events(30);
    for (const e of all) q.queue.add(e);
    q.queue.post();
    expect(q.posted.map((m) => m.events.length)).toEqual([7, 7, 7, 7, 2]);
    expect(q.posted.flatMap((m) => m.events)).toEqual(all);
    expect(q.seqs()).toEqual(all.map((_, i) => i + 1));
  });

  it('keeps numbering across events recorded while a backlog drains', async () => {
    const q = queueWithWriter({ maxEventsPerPost: 10 });
    const first = events(25);
    for (const e of first) q.queue.add(e);
    await turn();
    const more = events(5);
    for (const e of more) q.queue.add(e);
    while (q.queue.waiting > 0) await turn();
    expect(q.posted.flatMap((m) => m.events)).toEqual([...first, ...more]);
    expect(q.seqs()).toEqual([...first, ...more].map((_, i) => i + 1));
    expect(Math.max(...q.posted.map((m) => m.events.length))).toBe(10);
  });

  it('drops events past its bound, low-value kinds first, and counts them', () => {
    const q = queueWithWriter({ maxQueued: 10 });
    q.setWriter(false);
    const all = events(12);
    const accepted = all.map((e) => q.queue.add(e));
    // call.started is kept; call.phase is low value once the queue is 80% full.
    expect(accepted.filter(Boolean)).toHaveLength(8);
    expect(q.queue.dropped).toBe(4);
    expect(q.queue.queued).toBe(8);
  });
});
