// A standing warning above every screen while no webhook secret is enforced: anyone who finds the public
// URL can then open calls here, each with a billable AI session. Shown on the host's window only (a
// teammate cannot change the setting); it goes away as soon as the core reports a secret in force.
import { isTeammateConsole } from './state/role';
import { useStore } from '../shared/state/use-store';
import { useApp } from './app-context';

export function WebhookWarning() {
  const app = useApp();
  const status = useStore(app.stores.status);
  const link = useStore(app.stores.link);
  if (!status?.webhookUnsigned || isTeammateConsole(status, link)) return null;
  return (
    <p className="banner banner-warn" role="status" data-testid="webhook-warning">
      <strong>Webhooks are not signed.</strong> Anyone who finds your public URL can place calls here and run
      up AI costs. Set the webhook signing secret in <a href="#/settings">Settings</a> (your number’s voice
      signing secret), or use “Answer this number here”.
    </p>
  );
}
