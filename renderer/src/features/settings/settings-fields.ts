// The settings the window can change, as form fields: where each goes, how it is edited, and the
// environment variable that, when set, overrides it (env always wins; the field is then read-only).
import type { RateInUseView, SecretStorage, SettingRule, SettingsView } from '../../api/contract';

export type FieldKind = 'text' | 'textarea' | 'secret' | 'select' | 'list' | 'number' | 'boolean';
export type SectionId = 'ai' | 'conversation' | 'escalation' | 'sautikit' | 'costs' | 'privacy';

export interface FieldDef {
  readonly key: string;
  readonly env: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly section: SectionId;
  readonly help?: string;
  readonly placeholder?: string;
  readonly options?: readonly { value: string; label: string }[];
  /** Shown only when the chosen AI provider is this one. */
  readonly provider?: 'gemini' | 'openai';
}

export const SECTIONS: readonly { id: SectionId; title: string; intro: string }[] = [
  {
    id: 'ai',
    title: 'AI agent',
    intro: 'Which model answers calls. A key is never shown again once saved.',
  },
  { id: 'conversation', title: 'Conversation', intro: 'What the AI says and how it behaves.' },
  {
    id: 'escalation',
    title: 'Hand-off to people',
    intro: 'When the AI passes a caller to the team, and what callers hear meanwhile.',
  },
  {
    id: 'sautikit',
    title: 'Phone line (Sautikit)',
    intro: 'The keys this app uses with Sautikit. How Sautikit reaches this computer is set further down.',
  },
  { id: 'costs', title: 'Costs', intro: 'Rates used to estimate the cost of each call in KES.' },
  { id: 'privacy', title: 'Privacy', intro: 'What the app writes into its log files.' },
];

