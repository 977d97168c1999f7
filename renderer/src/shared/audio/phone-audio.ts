// The microphone and speakers of a call made from this window (the dev phone's test call, the headset's
// Take over here): the browser's in the app (browser-audio.ts), a silent fake in tests.

export interface PhoneAudio {
  play(samples: Int16Array): void;
  /** Drop what is queued (the carrier's killAudio after a barge-in). */
  flush(): void;
  stop(): void;
}
