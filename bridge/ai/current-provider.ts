// The AI that answers the next call: built from the settings at start, rebuilt when Settings change the
// provider, key, model, voice or instructions (a call already talking keeps its own session).
import type { Log } from '../base/log';
import { providerChoice, type Config } from '../config/config';
import type { RealtimeProvider } from './provider';

export class CurrentProvider {
  private provider: RealtimeProvider | null;

  constructor(
    private readonly config: Config,
    private readonly create: (config: Config) => RealtimeProvider | null,
  ) {
    this.provider = create(config);
  }

  get(): RealtimeProvider | null {
    return this.provider;
  }

  /** The provider's name, or 'none' when no AI answers calls. */
  get name(): string {
    return this.provider?.name ?? 'none';
  }

  rebuild(): void {
    this.provider = this.create(this.config);
  }

  clear(): void {
    this.provider = null;
  }

  /** Says at start who answers calls, and why: a demo script or nobody is worth a warning. */
  logChoice(log: Log): void {
    const choice = providerChoice(this.config);
    const fields = { aiProvider: this.config.aiProvider, reason: choice.reason };
    if (choice.provider === 'none') log.warn(fields, 'no AI provider: calls go to people');
    else if (choice.provider === 'demo')
      log.warn(fields, 'no AI key: the built-in demo agent (a script, not a real AI) answers calls');
    else
      log.info(
        { provider: choice.provider, model: this.provider?.model, reason: choice.reason },
        'AI provider ready',
      );
  }
}
