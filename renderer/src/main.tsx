// The window's entry: connect to the core (MessagePort in Electron, WebSocket in a browser), build
// the app model and render. Without a token in browser mode, say how to get one.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// First, so every feature's stylesheet (imported by its entry component) comes after the base in the bundle.
import './shared/styles/theme.css';
import './shared/styles/base.css';
import { App } from './app/App';
import { AppProvider } from './app/app-context';
import { createAppModel } from './app/app-model';
import { browserEnvironment } from './app/browser-environment';
import { connectConsole } from './api/connect-console';

const root = createRoot(document.getElementById('root')!);
const connection = connectConsole(window);

if (connection.kind === 'no-token') {
  root.render(
    <main className="no-token">
      <h1>Sauti Console</h1>
      <p>
        This page needs the console link with its access token. Open the address that{' '}
        <code>npm run serve</code> printed (it ends in <code>#token=…</code>).
      </p>
    </main>,
  );
} else {
  const model = createAppModel(connection.client, browserEnvironment(window));
  root.render(
    <StrictMode>
      <AppProvider model={model}>
        <App />
      </AppProvider>
    </StrictMode>,
  );
  window.addEventListener('pagehide', () => model.dispose());
}
