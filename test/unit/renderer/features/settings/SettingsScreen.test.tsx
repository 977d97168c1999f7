// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../../renderer/src/api/contract';
import { ConsoleError } from '../../../../../renderer/src/api/console-error';
import { SettingsScreen } from '../../../../../renderer/src/features/settings/SettingsScreen';
import { makeModel, renderWith } from '../../app-harness';
import { FakeConsole, settle } from '../../fake-console';

afterEach(cleanup);

const view: SettingsView = {
  values: { aiProvider: 'gemini', greeting: 'Hello', dialTimeoutS: 20, escalationPhrases: ['agent'] },
  secretsSet: { geminiApiKey: true, sautikitApiKey: false, webhookSecret: false, openaiApiKey: false },
  publicUrl: 'https://sauti.example.org',
  provider: 'gemini',
  rules: {
    dialTimeoutS: { min: 5, max: 120 },
    queueMaxWaitS: { min: 10, max: 1800 },
    language: {
      choices: [
        { value: 'en-KE', label: 'English (Kenya)' },
        { value: 'sw-KE', label: 'Kiswahili (Kenya)' },
      ],
    },
  },
  secretStorage: 'this-run-only',
  plainTextSecrets: [],
  builtInInstructions: 'You are the voice agent answering phone calls for our company.',
};

async function mount(fake: FakeConsole) {
  const h = makeModel(fake.handle('settings.get', () => view).handle('agents.list', () => []));
  renderWith(h, <SettingsScreen />);
  await act(() => settle(10));
  return h;
}

