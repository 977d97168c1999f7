// Voice actions (Sautikit's verbs) built once and rendered to either response form: raw XML
// (forwarded to the PBX; the only form with <Stream>) or the JSON DSL. Every value is escaped.
// Attribute names follow sautikit.com/developers voice-action pages.
import { SautiError } from '../base/errors';

export type StreamTrack = 'inbound_track' | 'outbound_track' | 'both_tracks';
export type StreamStatusEvent = 'stream-started' | 'stream-stopped' | 'stream-error';
export type ConferenceStatusEvent = 'start' | 'end' | 'join' | 'leave' | 'mute' | 'unmute';

export type VoiceAction =
  | {
      stream: {
        url: string;
        track: StreamTrack;
        /**
         * Hold the call leg for the fork's lifetime. The official SDK (sautikit-node verbs.ts) says it is
         * required whenever <Stream> drives the call: without it the document ends and the call drops.
         */
        connect: boolean;
        /** PCM rate delivered to our socket. */
        outputSamplingRate: 8000 | 16000;
        /** PCM rate we send back; the SDK says to set it whenever audio is played into the call. */
        bidirectionalSamplingRate?: 8000 | 16000;
        name?: string;
        statusCallback?: string;
        statusEvents?: readonly StreamStatusEvent[];
      };
    }
  | { say: { text: string; voice?: string; language?: string } }
  | { play: { url: string; loop?: number } }
  | { pause: { length: number } }
  | {
      getDigits: { timeout?: number; numDigits?: number; action?: string; nested?: readonly VoiceAction[] };
    }
  | {
      dial: {
        number?: string;
        sip?: string;
        callerId?: string;
        timeout?: number;
        record?: 'record-from-answer' | 'record-from-ringing';
      };
    }
  | {
      conference: {
        name: string;
        startOnEnter?: boolean;
        endOnExit?: boolean;
        beep?: boolean;
        waitUrl?: string;
        muted?: boolean;
        maxParticipants?: number;
        record?: boolean;
        statusEventsCallbackUrl?: string;
        statusEvents?: readonly ConferenceStatusEvent[];
      };
    }
  | {
      record: {
        action?: string;
        method?: 'GET' | 'POST';
        timeout?: number;
        maxLength?: number;
        finishOnKey?: string;
        transcribe?: boolean;
        transcribeCallback?: string;
        playBeep?: boolean;
        trim?: 'trim-silence' | 'do-not-trim';
      };
    }
  | { redirect: { url: string; method?: 'GET' | 'POST' } }
  | { reject: { reason?: 'rejected' | 'busy' } }
  | { hangup: Record<string, never> };

/** Escapes a value for an XML attribute or text node. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

type AttrValue = string | number | boolean | readonly string[] | undefined;

function attrs(values: Record<string, AttrValue>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    out += ` ${name}="${escapeXml(text)}"`;
  }
  return out;
}

function element(name: string, attributes: Record<string, AttrValue>, children?: string): string {
  return children === undefined || children === ''
    ? `<${name}${attrs(attributes)}/>`
    : `<${name}${attrs(attributes)}>${children}</${name}>`;
}

function actionToXml(action: VoiceAction): string {
  if ('stream' in action) return element('Stream', { ...action.stream });
  if ('say' in action) {
    const { text, ...rest } = action.say;
    return element('Say', rest, escapeXml(text));
  }
  if ('play' in action) {
    const { url, ...rest } = action.play;
    return element('Play', rest, escapeXml(url));
  }
  if ('pause' in action) return element('Pause', { length: action.pause.length });
  if ('getDigits' in action) {
    const { nested, ...rest } = action.getDigits;
    return element('GetDigits', rest, (nested ?? []).map(actionToXml).join(''));
  }
  if ('dial' in action) {
    const { number, sip, ...rest } = action.dial;
    if (!number === !sip)
      throw new SautiError('SAUTIKIT_BAD_ACTION', 'Dial needs exactly one of number or sip');
    const noun = number ? element('Number', {}, escapeXml(number)) : element('Sip', {}, escapeXml(sip ?? ''));
    return element('Dial', rest, noun);
  }
  if ('conference' in action) {
    const { name, ...rest } = action.conference;
    return element('Conference', rest, escapeXml(name));
  }
  if ('record' in action) return element('Record', { ...action.record });
  if ('redirect' in action) {
    const { url, ...rest } = action.redirect;
    return element('Redirect', rest, escapeXml(url));
  }
  if ('reject' in action) return element('Reject', { ...action.reject });
  return element('Hangup', {});
}

/** The raw XML response form: `<?xml …?><Response>…</Response>`. */
export function toXml(actions: readonly VoiceAction[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${actions.map(actionToXml).join('')}</Response>`;
}

/** The JSON DSL form, `{"actions":[…]}`. `<Stream>` has no JSON form today. */
export function toJson(actions: readonly VoiceAction[]): { actions: VoiceAction[] } {
  for (const a of actions) {
    if ('stream' in a)
      throw new SautiError('SAUTIKIT_BAD_ACTION', 'Stream exists only in the XML response form');
  }
  return { actions: [...actions] };
}
