// The built-in demo agent as a RealtimeProvider (`AI_PROVIDER=demo`, and the default while no AI key
// is set): a scripted local voice for trying the app without an account. Clearly named `demo`
// everywhere it shows; config.ts providerChoice never picks it when a real key is set.
import { SessionProvider } from '../session-provider';
import { DEMO_CAPABILITIES, DEMO_MODEL, DemoSession } from './demo-session';

export class DemoProvider extends SessionProvider {
  constructor() {
    super({
      name: 'demo',
      model: DEMO_MODEL,
      capabilities: DEMO_CAPABILITIES,
      // The script is the demo's only instruction: the team's prompt is for a real model.
      defaultInstructions: 'scripted demo',
      createSession: (_instructions, options) => new DemoSession(options),
    });
  }
}
