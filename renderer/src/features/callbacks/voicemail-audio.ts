// A voicemail recorded on the host, fetched in parts (history.voicemail) and joined into one WAV the
// window can play; a recording at the carrier is played from its own address.
import type { ConsoleClient } from '../../api/console-client';
import type { VoicemailPart } from '../../api/contract';

/** All of a voicemail's WAV bytes, part by part. */
export async function fetchVoicemail(
  client: ConsoleClient,
  callId: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let offset: number | undefined = 0;
  let total = 0;
  while (offset !== undefined) {
    const part: VoicemailPart = await client.call('history.voicemail', { callId, offset });
    const bytes = Uint8Array.from(atob(part.base64), (c) => c.charCodeAt(0));
    parts.push(bytes);
    total += bytes.length;
    offset = part.next;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
