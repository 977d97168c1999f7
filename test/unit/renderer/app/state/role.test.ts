import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../../../../renderer/src/api/contract';
import { isTeammateConsole } from '../../../../../renderer/src/app/state/role';

const status = (agentId?: string): StatusView => ({
  version: '0.1.0',
  publicUrl: 'https://sauti.example.org',
  provider: 'gemini',
  storeOk: true,
  agentId,
});

describe('isTeammateConsole', () => {
  it('is the host’s own console when the core names no agent and no team host is shown', () => {
    expect(isTeammateConsole(status(), { host: null })).toBe(false);
    expect(isTeammateConsole(null, { host: null })).toBe(false);
  });

  it('is a teammate’s when the core names an agent for it', () => {
    expect(isTeammateConsole(status('ag-1'), { host: null })).toBe(true);
  });

  it('is a teammate’s from the start when the window shows a team host (before status arrives)', () => {
    expect(isTeammateConsole(null, { host: { name: '192.168.1.20:8443' } })).toBe(true);
  });
});
