// A pino logger whose JSON lines the test can read back.
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Log } from '../../bridge/base/log';

export interface CapturedLog {
  readonly log: Log;
  readonly lines: Array<Record<string, unknown>>;
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines, text: () => raw.join('\n') };
}
