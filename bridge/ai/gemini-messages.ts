// Reads one Gemini Live server message (BidiGenerateContentServerMessage) into the facts the session
// acts on, in order. Known fields with the wrong shape make the message malformed; unknown fields are
// ignored, so new additions to the API never break a call.
import type { TokenUsage } from './provider';
import { MalformedField, obj, pcmField, str, type WireObject as Obj } from './wire-fields';

export const GEMINI_OUTPUT_RATE_HZ = 24_000;

export type GeminiFact =
  | { kind: 'setup-complete' }
  | { kind: 'caller-text'; text: string; finished: boolean }
  | { kind: 'agent-text'; text: string; finished: boolean }
  | { kind: 'audio'; pcm: Int16Array }
  | { kind: 'interrupted' }
  | { kind: 'turn-complete' }
  | { kind: 'tool-call'; id: string; name: string; args: unknown }
  | { kind: 'tool-call-cancelled'; ids: string[] }
  | ({ kind: 'usage' } & TokenUsage)
  | { kind: 'go-away'; timeLeftMs: number | null }
  | { kind: 'resumption'; handle: string | null; resumable: boolean };

export interface ReadMessage {
  readonly facts: GeminiFact[];
  /** Set when a known field had the wrong shape; the facts read before it are still returned. */
  readonly problem?: string;
}

export function readGeminiMessage(message: unknown): ReadMessage {
  const facts: GeminiFact[] = [];
  try {
    const msg = obj(message, 'message');
    if ('setupComplete' in msg) facts.push({ kind: 'setup-complete' });
    if (msg.serverContent !== undefined) readServerContent(obj(msg.serverContent, 'serverContent'), facts);
    if (msg.toolCall !== undefined) readToolCall(obj(msg.toolCall, 'toolCall'), facts);
    if (msg.toolCallCancellation !== undefined) {
      const ids = optArray(
        obj(msg.toolCallCancellation, 'toolCallCancellation').ids,
        'toolCallCancellation.ids',
      );
      facts.push({
        kind: 'tool-call-cancelled',
        ids: ids.map((id) => str(id, 'toolCallCancellation.ids[]')),
      });
    }
    if (msg.usageMetadata !== undefined) {
      const u = obj(msg.usageMetadata, 'usageMetadata');
      facts.push({
        kind: 'usage',
        inputTokens: optCount(u.promptTokenCount, 'usageMetadata.promptTokenCount'),
        outputTokens: optCount(u.responseTokenCount, 'usageMetadata.responseTokenCount'),
        totalTokens: optCount(u.totalTokenCount, 'usageMetadata.totalTokenCount'),
        // Audio is billed at its own rate (UsageMetadata: promptTokensDetails / responseTokensDetails,
        // ModalityTokenCount {modality, tokenCount}).
        inputAudioTokens: audioTokens(u.promptTokensDetails, 'usageMetadata.promptTokensDetails'),
        inputCachedTokens: optCount(u.cachedContentTokenCount, 'usageMetadata.cachedContentTokenCount'),
        outputAudioTokens: audioTokens(u.responseTokensDetails, 'usageMetadata.responseTokensDetails'),
      });
    }
    if (msg.goAway !== undefined) {
      const g = obj(msg.goAway, 'goAway');
      facts.push({ kind: 'go-away', timeLeftMs: g.timeLeft === undefined ? null : durationMs(g.timeLeft) });
    }
    if (msg.sessionResumptionUpdate !== undefined) {
      const r = obj(msg.sessionResumptionUpdate, 'sessionResumptionUpdate');
      const handle = r.newHandle === undefined || r.newHandle === '' ? null : str(r.newHandle, 'newHandle');
      const resumable = r.resumable === undefined ? false : bool(r.resumable, 'resumable');
      facts.push({ kind: 'resumption', handle, resumable });
    }
    return { facts };
  } catch (err) {
    if (err instanceof MalformedField) return { facts, problem: err.message };
    throw err;
  }
}

