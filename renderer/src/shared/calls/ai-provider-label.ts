// The AI that answers a call, in plain words: the provider names the core reports, and whether it is
// the built-in demo agent (a script, not a real AI), which must be labelled as such wherever it shows.

/** The provider name of the built-in demo agent (bridge/ai/demo). */
export const DEMO_PROVIDER = 'demo';

const LABELS: Readonly<Record<string, string>> = {
  gemini: 'Gemini Live',
  openai: 'OpenAI Realtime',
  demo: 'Demo agent (scripted, not a real AI)',
  none: 'None',
  echo: 'Echo test',
};

export function isDemoAgent(provider: string | undefined): boolean {
  return provider === DEMO_PROVIDER;
}

/** A provider name in plain words (an unknown name is shown as it is). */
export function aiProviderLabel(provider: string | undefined): string {
  if (!provider) return '…';
  return LABELS[provider] ?? provider;
}
