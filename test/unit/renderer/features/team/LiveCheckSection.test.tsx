// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, LiveCheckReport } from '../../../../../renderer/src/api/contract';
import { LiveCheckSection } from '../../../../../renderer/src/features/team/LiveCheckSection';
import { makeModel, renderWith } from '../../app-harness';
import { FakeConsole, settle } from '../../fake-console';

afterEach(cleanup);

const wanjiru: Agent = { id: 'ag1', name: 'Wanjiru', number: '+254711000001', presence: 'available' };

describe('LiveCheckSection', () => {
  it('calls the only agent’s phone and shows each step in plain words', async () => {
    const report: LiveCheckReport = {
      ok: true,
      agentName: 'Wanjiru',
      number: wanjiru.number,
      redirect: 'absent',
      testedAtMs: 1,
      steps: [
        { id: 'call', ok: true, detail: 'Sautikit placed a call' },
        { id: 'redirect', ok: false, detail: 'This account has no live-call redirect (HTTP 404)' },
      ],
    };
    const fake = new FakeConsole().handle('setup.liveCheck', () => report);
    const h = makeModel(fake);
    act(() => h.model.stores.agents.set([wanjiru]));
    renderWith(h, <LiveCheckSection />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Call my phone to check' }));
      await settle(5);
    });
    expect(fake.argsOf('setup.liveCheck')).toEqual([{ agentId: 'ag1' }]);
    const shown = screen.getByTestId('live-check-report').textContent;
    expect(shown).toMatch(/A live call to Wanjiru worked/);
    expect(shown).toMatch(/✗ Carrier redirect \(accelerator\): This account has no live-call redirect/);
  });

  it('says why the check could not run', async () => {
    const fake = new FakeConsole().fail(
      'setup.liveCheck',
      'SETUP_NO_NUMBER',
      'Set "Your Sautikit number" first',
    );
    const h = makeModel(fake);
    act(() => h.model.stores.agents.set([wanjiru]));
    renderWith(h, <LiveCheckSection />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('live-check-run'));
      await settle(5);
    });
    expect(screen.getByRole('alert').textContent).toMatch(/Your Sautikit number/);
  });
});
