// What the caller hears from our side, through the pacer: the agent's reply (model audio at the
// carrier rate) or a recorded prompt. It knows which line is playing, drops the rest of a reply that
// was cut, and records how each line ended (played out or stopped) on the transcript and metrics.
import type { Pacer } from '../media/pacer';
import { promptPcm, type PromptName } from '../media/prompts';
import type { VoiceActivity } from '../media/voice-activity';
import { isCallerBargeIn, type BargeInOutcome, type PlayingLine } from './barge-in';
import type { CallContext } from './call-context';
import type { Speaker } from '../domain/call';
import type { TurnMetrics, TurnMetricsRecord } from './metrics';
import type { CallTranscript } from './turns';

export interface ReplyPlaybackDeps extends CallContext {
  readonly pacer: Pacer;
  readonly transcript: CallTranscript;
  readonly metrics: TurnMetrics;
  /** The caller's voice, for the call's activity once our audio has played out. */
  readonly voice: VoiceActivity;
  /** The caller onset that caused a barge-in at `atMs`, when recent enough to be its cause. */
  readonly callerOnsetFor: (atMs: number) => number | undefined;
  /** A reply starts at `nowMs` (it may end the caller's turn early). */
  readonly onReplyStart: (nowMs: number) => void;
  /** Everything sent has played out; `wasPrompt` when it was a recorded prompt. */
  readonly onPlayedOut: (wasPrompt: boolean) => void;
}

interface AgentReply extends PlayingLine {
  text: string;
}

export class ReplyPlayback {
  /** The agent line whose audio is in the pacer (open, or still playing out). */
  private reply: AgentReply | null = null;
  private replyOpen = false;
  private prompt: PromptName | null = null;
  /** After our own barge-in the model does not know it was cut: its reply is dropped until its turn ends. */
  private dropModelAudio = false;
  private dropAgentTranscript = false;

  constructor(private readonly deps: ReplyPlaybackDeps) {}

  /** The model is still generating the reply being played. */
  get generating(): boolean {
    return this.replyOpen;
  }

  /** The agent line being played, if any. */
  get line(): PlayingLine | null {
    return this.reply;
  }

  get playingPrompt(): boolean {
    return this.prompt !== null;
  }

  /** Model audio plays now: no recorded prompt is speaking and no cut reply is still arriving. */
  get takesModelAudio(): boolean {
    return this.prompt === null && !this.dropModelAudio;
  }

  /** What the model still sends of its current reply is not played (the reply was cut). */
  dropRestOfReply(): void {
    this.dropModelAudio = true;
  }

  /** The model's next audio is a new reply and plays again. */
  takeModelAudio(): void {
    this.dropModelAudio = false;
  }

  /** Model audio (already at the carrier rate) arrived at `nowMs`; its first chunk opens a reply. */
  modelAudio(pcm: Int16Array, nowMs: number): void {
    if (!this.replyOpen) this.startReply(nowMs);
    this.deps.metrics.modelAudio(nowMs);
    if (pcm.length > 0) this.deps.pacer.push(pcm);
  }

  /** The model's turn is over: its reply plays out, and its next one is taken. */
  turnComplete(): void {
    this.dropModelAudio = false;
    this.dropAgentTranscript = false;
    if (this.replyOpen) {
      this.replyOpen = false;
      this.deps.pacer.endOfReply();
    }
    this.deps.transcript.closeAgentLine();
  }

  /** A transcript piece from the model; the agent's words for a reply that was stopped are dropped. */
  transcript(speaker: Speaker, text: string, final: boolean): void {
    if (speaker === 'agent' && this.dropAgentTranscript) return;
    const line = this.deps.transcript.apply(speaker, text, final);
    if (speaker === 'agent' && this.reply?.turnId === line.turnId) this.reply.text = line.text;
  }

  /** The pacer wrote the first frame of a reply (or prompt) to the carrier. */
  firstFrame(): void {
    const { registry, callId } = this.deps;
    registry.setActivity(callId, 'ai-talking');
    if (this.prompt || !this.reply) return;
    const record = this.deps.metrics.firstFrame(this.reply.turnId, this.deps.clock.nowMs());
    if (record) this.publishMetrics(record);
  }

  /** The pacer has played everything out. */
  drained(): void {
    this.deps.registry.setActivity(this.deps.callId, this.deps.voice.speaking ? 'caller-talking' : 'idle');
    const reply = this.reply;
    this.reply = null;
    if (reply && !this.replyOpen) {
      // The whole line was played: record how much the caller heard.
      this.deps.transcript.recordHeard(reply, this.deps.pacer.heardMs(), false);
    }
    const wasPrompt = this.prompt !== null;
    this.prompt = null;
    this.deps.onPlayedOut(wasPrompt);
  }

  /** Records a stopped reply: the interrupted line, and for a caller barge-in its event and metrics. */
  recordStop(outcome: BargeInOutcome): void {
    const { registry, callId, log } = this.deps;
    this.replyOpen = false;
    this.reply = null;
    this.prompt = null;
    const line = outcome.line;
    const turnId = line?.turnId ?? 0;
    if (line) this.deps.transcript.recordHeard(line, outcome.heardMs, true);
    this.dropAgentTranscript = true;
    if (!isCallerBargeIn(outcome.source)) return;
    if (outcome.source === 'speech-onset') this.dropModelAudio = true;
    registry.setActivity(callId, 'caller-talking');
    registry.publish(callId, 'barge-in', { turnId, heardMs: outcome.heardMs, droppedMs: outcome.droppedMs });
    const onset = this.deps.callerOnsetFor(outcome.atMs);
    this.publishMetrics(this.deps.metrics.bargeIn(turnId, outcome.atMs, onset, outcome.carrierBufferedMs));
    log.info(
      { source: outcome.source, heardMs: outcome.heardMs, droppedMs: outcome.droppedMs },
      'barge-in: reply stopped',
    );
  }

  /** Plays a recorded prompt in place of any reply (the pacer must be idle or flushed). */
  playPrompt(name: PromptName): void {
    this.replyOpen = false;
    this.reply = null;
    this.prompt = name;
    this.deps.pacer.startReply();
    this.deps.pacer.push(promptPcm(name));
    this.deps.pacer.endOfReply();
    this.deps.log.info({ prompt: name }, 'playing recorded prompt');
  }

  private startReply(nowMs: number): void {
    this.deps.onReplyStart(nowMs);
    this.replyOpen = true;
    this.dropAgentTranscript = false;
    this.deps.pacer.startReply();
    const line = this.deps.transcript.ensureAgentLine();
    this.reply = { turnId: line.turnId, text: line.text, startMs: line.startMs };
  }

  private publishMetrics(record: TurnMetricsRecord): void {
    const { kind: _kind, atMs: _atMs, ...figures } = record;
    this.deps.registry.publish(this.deps.callId, 'turn.metrics', figures);
  }
}