function readServerContent(sc: Obj, facts: GeminiFact[]): void {
  // Caller words first: they came before whatever the model says in the same message.
  if (sc.inputTranscription !== undefined)
    facts.push({ kind: 'caller-text', ...transcription(sc.inputTranscription, 'inputTranscription') });
  if (sc.interrupted !== undefined && bool(sc.interrupted, 'interrupted'))
    facts.push({ kind: 'interrupted' });
  if (sc.modelTurn !== undefined) {
    const parts = optArray(obj(sc.modelTurn, 'modelTurn').parts, 'modelTurn.parts');
    for (const p of parts) {
      const part = obj(p, 'modelTurn.parts[]');
      if (part.inlineData !== undefined) {
        const pcm = audio(obj(part.inlineData, 'inlineData'));
        if (pcm) facts.push({ kind: 'audio', pcm });
      }
      // Text parts (thoughts) are not spoken and not the agent transcript: outputTranscription is.
    }
  }
  if (sc.outputTranscription !== undefined)
    facts.push({ kind: 'agent-text', ...transcription(sc.outputTranscription, 'outputTranscription') });
  if (sc.turnComplete !== undefined && bool(sc.turnComplete, 'turnComplete'))
    facts.push({ kind: 'turn-complete' });
}

function readToolCall(tc: Obj, facts: GeminiFact[]): void {
  const calls = optArray(tc.functionCalls, 'toolCall.functionCalls');
  calls.forEach((c, i) => {
    const call = obj(c, 'functionCalls[]');
    const name = str(call.name, 'functionCalls[].name');
    const id = call.id === undefined ? `call-${i}` : str(call.id, 'functionCalls[].id');
    facts.push({ kind: 'tool-call', id, name, args: call.args ?? {} });
  });
}

function transcription(value: unknown, what: string): { text: string; finished: boolean } {
  const t = obj(value, what);
  return {
    text: t.text === undefined ? '' : str(t.text, `${what}.text`),
    finished: t.finished === undefined ? false : bool(t.finished, `${what}.finished`),
  };
}

function audio(inline: Obj): Int16Array | null {
  const mime = inline.mimeType === undefined ? '' : str(inline.mimeType, 'inlineData.mimeType');
  if (mime && !mime.startsWith('audio/pcm')) return null; // not audio for the caller's ear
  const rate = /rate=(\d+)/.exec(mime);
  if (rate && Number(rate[1]) !== GEMINI_OUTPUT_RATE_HZ) {
    throw new MalformedField(`audio at ${rate[1]} Hz, expected ${GEMINI_OUTPUT_RATE_HZ}`);
  }
  const pcm = pcmField(inline.data, 'inlineData.data');
  return pcm.length === 0 ? null : pcm;
}

/** A protobuf Duration in JSON: "12s", "0.5s". */
function durationMs(value: unknown): number | null {
  const s = str(value, 'goAway.timeLeft');
  const m = /^(\d+(?:\.\d+)?)s$/.exec(s);
  if (!m) throw new MalformedField('goAway.timeLeft is not a duration');
  return Math.round(Number(m[1]) * 1000);
}

function bool(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new MalformedField(`${what} is not a boolean`);
  return value;
}

function optArray(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new MalformedField(`${what} is not a list`);
  return value;
}

/** The AUDIO entries' token count of a modality breakdown; undefined when there is none. */
function audioTokens(details: unknown, what: string): number | undefined {
  if (details === undefined) return undefined;
  let audio = 0;
  for (const d of optArray(details, what)) {
    const entry = obj(d, `${what}[]`);
    if (entry.modality === 'AUDIO') audio += optCount(entry.tokenCount, `${what}[].tokenCount`) ?? 0;
  }
  return audio;
}

function optCount(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new MalformedField(`${what} is not a count`);
  return value;
}
