import { describe, expect, it } from 'vitest';
import { readQuickTunnelLine } from '../../../bridge/reachability/quick-tunnel-output';

describe('cloudflared log lines', () => {
  it('finds the URL inside the ASCII box', () => {
    expect(
      readQuickTunnelLine(
        '2026-01-01T10:00:00Z INF |  https://Calm-River-Tree.trycloudflare.com                                  |',
      ),
    ).toEqual({
      kind: 'url',
      url: 'https://calm-river-tree.trycloudflare.com',
    });
  });

  it('does not mistake the quick-tunnel service address for the URL', () => {
    expect(
      readQuickTunnelLine(
        'ERR failed to request quick Tunnel error="Post \\"https://api.trycloudflare.com/tunnel\\": dial tcp: lookup api.trycloudflare.com: no such host"',
      ),
    ).toMatchObject({
      kind: 'request-failed',
      rateLimited: false,
    });
  });

  it('recognises rate limiting, connections and drops', () => {
    expect(
      readQuickTunnelLine('ERR failed to unmarshal quick Tunnel error="429 Too Many Requests"'),
    ).toMatchObject({ kind: 'request-failed', rateLimited: true });
    expect(
      readQuickTunnelLine(
        'INF Registered tunnel connection connIndex=0 connection=abc event=0 ip=198.41.200.13 location=nbo01 protocol=quic',
      ),
    ).toEqual({ kind: 'connected' });
    expect(
      readQuickTunnelLine(
        'ERR Connection terminated error="timeout: no recent network activity" connIndex=0',
      ),
    ).toEqual({
      kind: 'disconnected',
      reason: 'timeout: no recent network activity',
    });
    expect(readQuickTunnelLine('INF Starting metrics server on 127.0.0.1:20241/metrics')).toEqual({
      kind: 'other',
    });
  });
});