export const FIELDS: readonly FieldDef[] = [
  {
    key: 'aiProvider',
    env: 'AI_PROVIDER',
    label: 'AI provider',
    kind: 'select',
    section: 'ai',
    options: [
      { value: 'gemini', label: 'Google Gemini Live' },
      { value: 'openai', label: 'OpenAI Realtime' },
      { value: 'demo', label: 'Demo agent (scripted, no key: to try the app)' },
      { value: 'none', label: 'None (all calls to people)' },
    ],
    help: 'While no AI key is set, the built-in demo agent answers: a short script, not a real AI.',
  },
  {
    key: 'geminiApiKey',
    env: 'GEMINI_API_KEY',
    label: 'Gemini API key',
    kind: 'secret',
    section: 'ai',
    provider: 'gemini',
  },
  {
    key: 'geminiModel',
    env: 'GEMINI_MODEL',
    label: 'Gemini model',
    kind: 'text',
    section: 'ai',
    provider: 'gemini',
  },
  {
    key: 'geminiVoice',
    env: 'GEMINI_VOICE',
    label: 'Gemini voice',
    kind: 'text',
    section: 'ai',
    provider: 'gemini',
    help: 'e.g. Aoede, Puck, Kore',
  },
  {
    key: 'openaiApiKey',
    env: 'OPENAI_API_KEY',
    label: 'OpenAI API key',
    kind: 'secret',
    section: 'ai',
    provider: 'openai',
  },
  {
    key: 'openaiModel',
    env: 'OPENAI_MODEL',
    label: 'OpenAI model',
    kind: 'text',
    section: 'ai',
    provider: 'openai',
  },
  {
    key: 'openaiVoice',
    env: 'OPENAI_VOICE',
    label: 'OpenAI voice',
    kind: 'text',
    section: 'ai',
    provider: 'openai',
    help: 'e.g. marin, cedar, alloy',
  },
  {
    key: 'businessName',
    env: 'BUSINESS_NAME',
    label: 'Business name',
    kind: 'text',
    section: 'conversation',
  },
  {
    key: 'greeting',
    env: 'GREETING',
    label: 'Greeting',
    kind: 'text',
    section: 'conversation',
    help: 'The first thing every caller hears.',
  },
  {
    key: 'systemPrompt',
    env: 'SYSTEM_PROMPT',
    label: 'Instructions for the AI',
    kind: 'textarea',
    section: 'conversation',
    help: 'Who the AI is, what it may help with, the tone. Applies from the next call. Empty: the built-in instructions shown in the box.',
  },
  {
    key: 'language',
    env: 'LANGUAGE',
    label: 'Language',
    // The choices come from the core (SettingsView.rules): the languages it accepts.
    kind: 'select',
    section: 'conversation',
    help: 'The caller’s usual language: the AI answers in whichever language the caller speaks.',
  },
  {
    key: 'escalationPhrases',
    env: 'ESCALATION_PHRASES',
    label: 'Phrases that ask for a person',
    kind: 'list',
    section: 'escalation',
    help: 'One per line. When a caller says one, the call goes to the team.',
  },
  {
    key: 'neverAiTopics',
    env: 'NEVER_AI_TOPICS',
    label: 'Topics the AI never handles',
    kind: 'list',
    section: 'escalation',
    help: 'One per line (e.g. fraud, dispute). Mentioning one sends the caller to a person.',
  },
  {
    key: 'handoffMessage',
    env: 'HANDOFF_MESSAGE',
    label: 'Said while connecting to a person',
    kind: 'text',
    section: 'escalation',
  },
  {
    key: 'unstaffedMessage',
    env: 'UNSTAFFED_MESSAGE',
    label: 'Said when nobody is available',
    kind: 'text',
    section: 'escalation',
  },
  {
    key: 'apologyMessage',
    env: 'APOLOGY_MESSAGE',
    label: 'Said when the AI has a problem',
    kind: 'text',
    section: 'escalation',
  },
  {
    key: 'dialTimeoutS',
    env: 'DIAL_TIMEOUT_S',
    label: 'Ring each agent for (seconds)',
    kind: 'number',
    section: 'escalation',
  },
  {
    key: 'queueMaxWaitS',
    env: 'QUEUE_MAX_WAIT_S',
    label: 'Longest wait in the queue (seconds)',
    kind: 'number',
    section: 'escalation',
  },
  {
    key: 'afterAgentLeaves',
    env: 'AFTER_AGENT_LEAVES',
    label: 'When the person hangs up first',
    kind: 'select',
    section: 'escalation',
    options: [
      { value: 'ai', label: 'The AI takes the caller back' },
      { value: 'goodbye', label: 'Say goodbye and hang up' },
    ],
  },
  {
    key: 'aiHelpsWhileWaiting',
    env: 'AI_HELPS_WHILE_WAITING',
    label: 'The AI keeps helping while the caller waits',
    kind: 'boolean',
    section: 'escalation',
    help: 'Off: the caller hears hold music and their place in line.',
  },
  {
    key: 'teamNumber',
    env: 'SAUTIKIT_NUMBER',
    label: 'Your Sautikit number',
    kind: 'text',
    section: 'escalation',
    placeholder: '+254709000000',
    help: 'Shown on an agent’s phone when the app calls it (test calls need it to ring a phone).',
  },
  {
    key: 'carrierTransfer',
    env: 'CARRIER_TRANSFER',
    label: 'Carrier transfer (accelerator)',
    kind: 'select',
    section: 'escalation',
    options: [
      { value: 'when-proven', label: 'Use it once Test my setup proves it works' },
      { value: 'try', label: 'Try it on live calls too' },
      { value: 'off', label: 'Never: keep every call on this computer' },
    ],
    help: 'Sautikit documents no live-call redirect; the app brings people to the caller’s stream either way.',
  },
  {
    key: 'sautikitApiKey',
    env: 'SAUTIKIT_API_KEY',
    label: 'Sautikit API key',
    kind: 'secret',
    section: 'sautikit',
    help: 'Used to move calls to people and hang up. A new key works at once, no restart needed.',
  },
  {
    key: 'webhookSecret',
    env: 'SAUTIKIT_WEBHOOK_SECRET',
    label: 'Webhook signing secret',
    kind: 'secret',
    section: 'sautikit',
    help: 'Every webhook is checked against it; unsigned ones are refused.',
  },
  {
    key: 'sautikitApiBase',
    env: 'SAUTIKIT_API_BASE',
    label: 'Sautikit API base',
    kind: 'text',
    section: 'sautikit',
  },
  {
    key: 'outboundPerMinKesCents',
    env: 'OUTBOUND_PER_MIN_KES_CENTS',
    label: 'Outbound rate (KES cents per minute)',
    kind: 'number',
    section: 'costs',
    help: 'What an agent’s phone leg costs. Empty: Sautikit’s published price, else 300 (KES 3.00).',
  },
  {
    key: 'billing',
    env: 'BILLING',
    label: 'Billing',
    kind: 'select',
    section: 'costs',
    options: [
      { value: 'per-second', label: 'Per second' },
      { value: 'per-minute', label: 'Per started minute' },
    ],
  },
  {
    key: 'inboundPerMinKesCents',
    env: 'INBOUND_PER_MIN_KES_CENTS',
    label: 'Inbound rate (KES cents per minute)',
    kind: 'number',
    section: 'costs',
    help: 'What a caller’s call costs you. Empty: Sautikit’s published price, else 0 (inbound is free). Sautikit’s own record replaces this estimate after each call when an API key is set.',
  },
  {
    key: 'aiInputPerMTokensKesCents',
    env: 'AI_INPUT_PER_M_TOKENS_KES_CENTS',
    label: 'AI audio input (KES cents per 1M tokens)',
    kind: 'number',
    section: 'costs',
    help: 'Empty: the published price of the model answering (Gemini Live $3.00, OpenAI Realtime $32.00 per 1M audio tokens, at KES 129 to the dollar). An estimate: adjust it to your bill.',
  },
  {
    key: 'aiOutputPerMTokensKesCents',
    env: 'AI_OUTPUT_PER_M_TOKENS_KES_CENTS',
    label: 'AI audio output (KES cents per 1M tokens)',
    kind: 'number',
    section: 'costs',
    help: 'Empty: the published price (Gemini Live $12.00, OpenAI Realtime $64.00 per 1M audio tokens, at KES 129 to the dollar). Text and cached tokens are priced at the model’s published rates.',
  },
  {
    key: 'aiPerMinKesCents',
    env: 'AI_PER_MIN_KES_CENTS',
    label: 'AI per minute on a call (KES cents)',
    kind: 'number',
    section: 'costs',
    help: 'On top of tokens, for a plan that charges by time. 0: none. The demo agent costs nothing.',
  },
  {
    key: 'logCallContent',
    env: 'LOG_CALL_CONTENT',
    label: 'Write caller numbers and words into the logs',
    kind: 'boolean',
    section: 'privacy',
    help: 'Off by default: logs mask them.',
  },
];

