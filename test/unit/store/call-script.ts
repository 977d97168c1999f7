// Test language for the store: a scripted call as the CallEvents the registry would publish, with
// time moving forward between them.
import type { CallEvent, CallEventKind, CallEventMap } from '../../../bridge/domain/call-events';
import type { CallOutcome, EscalationReason } from '../../../bridge/domain/call';
import { asAgentId, asCallId, type CallId } from '../../../bridge/domain/ids';

export class CallScript {
  readonly events: CallEvent[] = [];
  readonly callId: CallId;
  private nextTurn = 1;
  private offsetMs = 0;

  constructor(
    callId: string,
    public at: number,
    readonly from = '+254712345678',
  ) {
    this.callId = asCallId(callId);
  }

  emit<K extends CallEventKind>(kind: K, data: CallEventMap[K], stepMs = 100): this {
    this.at += stepMs;
    this.offsetMs += stepMs;
    this.events.push({ ...data, kind, callId: this.callId, at: this.at } as unknown as CallEvent);
    return this;
  }

  started(provider = 'gemini', model: string | null = 'gemini-live'): this {
    return this.emit(
      'call.started',
      { from: this.from, to: '+254709000000', direction: 'inbound', provider, model },
      0,
    );
  }

  stream(): this {
    return this.emit('stream.started', {});
  }

  /** A caller line: a partial first (never stored), then the final. */
  caller(text: string): this {
    const turnId = this.nextTurn++;
    const startMs = this.offsetMs;
    this.emit('transcript', { turnId, speaker: 'caller', text: text.slice(0, 5), final: false, startMs });
    return this.emit(
      'transcript',
      { turnId, speaker: 'caller', text, final: true, startMs, endMs: this.offsetMs + 900 },
      1000,
    );
  }

  /** An agent reply with its latency figures (metrics arrive before the final line, as in a session). */
  agent(text: string, options: { latencyMs?: number; interrupted?: boolean } = {}): this {
    const turnId = this.nextTurn++;
    const startMs = this.offsetMs;
    if (options.latencyMs !== undefined) {
      this.emit('turn.metrics', {
        turnId,
        latencyMs: options.latencyMs,
        modelLatencyMs: options.latencyMs - 40,
        bridgeMs: 40,
      });
    }
    if (options.interrupted) {
      this.emit('barge-in', { turnId, heardMs: 700, droppedMs: 1200 });
      this.emit('turn.metrics', { turnId, bargeInStopMs: 35, staleAudioMs: 60 });
    }
    return this.emit(
      'transcript',
      {
        turnId,
        speaker: 'agent',
        text,
        final: true,
        startMs,
        endMs: this.offsetMs + 1500,
        ...(options.interrupted ? { heardMs: 700, interrupted: true } : {}),
      },
      1500,
    );
  }

  escalate(reason: EscalationReason, detail = 'caller asked'): this {
    return this.emit('escalation', { reason, detail });
  }

  toAgent(id: string, name: string): this {
    this.emit('redirect', { url: 'https://example.org/handoff', ok: true, attempts: 1 });
    this.emit('dial.attempt', { agentId: asAgentId(id), agentName: name, number: '+254700111222' });
    this.emit('dial.result', { agentId: asAgentId(id), result: 'connected' });
    return this.emit('agent.connected', { agentId: asAgentId(id), agentName: name });
  }

  cost(component: 'carrier-inbound' | 'carrier-outbound' | 'ai', kesCents: number): this {
    return this.emit('cost', { component, kesCents }, 0);
  }

  ended(outcome: CallOutcome, reason = 'completed'): this {
    const durationMs = this.offsetMs + 100;
    return this.emit('call.ended', { outcome, durationMs, reason });
  }
}

/** A complete AI-resolved call: greeting, question, answer. */
export function aiResolvedCall(callId: string, at: number, from?: string): CallScript {
  return new CallScript(callId, at, from)
    .started()
    .stream()
    .agent('Habari, karibu. How can I help you today?', { latencyMs: 300 })
    .caller('What is my account balance please')
    .agent('Your balance is two thousand shillings.', { latencyMs: 800 })
    .caller('Asante sana')
    .agent('Karibu, goodbye.', { latencyMs: 600 })
    .cost('carrier-inbound', 150)
    .cost('ai', 42.5)
    .ended('ai-resolved');
}

/** A call the AI handed to a person. */
export function escalatedCall(callId: string, at: number, from?: string): CallScript {
  return new CallScript(callId, at, from)
    .started()
    .stream()
    .agent('Hello, how can I help?', { latencyMs: 400 })
    .caller('I want to dispute a charge on my card')
    .escalate('never-ai-topic', 'dispute')
    .toAgent('agent-1', 'Wanjiru')
    .cost('carrier-inbound', 300)
    .cost('carrier-outbound', 600)
    .ended('agent-handled');
}
