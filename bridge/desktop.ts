// The one door from electron/ into the core: what the desktop shell needs to start the core, keep its
// secrets, pair with a team host and carry the console over MessagePorts. electron/ imports nothing
// else from bridge/ (eslint.config.js), so the shell stays thin and the core's inside can move freely.
export { createCore, type StartedCore } from './core';
export { createProvider } from './ai/create-provider';
export { configFromEnv, loadConfig, type Config } from './config/config';
export { explainStartFailure } from './app/start-failure';
export { realClock } from './base/clock';
export { SautiError } from './base/errors';
export { createLog, type Log } from './base/log';
export { guardProcess } from './base/process-guard';
export { toE164 } from './base/phone-number';
export { writePrivateJson } from './base/private-json-file';
export { createFileSecretStore, type SecretCodec } from './base/secret-store';
export { SECRET_KEYS, type SecretKey, type SettingsSecrets } from './settings/settings-file';
export { createPipePair, type Pipe } from './console/pipe';
export { badArgsMessage, commandSchemas } from './api/schemas';
export type {
  EventName,
  Events,
  HostLinkView,
  JoinedView,
  LiveCall,
  SecretStorage,
  WireMessage,
} from './api/contract';
export { HostRelay } from './team/host-relay';
export { leaveHost, pairWithHost, type JoinedTeam } from './team/join-team';
