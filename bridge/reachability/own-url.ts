// "My own URL": the team already has a reverse proxy or server in front of this laptop (PUBLIC_URL).
// Nothing to open; the session simply reports that URL. "Test my setup" checks it really reaches us.
import { SautiError } from '../base/errors';
import { normalisePublicUrl, SessionEvents, type TunnelProvider } from './provider';

export function ownUrlTunnel(publicUrl: string | undefined): TunnelProvider {
  return {
    name: 'own-url',
    async open() {
      const url = publicUrl ? normalisePublicUrl(publicUrl) : null;
      if (!url) {
        throw new SautiError(
          'TUNNEL_NO_URL',
          'Enter your public URL (for example https://calls.example.co.ke) or choose ngrok or a Cloudflare quick tunnel.',
        );
      }
      const events = new SessionEvents();
      return { url, onEvent: (l) => events.on(l), close: async () => {} };
    },
  };
}
