// The dev phone: call your own AI agent from this computer (microphone and speakers), through the
// real webhook and media path, and watch the conversation as the team would see it. The host's only: a
// teammate's window says so (the test call runs on the host's AI account and loopback media socket).
import { useEffect, useState } from 'react';
import { useApp } from '../../app/app-context';
import { useTeammate } from '../../app/use-teammate';
import { aiProviderLabel } from '../../shared/calls/ai-provider-label';
import { Conversation } from '../../shared/components/Conversation';
import { DemoAgentNote } from '../../shared/components/DemoAgentNote';
import { Duration } from '../../shared/components/Duration';
import { Icon } from '../../shared/components/Icon';
import { LevelMeter } from '../../shared/components/LevelMeter';
import type { PhoneStage } from './dev-phone';
import type { CallDetailStore } from '../../shared/calls/call-detail';
import { useStore } from '../../shared/state/use-store';
import { watchCall } from '../../shared/calls/watch-call';
import './phone.css';

const STAGE_TEXT: Readonly<Record<PhoneStage, string>> = {
  idle: 'Ready',
  mic: 'Opening the microphone…',
  placing: 'Calling…',
  connecting: 'Connecting the audio…',
  live: 'On the call',
  ended: 'Call ended',
  error: 'Could not call',
};

export function TestCallScreen() {
  const app = useApp();
  const phone = useStore(app.phone);
  const status = useStore(app.stores.status);
  const teammate = useTeammate();
  const [watched, setWatched] = useState<CallDetailStore | null>(null);
  useEffect(() => {
    if (!phone.callId) return;
    const w = watchCall(app.client, phone.callId);
    setWatched(w.store);
    return () => w.dispose();
  }, [app, phone.callId]);
  const busy = app.phone.busy;
  return (
    <div className="phone">
      <section className="panel phone-panel" aria-labelledby="phone-title">
        <h2 id="phone-title" className="pane-title">
          Call your AI agent
        </h2>
        <p className="section-intro">
          Places a real call into this app — webhook, media stream and AI — using this computer’s microphone
          and speakers. Use headphones to avoid echo. The call shows on the live board like any other.
        </p>
        <DemoAgentNote provider={status?.provider} tryIt />
        {teammate && (
          <p className="settings-host-only" role="note" data-testid="phone-host-only">
            Test calls are placed from the host laptop.
          </p>
        )}
        <div className={`phone-status phone-${phone.stage}`} role="status" data-testid="phone-status">
          <span className="phone-stage">{STAGE_TEXT[phone.stage]}</span>
          {phone.stage === 'live' && phone.connectedAt !== undefined && (
            <Duration since={phone.connectedAt} label="On the call for" />
          )}
          {phone.message && <span className="phone-message">{phone.message}</span>}
        </div>
        <div className="phone-buttons">
          {busy ? (
            <button type="button" className="btn btn-danger btn-large" onClick={() => app.phone.hangUp()}>
              <Icon name="hangup" />
              <span>Hang up</span>
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-primary btn-large"
              onClick={() => void app.phone.call()}
              disabled={teammate}
              data-testid="phone-call"
            >
              <Icon name="phone" />
              <span>
                {phone.stage === 'ended' || phone.stage === 'error' ? 'Call again' : 'Call the AI agent'}
              </span>
            </button>
          )}
          {phone.callId && (
            <a className="btn btn-secondary" href={`#/live/${encodeURIComponent(phone.callId)}`}>
              Open on the live board
            </a>
          )}
        </div>
        <div className="phone-meters">
          <LevelMeter label="Your microphone" dbfs={phone.micDbfs} tone="caller" />
          <LevelMeter label="AI" dbfs={phone.speakerDbfs} tone="ai" />
        </div>
        <p className="phone-counters" data-testid="phone-counters">
          Sent {(phone.sentMs / 1000).toFixed(1)} s of audio · heard {(phone.heardMs / 1000).toFixed(1)} s
        </p>
        <p className="field-help">AI provider: {aiProviderLabel(status?.provider)}</p>
      </section>
      <section className="panel phone-transcript" aria-label="Conversation">
        <h2 className="pane-title">Conversation</h2>
        {watched ? (
          <PhoneConversation store={watched} />
        ) : (
          <p className="empty-note">The conversation appears here once you call.</p>
        )}
      </section>
    </div>
  );
}

function PhoneConversation({ store }: { store: CallDetailStore }) {
  const state = useStore(store);
  return <Conversation lines={state.transcript} emptyText="Say something — the words show up here." />;
}
