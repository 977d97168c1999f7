// Reads cloudflared's log lines (it logs to stderr). The quick-tunnel URL is printed inside an ASCII box
// (cmd/cloudflared/tunnel/quick_tunnel.go: "Your quick Tunnel has been created! Visit it at …");
// connections are announced as "Registered tunnel connection" and lost as "Unregistered tunnel
// connection" / "Connection terminated" / "Retrying connection in up to …".

export type QuickTunnelLine =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'connected' }
  | { readonly kind: 'disconnected'; readonly reason: string }
  /** cloudflared could not get a quick tunnel at all (offline, or the service refused). */
  | { readonly kind: 'request-failed'; readonly reason: string; readonly rateLimited: boolean }
  | { readonly kind: 'other' };

const URL_IN_BOX = /https:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.trycloudflare\.com\b/i;

export function readQuickTunnelLine(line: string): QuickTunnelLine {
  const url = URL_IN_BOX.exec(line);
  if (url && !/api\.trycloudflare\.com/i.test(url[0])) return { kind: 'url', url: url[0].toLowerCase() };
  if (/Registered tunnel connection/i.test(line)) return { kind: 'connected' };
  if (/failed to (request|unmarshal|parse) quick Tunnel/i.test(line)) {
    return {
      kind: 'request-failed',
      reason: errorText(line),
      rateLimited: /429|too many requests/i.test(line),
    };
  }
  if (
    /Unregistered tunnel connection|Connection terminated|Retrying connection in up to|Serve tunnel error/i.test(
      line,
    )
  ) {
    return { kind: 'disconnected', reason: errorText(line) };
  }
  return { kind: 'other' };
}

function errorText(line: string): string {
  const quoted = /error="([^"]*)"/.exec(line);
  const text = quoted?.[1] ?? line.replace(/^\S+\s+(INF|ERR|WRN|DBG)\s+/, '');
  return text.slice(0, 300);
}
