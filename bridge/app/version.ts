// The app's version, as the status bar, /healthz and the log say it.
export const VERSION = '0.1.0';
