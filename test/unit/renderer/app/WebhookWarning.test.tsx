// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusView } from '../../../../renderer/src/api/contract';
import { App } from '../../../../renderer/src/app/App';
import { makeModel, renderWith } from '../app-harness';
import { FakeConsole, settle } from '../fake-console';

afterEach(cleanup);

const status = (over: Partial<StatusView>): StatusView => ({
  version: '1',
  publicUrl: 'https://x.example',
  provider: 'gemini',
  storeOk: true,
  ...over,
});

async function mount(view: StatusView) {
  const fake = new FakeConsole()
    .handle('calls.list', () => [])
    .handle('agents.list', () => [])
    .handle('queue.get', () => ({ waiting: 0, longestWaitMs: 0 }))
    .handle('status.get', () => view);
  renderWith(makeModel(fake), <App />);
  await act(() => settle(10));
  return fake;
}

describe('the unsigned-webhook warning', () => {
  it('stands above every screen while webhooks are unsigned, pointing at the setting', async () => {
    await mount(status({ webhookUnsigned: true }));
    const warning = screen.getByTestId('webhook-warning');
    expect(warning.textContent).toMatch(/Webhooks are not signed/);
    expect(warning.querySelector('a')?.getAttribute('href')).toBe('#/settings');
  });

  it('goes away when the core says a secret is in force', async () => {
    const fake = await mount(status({ webhookUnsigned: true }));
    expect(screen.queryByTestId('webhook-warning')).not.toBeNull();
    act(() => fake.emit('status.changed', status({ webhookUnsigned: false })));
    expect(screen.queryByTestId('webhook-warning')).toBeNull();
  });

  it('is not shown when signed, nor on a teammate’s window (a teammate cannot change it)', async () => {
    await mount(status({ webhookUnsigned: false }));
    expect(screen.queryByTestId('webhook-warning')).toBeNull();
    cleanup();
    await mount(status({ webhookUnsigned: true, agentId: 'ag1', hostName: 'Front desk' }));
    expect(screen.queryByTestId('webhook-warning')).toBeNull();
  });
});
