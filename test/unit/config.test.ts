import { describe, expect, it } from 'vitest';
import { configFromEnv, effectiveProvider, loadConfig } from '../../bridge/config';

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

  it('falls back to no provider when the chosen one has no key', () => {
    expect(effectiveProvider(loadConfig({ aiProvider: 'gemini' }))).toBe('none');
    expect(effectiveProvider(loadConfig({ aiProvider: 'gemini', geminiApiKey: 'k' }))).toBe('gemini');
  });
});