export type Draft = Readonly<Record<string, string | boolean>>;

export function isFromEnv(view: SettingsView, field: FieldDef): boolean {
  return view.values[`env:${field.env}`] === true;
}

/** The form's starting values from what the core reports (secrets start empty: write-only). */
export function toDraft(view: SettingsView): Draft {
  const draft: Record<string, string | boolean> = {};
  for (const f of FIELDS) {
    const v = view.values[f.key];
    if (f.kind === 'secret') draft[f.key] = '';
    else if (f.kind === 'boolean') draft[f.key] = v === true;
    else if (Array.isArray(v)) draft[f.key] = v.join('\n');
    else draft[f.key] = v === undefined || v === null ? '' : String(v);
  }
  return draft;
}

/** What to send to settings.set: only what changed; cleared secrets as '' (which removes them). */
export function changedValues(
  view: SettingsView,
  draft: Draft,
  clearedSecrets: ReadonlySet<string>,
): Record<string, unknown> {
  const base = toDraft(view);
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (isFromEnv(view, f)) continue;
    const value = draft[f.key];
    if (f.kind === 'secret') {
      if (typeof value === 'string' && value.trim() !== '') out[f.key] = value.trim();
      else if (clearedSecrets.has(f.key)) out[f.key] = '';
      continue;
    }
    if (value === base[f.key]) continue;
    if (f.kind === 'boolean') out[f.key] = value === true;
    else if (f.kind === 'list') {
      out[f.key] = String(value)
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (f.kind === 'number') {
      const text = String(value).trim();
      // A number that does not parse goes as typed, so the core names the field in its refusal.
      out[f.key] = text === '' ? '' : Number.isFinite(Number(text)) ? Number(text) : text;
    } else out[f.key] = String(value).trim();
  }
  return out;
}

/**
 * The price a cost setting resolves to now and where it came from, in words ("In use: KES 3.00 a
 * minute, Sautikit’s published price, read 10:02."), or nothing for other settings.
 */
export function rateInUseText(rate: RateInUseView | undefined, fieldKey: string, timeZone?: string): string {
  if (!rate) return '';
  const perUnit = fieldKey.endsWith('PerMTokensKesCents') ? 'per 1M audio tokens' : 'a minute';
  const price = `KES ${(rate.kesCents / 100).toFixed(2)} ${perUnit}`;
  switch (rate.source) {
    case 'setting':
      return `In use: ${price}, your setting.`;
    case 'sautikit':
      return `In use: ${price}, Sautikit’s published price${
        rate.readAtMs === undefined ? '' : `, read ${clockTime(rate.readAtMs, timeZone)}`
      }.`;
    case 'price-list':
      return `In use: ${price}, ${rate.of ?? 'the model'}’s published price${
        rate.kesPerUsd === undefined ? '' : ` at KES ${rate.kesPerUsd} to the dollar`
      } (an estimate).`;
    case 'default':
      return `In use: ${price}, the default.`;
    case 'none':
      return `No price is known for ${rate.of ?? 'this model'}: set one to cost its calls.`;
  }
}

function clockTime(epochMs: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(epochMs);
}

/** The allowed range of a number setting, in words ("From 10 to 1800."), or nothing. */
export function rangeText(rule: SettingRule | undefined): string {
  if (rule?.min === undefined && rule?.max === undefined) return '';
  if (rule.min !== undefined && rule.max !== undefined) return `From ${rule.min} to ${rule.max}.`;
  return rule.min !== undefined ? `At least ${rule.min}.` : `At most ${rule.max}.`;
}

/** What the window says about where a key typed here is kept, honestly. */
export function secretStorageText(storage: SecretStorage): string {
  switch (storage) {
    case 'os-keychain':
      return 'Keys typed here are encrypted with this computer’s keychain.';
    case 'obfuscated':
      return 'No keyring service was found (install gnome-keyring or KWallet): keys typed here are only obfuscated on disk, not encrypted. Environment variables are safer.';
    case 'unavailable':
      return 'This computer’s keychain is not available, so keys cannot be saved here: set them as environment variables (GEMINI_API_KEY, OPENAI_API_KEY, SAUTIKIT_API_KEY, SAUTIKIT_WEBHOOK_SECRET) and restart.';
    case 'this-run-only':
      return 'Browser mode never writes keys to disk: a key typed here works until the app stops. To keep one, set it as an environment variable (GEMINI_API_KEY, OPENAI_API_KEY, SAUTIKIT_API_KEY, SAUTIKIT_WEBHOOK_SECRET) for npm run serve.';
  }
}
