// Settings: one schema with defaults, read from the environment (and later the settings UI),
// validated at start with a message that names the bad setting.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { phoneNumberField } from '../base/phone-number';
import { CALL_LANGUAGE_CODES } from './languages';
import { SautiError } from '../base/errors';
import { problemsByKey } from './settings-problems';

/** Upper bounds for the text a person types in Settings (a prompt is long; a line the caller hears is not). */
const MAX_NAME_CHARS = 100;
const MAX_LINE_CHARS = 500;
const MAX_PROMPT_CHARS = 20_000;
const MAX_LIST_ENTRIES = 200;
/** KES 1,000 a minute: ten times any published Sautikit rate. */
const MAX_RATE_KES_CENTS = 100_000;
/** KES 100,000 per million tokens: ten times any realtime model's published audio price. */
const MAX_TOKEN_PRICE_KES_CENTS = 10_000_000;
/** The call rates used when neither a setting nor Sautikit's published prices give one (its Kenya page). */
export const DEFAULT_OUTBOUND_PER_MIN_KES_CENTS = 300;
export const DEFAULT_INBOUND_PER_MIN_KES_CENTS = 0;

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes' || v === 'on');
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
  .transform((u) => u.replace(/\/+$/, ''));
const list = z
  .union([z.array(z.string()), z.string()])
  .transform((v) =>
    (Array.isArray(v) ? v : v.split(/[,;\n]/)).map((s) => s.trim()).filter((s) => s.length > 0),
  )
  .pipe(
    z
      .array(z.string().max(MAX_NAME_CHARS, `each entry must be at most ${MAX_NAME_CHARS} characters`))
      .max(MAX_LIST_ENTRIES, `must have at most ${MAX_LIST_ENTRIES} entries`),
  );

export const DEFAULT_ESCALATION_PHRASES = [
  'agent',
  'human',
  'real person',
  'a person',
  'customer care',
  'customer service',
  'speak to someone',
  'operator',
  'nataka kuongea na mtu',
  'kuongea na mtu',
  'mtu halisi',
  'wakala',
];
export const DEFAULT_NEVER_AI_TOPICS = [
  'dispute',
  'cancel',
  'cancellation',
  'fraud',
  'stolen',
  'unauthorised',
  'unauthorized',
  // Swahili: dispute, cancel, fraud, stolen
  'mzozo',
  'ghairi',
  'kughairi',
  'ulaghai',
  'imeibiwa',
];

