// The demo agent's session: a RealtimeSession like Gemini's and OpenAI's, run locally from a script
// and bundled recordings, so the whole bridge (media path, transcript, barge-in, turn metrics,
// hand-off) runs as with a real model. It hears when the caller speaks (never what), answers each
// turn with the script's next step, stops when talked over (`speech.started`, `interrupted`), and
// asks for a person with the same hand-off tool call the real models make.
import type { TimerHandle } from '../../base/clock';
import type { SautiError } from '../../base/errors';
import { HANDOFF_TOOL_NAME } from '../handoff-tool';
import type { ProviderCapabilities, SessionOptions } from '../provider';
import { SessionOutbox } from '../session-outbox';
import type { StartableSession } from '../session-provider';
import { DemoEar } from './demo-ear';
import { DEMO_RATE_HZ, demoLine } from './demo-lines';
import { DemoScript, type DemoStep } from './demo-script';
import { DemoVoice } from './demo-voice';

export const DEMO_MODEL = 'sauti-demo-script';

export const DEMO_CAPABILITIES: ProviderCapabilities = {
  inputSampleRateHz: DEMO_RATE_HZ,
  outputSampleRateHz: DEMO_RATE_HZ,
  canTruncate: false,
  canResume: false,
  detectsBargeIn: true,
  canListenOnly: false,
};

/** Between the end of the caller's turn and the reply, as a model takes a moment to answer. */
const THINK_MS = 300;

export class DemoSession implements StartableSession {
  readonly provider = 'demo' as const;
  readonly model = DEMO_MODEL;
  readonly capabilities = DEMO_CAPABILITIES;
  readonly events: SessionOutbox['events'];
  private readonly outbox: SessionOutbox;
  private readonly voice: DemoVoice;
  private readonly ear: DemoEar;
  private readonly script = new DemoScript();
  /** A reply waiting out its think time. */
  private pending: { readonly step: DemoStep; readonly timer: TimerHandle } | null = null;
  /** A step whose reply was put off because the caller went on talking: their next pause answers it. */
  private putOff: DemoStep | null = null;
  private toolCalls = 0;
  private isClosed = false;

  constructor(private readonly options: SessionOptions) {
    const { log, clock } = options;
    this.outbox = new SessionOutbox('demo', log, clock, (err) => this.fail(err));
    this.events = this.outbox.events;
    this.voice = new DemoVoice(clock, {
      audio: (pcm) => this.outbox.emit('audio', pcm),
      words: (fragment) => this.outbox.agent.add(fragment),
      done: (line) => {
        this.outbox.agent.endWith(line.text);
        this.outbox.emit('turn.complete', {});
      },
    });
    this.ear = new DemoEar(clock, {
      started: () => this.callerStarted(),
      ended: () => this.callerEnded(),
    });
  }

  start(): Promise<void> {
    this.outbox.opened(this.model, () => this.isClosed);
    return Promise.resolve();
  }

  sendAudio(pcm: Int16Array): void {
    if (!this.isClosed) this.ear.hear(pcm);
  }

  /** The demo greets with its own recorded line: it cannot say the configured greeting. */
  greet(_text: string): void {
    if (!this.isClosed) this.voice.speak(demoLine('greeting'));
  }

  nudge(_text: string): void {
    this.options.log.info('the demo agent cannot take a supervisor hint: ignored');
  }

  truncateHeard(_heardMs: number): void {
    // Nothing to cut: the demo keeps no memory of what it said.
  }

  /** The hand-off was accepted: the demo says its recorded hand-off line, as a model says the one it is given. */
  answerHandoff(_toolCallId: string, result: { accepted: boolean; message: string }): void {
    if (!this.isClosed && result.accepted) this.voice.speak(demoLine('handoff'));
  }

  close(reason: string): void {
    if (this.isClosed) return;
    this.stopAll();
    this.outbox.closed(reason);
  }

  private callerStarted(): void {
    this.outbox.emit('speech.started', {});
    if (this.pending) {
      // The caller went on after a short pause: still the same turn.
      this.options.clock.clearTimeout(this.pending.timer);
      this.putOff = this.pending.step;
      this.pending = null;
    }
    if (this.voice.stop()) {
      // Talked over: the rest of the line is not said (its words so far stay as what was heard).
      this.outbox.agent.drop();
      this.outbox.emit('interrupted', {});
      this.outbox.emit('turn.complete', {});
    }
  }

  private callerEnded(): void {
    this.outbox.emit('speech.stopped', {});
    let step = this.putOff;
    this.putOff = null;
    if (!step) {
      step = this.script.next();
      this.outbox.caller.endWith(step.caller);
    }
    const answer = step;
    const timer = this.options.clock.setTimeout(() => {
      this.pending = null;
      this.reply(answer);
    }, THINK_MS);
    this.pending = { step: answer, timer };
  }

  private reply(step: DemoStep): void {
    if (this.isClosed) return;
    const { reply } = step;
    if (reply.kind === 'say') {
      this.voice.speak(demoLine(reply.line));
      return;
    }
    const args = { reason: reply.reason, summary: reply.summary };
    this.outbox.toolCalled(`demo-call-${++this.toolCalls}`, HANDOFF_TOOL_NAME, args, (error) =>
      this.options.log.warn({ error }, 'the demo agent hand-off tool call was refused'),
    );
  }

  private fail(err: SautiError): void {
    if (this.isClosed) return;
    this.stopAll();
    this.outbox.failed(err);
  }

  private stopAll(): void {
    this.isClosed = true;
    this.voice.stop();
    if (this.pending) this.options.clock.clearTimeout(this.pending.timer);
    this.pending = null;
  }
}
