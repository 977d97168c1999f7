// @vitest-environment happy-dom
// The call log's trouble said in the window: the core's own words while it is not being kept, gone
// once it is again.
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusView } from '../../../../renderer/src/api/contract';
import { App } from '../../../../renderer/src/app/App';
import { makeModel, renderWith } from '../app-harness';
import { FakeConsole, settle } from '../fake-console';

afterEach(() => cleanup());

const HEALTHY: StatusView = {
  version: '0.1.0',
  publicUrl: 'http://127.0.0.1:8080',
  provider: 'none',
  storeOk: true,
};
const FOLDER_PROBLEM =
  'The data folder /proc/sauti cannot be used: /proc cannot hold folders (a system folder such as /proc, or a ' +
  'broken link). Calls are answered, but nothing is kept (call log, settings, team). Set DATA_DIR to a ' +
  'folder this user can write, then restart.';

describe('the call log banner', () => {
  it('says why the call log is not kept, and goes when it is kept again', async () => {
    const fake = new FakeConsole()
      .handle('status.get', () => ({ ...HEALTHY, storeOk: false, storeError: FOLDER_PROBLEM }))
      .handle('calls.list', () => [])
      .handle('agents.list', () => [])
      .handle('queue.get', () => ({ waiting: 0, longestWaitMs: 0 }));
    renderWith(makeModel(fake, '#/live'), <App />);
    await act(() => settle(10));
    expect(screen.getByTestId('store-banner').textContent).toBe(`Call log: ${FOLDER_PROBLEM}`);
    act(() => fake.emit('status.changed', HEALTHY));
    expect(screen.queryByTestId('store-banner')).toBeNull();
  });
});