describe('Settings', () => {
  it('shows beside each cost setting the price in use and where it came from', async () => {
    const fake = new FakeConsole()
      .handle('settings.get', () => ({
        ...view,
        ratesInUse: {
          outboundPerMinKesCents: {
            kesCents: 300,
            source: 'sautikit',
            readAtMs: Date.UTC(2026, 5, 1, 10, 2),
          },
          aiInputPerMTokensKesCents: {
            kesCents: 38_700,
            source: 'price-list',
            of: 'Gemini Live',
            kesPerUsd: 129,
          },
        },
      }))
      .handle('agents.list', () => []);
    renderWith(makeModel(fake), <SettingsScreen />);
    await act(() => settle(10));
    const help = (label: string) => {
      const id = screen.getByLabelText(label).getAttribute('aria-describedby') ?? '';
      return document.getElementById(id.split(' ')[0]!)?.textContent ?? '';
    };
    expect(help('Outbound rate (KES cents per minute)')).toMatch(
      /In use: KES 3\.00 a minute, Sautikit’s published price, read \d\d:\d\d\./,
    );
    expect(help('AI audio input (KES cents per 1M tokens)')).toMatch(
      /In use: KES 387\.00 per 1M audio tokens, Gemini Live’s published price at KES 129 to the dollar/,
    );
    expect(help('AI per minute on a call (KES cents)')).not.toMatch(/In use/);
  });

  it('shows secrets only as set or not set, never their value', async () => {
    await mount(new FakeConsole());
    const key = screen.getByLabelText('Gemini API key') as HTMLInputElement;
    expect(key.type).toBe('password');
    expect(key.value).toBe('');
    expect(screen.getByTestId('secret-geminiApiKey').textContent).toBe('Set');
    expect(screen.getByTestId('secret-sautikitApiKey').textContent).toBe('Not set');
    expect(screen.getByTestId('webhook-url').textContent).toBe('https://sauti.example.org/voice');
  });

  it('puts every problem the core names on its field, and lists them all in the save bar', async () => {
    const fake = new FakeConsole().handle('settings.set', () => {
      throw new ConsoleError({
        code: 'SETTINGS_INVALID',
        message: 'Not saved: 2 settings need fixing — dialTimeoutS: …; queueMaxWaitS: …',
        fields: {
          dialTimeoutS: 'must be at least 5 seconds',
          queueMaxWaitS: 'must be at most 1800 seconds (30 minutes)',
        },
      });
    });
    await mount(fake);
    const ring = screen.getByLabelText('Ring each agent for (seconds)') as HTMLInputElement;
    const wait = screen.getByLabelText('Longest wait in the queue (seconds)') as HTMLInputElement;
    expect([ring.min, ring.max]).toEqual(['5', '120']);
    expect(wait.max).toBe('1800');
    fireEvent.change(ring, { target: { value: '2' } });
    fireEvent.change(wait, { target: { value: '7200' } });
    expect(screen.getByText('2 unsaved changes')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
      await settle();
    });
    expect(fake.argsOf('settings.set')).toEqual([{ values: { dialTimeoutS: 2, queueMaxWaitS: 7200 } }]);
    for (const [field, text] of [
      [ring, 'must be at least 5 seconds'],
      [wait, 'must be at most 1800 seconds (30 minutes)'],
    ] as const) {
      expect(field.getAttribute('aria-invalid')).toBe('true');
      const describedBy = field.getAttribute('aria-describedby')!.split(' ');
      expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toContain(text);
    }
    expect(document.activeElement).toBe(ring);
    const summary = screen.getByTestId('settings-error').textContent;
    expect(summary).toMatch(/Not saved: 2 settings need fixing/);
    expect(summary).toMatch(/Ring each agent for \(seconds\) — must be at least 5 seconds/);
    expect(summary).toMatch(/Longest wait in the queue \(seconds\) — must be at most 1800 seconds/);
    // Fixing one field clears its own message only.
    fireEvent.change(ring, { target: { value: '20' } });
    expect(ring.getAttribute('aria-invalid')).toBeNull();
    expect(wait.getAttribute('aria-invalid')).toBe('true');
  });

  it('offers the languages the core accepts as a list', async () => {
    await mount(new FakeConsole());
    const language = screen.getByLabelText('Language') as HTMLSelectElement;
    expect([...language.options].map((o) => o.textContent)).toEqual(['English (Kenya)', 'Kiswahili (Kenya)']);
  });

  it('shows the built-in instructions while the box is empty, and copies them in to edit', async () => {
    await mount(new FakeConsole());
    const box = screen.getByLabelText('Instructions for the AI') as HTMLTextAreaElement;
    expect(box.value).toBe('');
    expect(box.placeholder).toBe(view.builtInInstructions);
    fireEvent.click(screen.getByTestId('use-built-in-instructions'));
    expect(box.value).toBe(view.builtInInstructions);
    expect(screen.queryByTestId('use-built-in-instructions')).toBeNull();
  });

  it('says where keys typed here are kept, and warns about a key left in plain text', async () => {
    const fake = new FakeConsole()
      .handle('settings.get', () => ({ ...view, plainTextSecrets: ['geminiApiKey'] }))
      .handle('agents.list', () => []);
    renderWith(makeModel(fake), <SettingsScreen />);
    await act(() => settle(10));
    expect(screen.getByTestId('secret-storage-ai').textContent).toMatch(
      /Browser mode never writes keys to disk/,
    );
    expect(screen.getByTestId('plain-text-geminiApiKey').textContent).toMatch(/plain text in settings\.json/);
  });

  it('saves a new key without ever showing it, and reports success', async () => {
    const fake = new FakeConsole().handle('settings.set', () => ({
      ...view,
      secretsSet: { ...view.secretsSet, sautikitApiKey: true },
    }));
    const h = await mount(fake);
    fireEvent.change(screen.getByLabelText('Sautikit API key'), { target: { value: 'sk_live_123' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
      await settle();
    });
    expect(fake.argsOf('settings.set')).toEqual([{ values: { sautikitApiKey: 'sk_live_123' } }]);
    expect((screen.getByLabelText('Sautikit API key') as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('secret-sautikitApiKey').textContent).toBe('Set');
    expect(h.model.notices.get().map((n) => n.message)).toContain(
      'Settings saved. They apply from the next call.',
    );
  });

  it('shows the fields of the chosen provider', async () => {
    await mount(new FakeConsole());
    expect(screen.queryByLabelText('OpenAI API key')).toBeNull();
    fireEvent.change(screen.getByLabelText('AI provider'), { target: { value: 'openai' } });
    expect(screen.getByLabelText('OpenAI API key')).toBeTruthy();
    expect(screen.queryByLabelText('Gemini API key')).toBeNull();
  });

  it('adds an agent and shows the core’s refusal of a bad number on the row', async () => {
    const fake = new FakeConsole().handle('agent.save', () => {
      throw new ConsoleError({
        code: 'AGENT_BAD_NUMBER',
        message: '"0712" is not a phone number we can dial. Type it like 0712 345 678 or +254 712 345 678.',
      });
    });
    await mount(fake);
    fireEvent.click(screen.getByRole('button', { name: 'Add an agent' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Otieno' } });
    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '0712' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save agent' }));
      await settle();
    });
    expect(fake.argsOf('agent.save')).toEqual([{ name: 'Otieno', number: '0712' }]);
    const error = screen.getByText(/"0712" is not a phone number we can dial/);
    expect(error.getAttribute('role')).toBe('alert');
    expect(screen.getByLabelText('Phone number').getAttribute('aria-describedby')).toBe(error.id);
  });
});

describe('Settings in a teammate’s window', () => {
  const agents = [
    { id: 'ag-me', name: 'Achieng', number: '+254722000333', presence: 'available' as const },
    { id: 'ag-other', name: 'Otieno', number: '+254722000444', presence: 'available' as const },
  ];

  async function mountAs(agentId: string | undefined) {
    const fake = new FakeConsole()
      .handle('settings.get', () => view)
      .handle('agents.list', () => agents)
      .handle('status.get', () => ({
        version: '0.1.0',
        publicUrl: 'https://sauti.example.org',
        provider: 'gemini',
        storeOk: true,
        agentId,
      }));
    renderWith(makeModel(fake), <SettingsScreen />);
    await act(() => settle(10));
  }

  it('shows the host’s settings read-only, with no way to save them', async () => {
    await mountAs('ag-me');
    expect(screen.getByTestId('settings-host-only').textContent).toMatch(/only the host can change them/);
    expect((screen.getByLabelText('Greeting') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Gemini API key') as HTMLInputElement).disabled).toBe(true);
    // The set secret offers no Remove either.
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
  });

  it('lets a teammate edit only their own agent, and neither add nor remove agents', async () => {
    await mountAs('ag-me');
    expect(screen.getByRole('button', { name: 'Edit Achieng' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit Otieno' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove / })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add an agent' })).toBeNull();
  });

  it('keeps every control on the host’s own console', async () => {
    await mountAs(undefined);
    expect(screen.queryByTestId('settings-host-only')).toBeNull();
    expect((screen.getByLabelText('Greeting') as HTMLInputElement).disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Remove' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Edit Otieno' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove Otieno' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add an agent' })).toBeTruthy();
  });
});
