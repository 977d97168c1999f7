import { describe, expect, it } from 'vitest';
import { readGeminiMessage } from '../../../bridge/ai/gemini-messages';

const pcmB64 = (samples: number[]) => Buffer.from(new Int16Array(samples).buffer).toString('base64');

describe('readGeminiMessage', () => {
  it('reads a server content message in order: caller words, audio, agent words, turn end', () => {
    const { facts, problem } = readGeminiMessage({
      serverContent: {
        inputTranscription: { text: 'hello', finished: true },
        modelTurn: {
          parts: [
            { inlineData: { mimeType: 'audio/pcm;rate=24000', data: pcmB64([1, -2, 300]) } },
            { text: 'thinking' },
          ],
        },
        outputTranscription: { text: 'Hi' },
        turnComplete: true,
      },
    });
    expect(problem).toBeUndefined();
    expect(facts.map((f) => f.kind)).toEqual(['caller-text', 'audio', 'agent-text', 'turn-complete']);
    const audio = facts[1] as { pcm: Int16Array };
    expect(Array.from(audio.pcm)).toEqual([1, -2, 300]);
    expect(facts[0]).toEqual({ kind: 'caller-text', text: 'hello', finished: true });
  });

  it('reads interruption, tool calls, usage, goAway and resumption updates', () => {
    expect(readGeminiMessage({ serverContent: { interrupted: true } }).facts).toEqual([
      { kind: 'interrupted' },
    ]);
    expect(
      readGeminiMessage({
        toolCall: { functionCalls: [{ id: 'c1', name: 'transfer_to_human', args: { reason: 'x' } }] },
      }).facts,
    ).toEqual([{ kind: 'tool-call', id: 'c1', name: 'transfer_to_human', args: { reason: 'x' } }]);
    expect(
      readGeminiMessage({
        usageMetadata: { promptTokenCount: 10, responseTokenCount: 5, totalTokenCount: 15 },
      }).facts,
    ).toEqual([{ kind: 'usage', inputTokens: 10, outputTokens: 5, totalTokens: 15 }]);
    // The modality breakdown (ModalityTokenCount) gives the audio share, billed at its own rate.
    expect(
      readGeminiMessage({
        usageMetadata: {
          promptTokenCount: 522,
          responseTokenCount: 42,
          cachedContentTokenCount: 100,
          promptTokensDetails: [
            { modality: 'TEXT', tokenCount: 332 },
            { modality: 'AUDIO', tokenCount: 165 },
          ],
          responseTokensDetails: [{ modality: 'AUDIO', tokenCount: 42 }],
        },
      }).facts,
    ).toEqual([
      {
        kind: 'usage',
        inputTokens: 522,
        outputTokens: 42,
        inputAudioTokens: 165,
        inputCachedTokens: 100,
        outputAudioTokens: 42,
      },
    ]);
    expect(readGeminiMessage({ goAway: { timeLeft: '1.5s' } }).facts).toEqual([
      { kind: 'go-away', timeLeftMs: 1500 },
    ]);
    expect(
      readGeminiMessage({ sessionResumptionUpdate: { newHandle: 'h1', resumable: true } }).facts,
    ).toEqual([{ kind: 'resumption', handle: 'h1', resumable: true }]);
    expect(readGeminiMessage({ sessionResumptionUpdate: { resumable: false } }).facts).toEqual([
      { kind: 'resumption', handle: null, resumable: false },
    ]);
    expect(readGeminiMessage({ setupComplete: {} }).facts).toEqual([{ kind: 'setup-complete' }]);
  });

  it('ignores fields it does not know', () => {
    expect(readGeminiMessage({ somethingNew: { x: 1 }, serverContent: { futureFlag: true } })).toEqual({
      facts: [],
    });
  });

  it('flags known fields with the wrong shape', () => {
    expect(readGeminiMessage({ serverContent: { modelTurn: { parts: 'oops' } } }).problem).toMatch(
      /modelTurn.parts/,
    );
    expect(readGeminiMessage({ serverContent: 'x' }).problem).toMatch(/serverContent/);
    expect(
      readGeminiMessage({ serverContent: { modelTurn: { parts: [{ inlineData: { data: '!!!' } }] } } })
        .problem,
    ).toMatch(/base64/);
    expect(
      readGeminiMessage({ serverContent: { modelTurn: { parts: [{ inlineData: { data: 'AAAA' } }] } } })
        .problem,
    ).toMatch(/odd/);
    expect(
      readGeminiMessage({
        serverContent: {
          modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=16000', data: 'AAAA' } }] },
        },
      }).problem,
    ).toMatch(/16000 Hz/);
    expect(readGeminiMessage({ goAway: { timeLeft: 'soon' } }).problem).toMatch(/duration/);
    expect(readGeminiMessage({ usageMetadata: { promptTokenCount: -1 } }).problem).toMatch(/count/);
    expect(
      readGeminiMessage({ usageMetadata: { promptTokensDetails: [{ modality: 'AUDIO', tokenCount: 'x' }] } })
        .problem,
    ).toMatch(/promptTokensDetails\[\]\.tokenCount/);
    expect(readGeminiMessage(null).problem).toMatch(/message/);
  });

  it('keeps the facts read before a problem', () => {
    const read = readGeminiMessage({ setupComplete: {}, serverContent: { turnComplete: 'yes' } });
    expect(read.facts).toEqual([{ kind: 'setup-complete' }]);
    expect(read.problem).toMatch(/turnComplete/);
  });
});
