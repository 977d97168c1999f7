// The one thing the console client needs from a transport: send a wire message, hear messages, binary
// frames (listen-in audio) and the connection's status. A MessagePort (Electron) and a WebSocket (browser
// mode) both fit behind it.
import type { WireMessage } from './contract';

/**
 * open: commands flow; reconnecting: dropped, retrying; unauthorized: the token was refused or missing;
 * revoked: a team host revoked this teammate (no retrying).
 */
export type TransportStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'revoked' | 'closed';

export interface Transport {
  send(message: WireMessage): void;
  /** Sends one binary frame (a headset's microphone: a listen frame, direction `outbound`). */
  sendBinary(frame: ArrayBuffer): void;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Binary frames from the core (contract ListenFrameLayout), as received: not yet checked. */
  onBinary(listener: (frame: ArrayBuffer) => void): () => void;
  onStatus(listener: (status: TransportStatus) => void): () => void;
  readonly status: TransportStatus;
  close(): void;
}