export const configSchema = z.object({
  port: port.default(8080),
  host: z.string().min(1).default('0.0.0.0'),
  publicUrl: httpUrl.optional(),
  sautikitApiBase: httpUrl.default('https://api.sautikit.com'),
  sautikitApiKey: z.string().min(1).optional(),
  webhookSecret: z.string().min(1).optional(),
  /** Replay window for signed webhooks. */
  signatureToleranceMs: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  /**
   * New calls /voice may open per second from unknown callers (a token bucket: `newCallsBurst` at once,
   * refilled at this rate). Over the cap a caller hears `busyMessage`: no call, no AI session is opened.
   */
  newCallsPerS: z.coerce.number().positive().max(10_000).default(5),
  newCallsBurst: z.coerce.number().int().min(1).max(100_000).default(20),
  busyMessage: z
    .string()
    .min(1)
    .default('Sorry, all our lines are busy right now. Please call again in a few minutes.'),
  dataDir: z.string().min(1).default(defaultDataDir()),
  consolePort: port.default(8081),
  /** Loopback only: teammates reach the console through the team's LAN listener (TLS, agent tokens). */
  consoleHost: z
    .enum(['127.0.0.1', 'localhost'], {
      message:
        'must be a loopback address (127.0.0.1 or localhost): the console API never listens on the network; ' +
        'teammates join through the team listener (TEAM_HOST, TEAM_PORT) with TLS and their own tokens',
    })
    .default('127.0.0.1'),
  consoleToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Key that signs media-socket and handoff tokens; random per start unless pinned. */
  mediaTokenSecret: z.string().min(16).optional(),
  mediaTokenTtlMs: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  /** How long a <Stream> may take to connect before the call is given one retry (then it is ended). */
  streamConnectWaitMs: z.coerce.number().int().min(1000).max(120_000).default(20_000),

  /** `demo`: the built-in scripted agent (no key, for trying the app); see providerChoice for who answers. */
  aiProvider: z.enum(['gemini', 'openai', 'demo', 'none']).default('gemini'),
  geminiApiKey: z.string().min(1).optional(),
  geminiApiBase: httpUrl.optional(),
  // The stable native-audio Live model (ai.google.dev deprecations page): the 2.5 previews are retired.
  geminiModel: z.string().min(1).default('gemini-3.8-live'),
  geminiVoice: z.string().min(1).default('Aoede'),
  /** Gemini automatic activity detection, tuned for phone audio (line noise: start LOW, short prefix). */
  geminiVadStartSensitivity: z.enum(['low', 'high']).default('low'),
  geminiVadEndSensitivity: z.enum(['low', 'high']).default('high'),
  geminiVadPrefixPaddingMs: z.coerce.number().int().min(0).max(2000).default(200),
  geminiVadSilenceMs: z.coerce.number().int().min(100).max(5000).default(500),
  openaiApiKey: z.string().min(1).optional(),
  openaiApiBase: httpUrl.optional(),
  openaiModel: z.string().min(1).default('gpt-realtime-2.1'),
  openaiVoice: z.string().min(1).default('marin'),
  /** OpenAI turn detection: `server_vad` (threshold/silence/prefix) or `semantic_vad` (eagerness). */
  openaiVad: z.enum(['server_vad', 'semantic_vad']).default('server_vad'),
  openaiVadThreshold: z.coerce.number().min(0).max(1).default(0.6),
  openaiVadSilenceMs: z.coerce.number().int().min(100).max(5000).default(500),
  openaiVadPrefixPaddingMs: z.coerce.number().int().min(0).max(2000).default(300),
  openaiVadEagerness: z.enum(['low', 'medium', 'high', 'auto']).default('auto'),
  openaiTranscriptionModel: z.string().min(1).default('gpt-4o-mini-transcribe'),
  openaiNoiseReduction: z.enum(['near_field', 'far_field', 'off']).default('near_field'),
  /** OpenAI ends a Realtime session at 60 minutes (Azure: 30): the call moves to a new one before that. */
  openaiSessionMaxMs: z.coerce
    .number()
    .int()
    .min(10 * 60_000)
    .max(24 * 3_600_000)
    .default(60 * 60_000),
  /** How long opening (or resuming) an AI session may take before the call is handed to a human. */
  aiConnectTimeoutMs: z.coerce.number().int().min(1000).max(60_000).default(10_000),
  businessName: z.string().min(1).max(MAX_NAME_CHARS).default('our company'),
  systemPrompt: z.string().max(MAX_PROMPT_CHARS).optional(),
  greeting: z.string().min(1).max(MAX_LINE_CHARS).default('Thank you for calling. How can I help you today?'),
  language: z
    .enum(CALL_LANGUAGE_CODES, { message: `must be one of ${CALL_LANGUAGE_CODES.join(', ')}` })
    .default('en-KE'),
  /** Test-only: play the caller's audio back to them instead of an AI. Off unless set. */
  echoMode: bool.default(false),

  pacerLeadMs: z.coerce.number().int().min(0).max(500).default(60),
  /** The models' sessions (their sockets, JSON and base64) on a thread of their own (ai/thread/). */
  aiThread: bool.default(true),
  /** Seconds of silence from the AI after the caller spoke before we call it a failure. */
  deadAirMs: z.coerce.number().int().min(1000).max(60_000).default(8000),

  agentName: z.string().min(1).optional(),
  /** Typed any way a person would (0712 345 678, +254…): kept in E.164. */
  agentNumber: phoneNumberField.optional(),
  escalationPhrases: list.default(DEFAULT_ESCALATION_PHRASES),
  neverAiTopics: list.default(DEFAULT_NEVER_AI_TOPICS),
  /** A call's running sentiment total at or below this goes to a person; 0 or more would send every call. */
  sentimentThreshold: z.coerce.number().min(-100).max(-1).default(-3),
  handoffMessage: z
    .string()
    .min(1)
    .max(MAX_LINE_CHARS)
    .default('Please hold while I connect you to a colleague.'),
  unstaffedMessage: z
    .string()
    .min(1)
    .max(MAX_LINE_CHARS)
    .default('Sorry, nobody is available to take your call right now. Please call again later.'),
  apologyMessage: z
    .string()
    .min(1)
    .max(MAX_LINE_CHARS)
    .default('Sorry, I am having trouble right now. Let me get a colleague to help you.'),
  dialTimeoutS: z.coerce.number().int().min(5).max(120).default(20),
  /** Longer than 30 minutes on hold helps nobody: voicemail takes over. */
  queueMaxWaitS: z.coerce.number().int().min(10).max(1800).default(300),
  /** How often a waiting caller hears their place in line again. */
  queueAnnounceEveryS: z.coerce.number().int().min(15).max(600).default(45),
  /**
   * The team's Sautikit number (E.164): the caller id an agent's phone shows when the bridge calls it.
   * Calls to one of your numbers use that number; this is for test calls and as a fallback.
   */
  teamNumber: phoneNumberField.optional(),
  /** While a caller waits for a person, the AI keeps talking with them (instead of hold music). */
  aiHelpsWhileWaiting: bool.default(false),
  /** When the person hangs up and the caller is still there: the AI takes the call back, or a goodbye. */
  afterAgentLeaves: z.enum(['ai', 'goodbye']).default('ai'),
  /** What the AI says when it takes a call back from a person who left. */
  agentLeftMessage: z
    .string()
    .min(1)
    .max(MAX_LINE_CHARS)
    .default('Your colleague has left the call. I am back with you. Is there anything else I can help with?'),
  /**
   * The carrier-side redirect (not documented by Sautikit) as an accelerator for phone hand-offs:
   * `off`; `when-proven` (used once "Test my setup" or a live call proved it works on this account);
   * `try` (also tried on live calls while untested; a refusal is remembered and never tried again).
   */
  carrierTransfer: z.enum(['off', 'when-proven', 'try']).default('when-proven'),
  /** Said to the caller before an agent's phone rings (language: LANGUAGE), when the carrier dials. */
  connectingMessage: z.string().min(1).max(MAX_LINE_CHARS).default('Connecting you to a colleague now.'),
  voicemailMessage: z
    .string()
    .min(1)
    .max(MAX_LINE_CHARS)
    .default(
      'Nobody is available to take your call. Please leave a message after the tone and we will call you back.',
    ),
  voicemailMaxLengthS: z.coerce.number().int().min(10).max(600).default(120),
  /** Said to an agent who answers the bridge's call, before the caller is joined. */
  agentLegMessage: z.string().min(1).max(MAX_LINE_CHARS).default('Connecting you to a waiting caller.'),
  sautikitTimeoutMs: z.coerce.number().int().min(500).max(60_000).default(5000),
  sautikitRetries: z.coerce.number().int().min(0).max(10).default(3),

  /**
   * Call rates for the estimate. Unset: Sautikit's published price (GET /v1/public/pricing, read at start
   * and daily), else the defaults above. A value set here (or in the environment) always wins.
   */
  outboundPerMinKesCents: z.coerce.number().int().min(0).max(MAX_RATE_KES_CENTS).optional(),
  inboundPerMinKesCents: z.coerce.number().int().min(0).max(MAX_RATE_KES_CENTS).optional(),
  billing: z.enum(['per-second', 'per-minute']).default('per-second'),
  /**
   * AI audio token prices. Unset: the published audio price of the model answering (bridge/calls/
   * ai-prices.ts: Gemini Live, OpenAI Realtime, converted at a stated KES rate); the demo agent costs 0.
   */
  aiInputPerMTokensKesCents: z.coerce.number().min(0).max(MAX_TOKEN_PRICE_KES_CENTS).optional(),
  aiOutputPerMTokensKesCents: z.coerce.number().min(0).max(MAX_TOKEN_PRICE_KES_CENTS).optional(),
  /** A price per minute the AI is on a call, on top of its tokens (0: none). */
  aiPerMinKesCents: z.coerce.number().min(0).max(MAX_RATE_KES_CENTS).default(0),

  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logCallContent: bool.default(false),
  /** Days the call log keeps a call (pruned at start and every 6 hours); 0 keeps calls forever. */
  retentionDays: z.coerce.number().int().min(0).max(36_500).default(365),

  /** How Sautikit reaches this laptop: none (loopback only), ngrok, a Cloudflare quick tunnel, or PUBLIC_URL. */
  tunnelProvider: z.enum(['none', 'ngrok', 'cloudflare', 'own-url']).optional(),
  ngrokAuthtoken: z.string().min(1).optional(),
  ngrokDomain: z.string().min(1).optional(),
  /** Where cloudflared's releases are looked up (its official GitHub releases API by default). */
  cloudflaredReleaseUrl: httpUrl.default(
    'https://api.github.com/repos/cloudflare/cloudflared/releases/latest',
  ),
  /** An already-installed cloudflared to use instead of fetching one. */
  cloudflaredPath: z.string().min(1).optional(),
  /** The host's LAN listener for teammates (TLS, console API only). */
  teamHost: z.string().min(1).default('0.0.0.0'),
  teamPort: port.default(8443),
  pairingCodeTtlMs: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema> & {
  consoleToken: string;
  mediaTokenSecret: string;
};

/** Environment variable name for each setting. */
export const ENV_NAMES: Record<keyof z.input<typeof configSchema>, string> = {
  port: 'PORT',
  host: 'HOST',
  publicUrl: 'PUBLIC_URL',
  sautikitApiBase: 'SAUTIKIT_API_BASE',
  sautikitApiKey: 'SAUTIKIT_API_KEY',
  webhookSecret: 'SAUTIKIT_WEBHOOK_SECRET',
  signatureToleranceMs: 'SAUTIKIT_SIGNATURE_TOLERANCE_MS',
  newCallsPerS: 'NEW_CALLS_PER_S',
  newCallsBurst: 'NEW_CALLS_BURST',
  busyMessage: 'BUSY_MESSAGE',
  dataDir: 'DATA_DIR',
  consolePort: 'CONSOLE_PORT',
  consoleHost: 'CONSOLE_HOST',
  consoleToken: 'CONSOLE_TOKEN',
  mediaTokenSecret: 'MEDIA_TOKEN_SECRET',
  mediaTokenTtlMs: 'MEDIA_TOKEN_TTL_MS',
  streamConnectWaitMs: 'STREAM_CONNECT_WAIT_MS',
  aiProvider: 'AI_PROVIDER',
  geminiApiKey: 'GEMINI_API_KEY',
  geminiApiBase: 'GEMINI_API_BASE',
  geminiModel: 'GEMINI_MODEL',
  geminiVoice: 'GEMINI_VOICE',
  geminiVadStartSensitivity: 'GEMINI_VAD_START_SENSITIVITY',
  geminiVadEndSensitivity: 'GEMINI_VAD_END_SENSITIVITY',
  geminiVadPrefixPaddingMs: 'GEMINI_VAD_PREFIX_PADDING_MS',
  geminiVadSilenceMs: 'GEMINI_VAD_SILENCE_MS',
  openaiApiKey: 'OPENAI_API_KEY',
  openaiApiBase: 'OPENAI_API_BASE',
  openaiModel: 'OPENAI_MODEL',
  openaiVoice: 'OPENAI_VOICE',
  openaiVad: 'OPENAI_VAD',
  openaiVadThreshold: 'OPENAI_VAD_THRESHOLD',
  openaiVadSilenceMs: 'OPENAI_VAD_SILENCE_MS',
  openaiVadPrefixPaddingMs: 'OPENAI_VAD_PREFIX_PADDING_MS',
  openaiVadEagerness: 'OPENAI_VAD_EAGERNESS',
  openaiTranscriptionModel: 'OPENAI_TRANSCRIPTION_MODEL',
  openaiNoiseReduction: 'OPENAI_NOISE_REDUCTION',
  openaiSessionMaxMs: 'OPENAI_SESSION_MAX_MS',
  aiConnectTimeoutMs: 'AI_CONNECT_TIMEOUT_MS',
  businessName: 'BUSINESS_NAME',
  systemPrompt: 'SYSTEM_PROMPT',
  greeting: 'GREETING',
  language: 'LANGUAGE',
  echoMode: 'ECHO_MODE',
  pacerLeadMs: 'PACER_LEAD_MS',
  aiThread: 'AI_THREAD',
  deadAirMs: 'DEAD_AIR_MS',
  agentName: 'AGENT_NAME',
  agentNumber: 'AGENT_NUMBER',
  escalationPhrases: 'ESCALATION_PHRASES',
  neverAiTopics: 'NEVER_AI_TOPICS',
  sentimentThreshold: 'SENTIMENT_THRESHOLD',
  handoffMessage: 'HANDOFF_MESSAGE',
  unstaffedMessage: 'UNSTAFFED_MESSAGE',
  apologyMessage: 'APOLOGY_MESSAGE',
  dialTimeoutS: 'DIAL_TIMEOUT_S',
  queueMaxWaitS: 'QUEUE_MAX_WAIT_S',
  queueAnnounceEveryS: 'QUEUE_ANNOUNCE_EVERY_S',
  teamNumber: 'SAUTIKIT_NUMBER',
  aiHelpsWhileWaiting: 'AI_HELPS_WHILE_WAITING',
  afterAgentLeaves: 'AFTER_AGENT_LEAVES',
  agentLeftMessage: 'AGENT_LEFT_MESSAGE',
  carrierTransfer: 'CARRIER_TRANSFER',
  connectingMessage: 'CONNECTING_MESSAGE',
  voicemailMessage: 'VOICEMAIL_MESSAGE',
  voicemailMaxLengthS: 'VOICEMAIL_MAX_LENGTH_S',
  agentLegMessage: 'AGENT_LEG_MESSAGE',
  sautikitTimeoutMs: 'SAUTIKIT_TIMEOUT_MS',
  sautikitRetries: 'SAUTIKIT_RETRIES',
  outboundPerMinKesCents: 'OUTBOUND_PER_MIN_KES_CENTS',
  inboundPerMinKesCents: 'INBOUND_PER_MIN_KES_CENTS',
  billing: 'BILLING',
  aiInputPerMTokensKesCents: 'AI_INPUT_PER_M_TOKENS_KES_CENTS',
  aiOutputPerMTokensKesCents: 'AI_OUTPUT_PER_M_TOKENS_KES_CENTS',
  aiPerMinKesCents: 'AI_PER_MIN_KES_CENTS',
  logLevel: 'LOG_LEVEL',
  logCallContent: 'LOG_CALL_CONTENT',
  retentionDays: 'RETENTION_DAYS',
  tunnelProvider: 'TUNNEL_PROVIDER',
  ngrokAuthtoken: 'NGROK_AUTHTOKEN',
  ngrokDomain: 'NGROK_DOMAIN',
  cloudflaredReleaseUrl: 'CLOUDFLARED_RELEASE_URL',
  cloudflaredPath: 'CLOUDFLARED_PATH',
  teamHost: 'TEAM_HOST',
  teamPort: 'TEAM_PORT',
  pairingCodeTtlMs: 'PAIRING_CODE_TTL_MS',
};

function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? home, 'Sauti Console');
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'Sauti Console');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'sauti-console');
}

