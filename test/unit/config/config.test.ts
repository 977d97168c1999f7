import { describe, expect, it } from 'vitest';
import { configFromEnv, effectiveProvider, loadConfig, providerChoice } from '../../../bridge/config/config';

describe('config', () => {
  it('has sensible defaults and a random console token', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('0.0.0.0');
    expect(c.consolePort).toBe(8081);
    expect(c.consoleHost).toBe('127.0.0.1');
    expect(c.sautikitApiBase).toBe('https://api.sautikit.com');
    expect(c.consoleToken.length).toBeGreaterThanOrEqual(24);
    expect(loadConfig({}).consoleToken).not.toBe(c.consoleToken);
    expect(c.escalationPhrases).toContain('nataka kuongea na mtu');
  });

  it('reads the documented environment names, ignoring empty values', () => {
    const input = configFromEnv({
      PORT: '9090',
      PUBLIC_URL: 'https://abc.trycloudflare.com/',
      SAUTIKIT_WEBHOOK_SECRET: 's3cret',
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      GEMINI_API_KEY: '',
      ESCALATION_PHRASES: 'agent, supervisor',
      ECHO_MODE: 'true',
    });
    const c = loadConfig(input);
    expect(c.port).toBe(9090);
    expect(c.publicUrl).toBe('https://abc.trycloudflare.com');
    expect(c.webhookSecret).toBe('s3cret');
    expect(c.geminiApiKey).toBeUndefined();
    expect(c.escalationPhrases).toEqual(['agent', 'supervisor']);
    expect(c.echoMode).toBe(true);
    expect(effectiveProvider(c)).toBe('openai');
  });

  it('names every bad setting by its environment variable', () => {
    expect(() =>
      loadConfig(configFromEnv({ PORT: 'eighty', PUBLIC_URL: 'ftp://x', AGENT_NUMBER: '0712' })),
    ).toThrow(/PORT: .*PUBLIC_URL: .*AGENT_NUMBER: "0712" is not a phone number we can dial/);
  });

  it('takes AGENT_NUMBER the way people type Kenyan numbers, and keeps it in E.164', () => {
    for (const typed of ['0712 345 678', '0712-345-678', '712345678', '254712345678', '+254 712 345 678'])
      expect(loadConfig(configFromEnv({ AGENT_NUMBER: typed })).agentNumber).toBe('+254712345678');
  });

  it('keeps the console API on loopback: CONSOLE_HOST refuses any other address, naming the setting', () => {
    expect(loadConfig(configFromEnv({ CONSOLE_HOST: 'localhost' })).consoleHost).toBe('localhost');
    for (const host of ['0.0.0.0', '192.168.1.20', '::', 'console.example.org']) {
      expect(() => loadConfig(configFromEnv({ CONSOLE_HOST: host }))).toThrow(
        /CONSOLE_HOST: must be a loopback address \(127\.0\.0\.1 or localhost\).*TEAM_HOST/,
      );
    }
  });

  it('answers with the chosen model when its key is set, and with nobody when asked for none', () => {
    expect(effectiveProvider(loadConfig({ aiProvider: 'gemini', geminiApiKey: 'k' }))).toBe('gemini');
    expect(effectiveProvider(loadConfig({ aiProvider: 'openai', openaiApiKey: 'sk' }))).toBe('openai');
    expect(providerChoice(loadConfig({ aiProvider: 'none', geminiApiKey: 'k' }))).toEqual({
      provider: 'none',
    });
  });

  it('answers with the demo agent while no AI key is set at all, saying why', () => {
    expect(providerChoice(loadConfig({}))).toEqual({
      provider: 'demo',
      reason: 'no AI key is set (GEMINI_API_KEY): the demo agent answers calls',
    });
    expect(effectiveProvider(loadConfig({ aiProvider: 'openai' }))).toBe('demo');
    expect(providerChoice(loadConfig({ aiProvider: 'demo' }))).toEqual({ provider: 'demo' });
  });

  it('never uses the demo agent when a real key is set', () => {
    expect(providerChoice(loadConfig({ aiProvider: 'demo', geminiApiKey: 'k' }))).toEqual({
      provider: 'gemini',
      reason: 'GEMINI_API_KEY is set: a real key wins over the demo agent',
    });
    expect(effectiveProvider(loadConfig({ aiProvider: 'demo', openaiApiKey: 'sk' }))).toBe('openai');
    // The chosen model's key is missing but the other's is set: a mistake to fix, calls go to people.
    const choice = providerChoice(loadConfig({ aiProvider: 'gemini', openaiApiKey: 'sk' }));
    expect(choice.provider).toBe('none');
    expect(choice.reason).toMatch(/AI_PROVIDER=gemini but GEMINI_API_KEY is not set/);
  });

  it('defaults OpenAI to gpt-realtime-2.1 and its session cap to 60 minutes, which OPENAI_SESSION_MAX_MS changes', () => {
    expect(loadConfig({}).openaiModel).toBe('gpt-realtime-2.1');
    expect(loadConfig({}).openaiSessionMaxMs).toBe(3_600_000);
    expect(loadConfig(configFromEnv({ OPENAI_SESSION_MAX_MS: '1800000' })).openaiSessionMaxMs).toBe(
      1_800_000,
    );
    expect(() => loadConfig(configFromEnv({ OPENAI_SESSION_MAX_MS: '60000' }))).toThrow(
      /OPENAI_SESSION_MAX_MS/,
    );
  });
});
