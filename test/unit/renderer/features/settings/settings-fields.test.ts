import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../../renderer/src/api/contract';
import {
  changedValues,
  rangeText,
  rateInUseText,
  secretStorageText,
  toDraft,
} from '../../../../../renderer/src/features/settings/settings-fields';

const view: SettingsView = {
  values: {
    aiProvider: 'gemini',
    greeting: 'Hello',
    escalationPhrases: ['agent', 'human'],
    dialTimeoutS: 20,
    logCallContent: false,
    'env:GEMINI_MODEL': true,
    geminiModel: 'from-env',
  },
  secretsSet: { geminiApiKey: true, openaiApiKey: false },
  publicUrl: 'http://127.0.0.1:8080',
  provider: 'gemini',
  rules: {},
  secretStorage: 'os-keychain',
  plainTextSecrets: [],
  builtInInstructions: 'You are the voice agent.',
};

describe('settings form', () => {
  it('starts from the core’s values, with secrets empty (write-only)', () => {
    const d = toDraft(view);
    expect(d).toMatchObject({
      greeting: 'Hello',
      escalationPhrases: 'agent\nhuman',
      dialTimeoutS: '20',
      geminiApiKey: '',
    });
  });

  it('sends only changes, typed: lists as arrays, numbers as numbers, new secrets, removed secrets as empty', () => {
    const d = {
      ...toDraft(view),
      greeting: ' Karibu ',
      escalationPhrases: 'agent\n\n mtu \n',
      dialTimeoutS: '25',
      logCallContent: true,
      openaiApiKey: ' sk-new ',
      geminiModel: 'changed-but-env-wins',
    };
    expect(changedValues(view, d, new Set(['geminiApiKey']))).toEqual({
      greeting: 'Karibu',
      escalationPhrases: ['agent', 'mtu'],
      dialTimeoutS: 25,
      logCallContent: true,
      openaiApiKey: 'sk-new',
      geminiApiKey: '',
    });
    expect(changedValues(view, toDraft(view), new Set())).toEqual({});
  });

  it('passes a number that does not parse as typed, so the core can name the field', () => {
    expect(changedValues(view, { ...toDraft(view), dialTimeoutS: 'soon' }, new Set())).toEqual({
      dialTimeoutS: 'soon',
    });
  });

  it('says a number setting’s range in words', () => {
    expect(rangeText({ min: 10, max: 1800 })).toBe('From 10 to 1800.');
    expect(rangeText({ min: 0 })).toBe('At least 0.');
    expect(rangeText({ max: -1 })).toBe('At most -1.');
    expect(rangeText(undefined)).toBe('');
  });

  it('says honestly where a key typed in the window is kept', () => {
    expect(secretStorageText('this-run-only')).toMatch(/never writes keys to disk.*until the app stops/);
    expect(secretStorageText('obfuscated')).toMatch(/only obfuscated on disk, not encrypted/);
    expect(secretStorageText('unavailable')).toMatch(/cannot be saved here/);
    expect(secretStorageText('os-keychain')).toMatch(/keychain/);
  });
});

describe('where a cost setting’s price comes from', () => {
  const tenOhTwo = Date.UTC(2026, 5, 1, 10, 2);
  it('says the price in use and its source, in words', () => {
    expect(
      rateInUseText(
        { kesCents: 300, source: 'sautikit', readAtMs: tenOhTwo },
        'outboundPerMinKesCents',
        'UTC',
      ),
    ).toBe('In use: KES 3.00 a minute, Sautikit’s published price, read 10:02.');
    expect(rateInUseText({ kesCents: 250, source: 'setting' }, 'outboundPerMinKesCents')).toBe(
      'In use: KES 2.50 a minute, your setting.',
    );
    expect(rateInUseText({ kesCents: 0, source: 'default' }, 'inboundPerMinKesCents')).toBe(
      'In use: KES 0.00 a minute, the default.',
    );
    expect(
      rateInUseText(
        { kesCents: 38_700, source: 'price-list', of: 'Gemini Live', kesPerUsd: 129 },
        'aiInputPerMTokensKesCents',
      ),
    ).toBe(
      'In use: KES 387.00 per 1M audio tokens, Gemini Live’s published price at KES 129 to the dollar (an estimate).',
    );
    expect(
      rateInUseText({ kesCents: 0, source: 'none', of: 'someday-model' }, 'aiInputPerMTokensKesCents'),
    ).toBe('No price is known for someday-model: set one to cost its calls.');
    expect(rateInUseText(undefined, 'greeting')).toBe('');
  });
});
