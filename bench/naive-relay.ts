// The seed's way, for comparison: model audio is resampled and written to the carrier socket the
// moment it arrives (no pacing, no queue of ours). On the model's `interrupted` it sends killAudio,
// which is all it can do: whatever the carrier already buffered plays on if killAudio is ignored.
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RealtimeProvider, RealtimeSession } from '../bridge/ai/provider';
import { createSilentLog } from '../bridge/base/log';
import { MEDIA_SUBPROTOCOL } from '../bridge/media/carrier-protocol';
import { bufferFromInt16, int16FromBuffer } from '../bridge/media/pcm';
import { Resampler } from '../bridge/media/resample';
import { realClock } from '../bridge/base/clock';

export interface NaiveRelay {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startNaiveRelay(provider: RealtimeProvider, greeting: string): Promise<NaiveRelay> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({
    server,
    path: '/media',
    perMessageDeflate: false,
    handleProtocols: (p) => (p.has(MEDIA_SUBPROTOCOL) ? MEDIA_SUBPROTOCOL : false),
  });
  wss.on('connection', (ws: WebSocket) => {
    let ai: RealtimeSession | null = null;
    let closed = false;
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        if (ai) return;
        const meta = JSON.parse(data.toString('utf8')) as { callSid?: string };
        void provider
          .connect({
            callId: meta.callSid ?? 'naive',
            instructions: '',
            log: createSilentLog(),
            clock: realClock,
          })
          .then((session) => {
            if (closed) return session.close('gone');
            ai = session;
            const fromAi = new Resampler({
              inputRateHz: session.capabilities.outputSampleRateHz,
              outputRateHz: 16_000,
            });
            session.events.on('ready', () => session.greet(greeting));
            session.events.on('audio', (pcm) => {
              if (ws.readyState === ws.OPEN) ws.send(bufferFromInt16(fromAi.process(pcm)), { binary: true });
            });
            session.events.on('interrupted', () => {
              if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'killAudio' }));
            });
          });
        return;
      }
      ai?.sendAudio(int16FromBuffer(data));
    });
    ws.on('close', () => {
      closed = true;
      ai?.close('carrier closed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/media`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
