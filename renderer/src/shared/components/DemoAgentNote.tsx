// Says plainly that the built-in demo agent is answering calls (no AI key is set): what it is, what it
// can and cannot do, and where a real agent is set up. Shown only while the core reports the demo.
import { isDemoAgent } from '../calls/ai-provider-label';
import './DemoAgentNote.css';

export function DemoAgentNote({
  provider,
  tryIt = false,
}: {
  provider: string | undefined;
  tryIt?: boolean;
}) {
  if (!isDemoAgent(provider)) return null;
  return (
    <p className="demo-note" role="note" data-testid="demo-note">
      <strong>Demo mode.</strong> No AI key is set, so the built-in demo agent answers calls: a short script,
      not a real AI. It hears when you speak but not your words.{' '}
      {tryIt &&
        'Try it: after the greeting, ask a question; while it answers, talk over it and ask for a person. '}
      For a real agent, add a Gemini or OpenAI key in <a href="#/settings">Settings</a>.
    </p>
  );
}
