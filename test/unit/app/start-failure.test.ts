import { describe, expect, it } from 'vitest';
import { SautiError } from '../../../bridge/base/errors';
import { explainStartFailure } from '../../../bridge/app/start-failure';

const config = { port: 8080, consolePort: 8081 };
const busy = (port: number) =>
  Object.assign(new Error(`listen EADDRINUSE :::${port}`), { code: 'EADDRINUSE', port });

describe('explainStartFailure', () => {
  it('names PORT or CONSOLE_PORT for a busy port', () => {
    expect(explainStartFailure(busy(8080), config)).toBe(
      'Port 8080 is already in use (is Sauti Console already running?): set PORT to another port.',
    );
    expect(explainStartFailure(busy(8081), config)).toMatch(/^Port 8081 .*set CONSOLE_PORT/);
  });

  it('says a low port needs privileges', () => {
    const denied = Object.assign(new Error('listen EACCES'), { code: 'EACCES', port: 80 });
    expect(explainStartFailure(denied, { port: 80, consolePort: 8081 })).toBe(
      'Port 80 needs more privileges: set PORT to another port.',
    );
  });

  it('keeps coded errors and plain messages', () => {
    expect(explainStartFailure(new SautiError('STORE_OPEN_FAILED', 'disk full'), config)).toBe(
      'STORE_OPEN_FAILED: disk full',
    );
    expect(explainStartFailure(new Error('boom'), config)).toBe('boom');
  });
});