/** Reads the settings from environment variables (empty values count as unset). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ConfigInput {
  const input: Record<string, string> = {};
  for (const [key, envName] of Object.entries(ENV_NAMES)) {
    const value = env[envName];
    if (value !== undefined && value !== '') input[key] = value;
  }
  return input as ConfigInput;
}

/** Validates settings; throws CONFIG_INVALID naming every bad setting by its environment name. */
export function loadConfig(input: ConfigInput = configFromEnv()): Config {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = Object.entries(problemsByKey(parsed.error)).map(
      ([key, text]) => `${ENV_NAMES[key as keyof typeof ENV_NAMES] ?? key}: ${text}`,
    );
    throw new SautiError('CONFIG_INVALID', `Invalid settings: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    consoleToken: c.consoleToken ?? randomBytes(24).toString('base64url'),
    mediaTokenSecret: c.mediaTokenSecret ?? randomBytes(32).toString('base64url'),
  };
}

export type EffectiveProvider = 'gemini' | 'openai' | 'demo' | 'none';

export interface ProviderChoice {
  readonly provider: EffectiveProvider;
  /** Why it is not the one AI_PROVIDER names (for the start-up log), when it is not. */
  readonly reason?: string;
}

/**
 * Who answers calls. The chosen model when its key is set; `none` when asked for. The demo agent only
 * while no AI key is set at all: a real key always wins over it (AI_PROVIDER=demo with a key answers
 * with that model). A real model chosen without its key while the other one's key is set is a mistake
 * to fix, not a demo: calls then go to people (`none`), as before the demo existed.
 */
export function providerChoice(config: Config): ProviderChoice {
  const { aiProvider, geminiApiKey, openaiApiKey } = config;
  if (aiProvider === 'none') return { provider: 'none' };
  if (aiProvider === 'gemini' && geminiApiKey) return { provider: 'gemini' };
  if (aiProvider === 'openai' && openaiApiKey) return { provider: 'openai' };
  if (aiProvider === 'demo') {
    if (geminiApiKey)
      return { provider: 'gemini', reason: 'GEMINI_API_KEY is set: a real key wins over the demo agent' };
    if (openaiApiKey)
      return { provider: 'openai', reason: 'OPENAI_API_KEY is set: a real key wins over the demo agent' };
    return { provider: 'demo' };
  }
  const missing = aiProvider === 'gemini' ? 'GEMINI_API_KEY' : 'OPENAI_API_KEY';
  if (geminiApiKey || openaiApiKey) {
    return {
      provider: 'none',
      reason: `AI_PROVIDER=${aiProvider} but ${missing} is not set (the other provider's key is): calls go to people`,
    };
  }
  return { provider: 'demo', reason: `no AI key is set (${missing}): the demo agent answers calls` };
}

/** The provider that will actually answer calls. */
export function effectiveProvider(config: Config): EffectiveProvider {
  return providerChoice(config).provider;
}
