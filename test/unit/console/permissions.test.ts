import { describe, expect, it } from 'vitest';
import type { CommandArgs, CommandName } from '../../../bridge/api/contract';
import { commandPermissions, permissionRefusal } from '../../../bridge/console/permissions';
import { createPipePair } from '../../../bridge/console/pipe';
import { serveRpc, type Handlers } from '../../../bridge/console/rpc';
import { commandSchemas } from '../../../bridge/api/schemas';
import { captureLog } from '../../harness/capture-log';

const HOST = {};
const ME = { agentId: 'agent-me' };
const OTHER = 'agent-other';
const names = Object.keys(commandSchemas) as CommandName[];

function refusal<N extends CommandName>(name: N, args: CommandArgs<N>, identity: { agentId?: string }) {
  return permissionRefusal(name, args, identity);
}

describe('console command permissions', () => {
  it('has a rule for every command the dispatcher knows', () => {
    expect(Object.keys(commandPermissions).sort()).toEqual([...names].sort());
  });

  it('lets the host’s own console run every command', () => {
    for (const name of names) expect(refusal(name, {} as never, HOST)).toBeNull();
  });

  it.each([
    ['settings.set', { values: { sautikitApiBase: 'https://evil.example' } }, 'change settings'],
    ['agent.remove', { id: OTHER }, 'remove agents'],
    ['agent.remove', { id: ME.agentId }, 'remove agents'],
    ['history.deleteCaller', { number: '+254712345678' }, 'delete a caller’s calls'],
    ['history.export', { format: 'csv' }, 'export the call log'],
    ['history.export', { from: 0, to: Date.now(), format: 'json' }, 'export the call log'],
    ['call.placeTest', {}, 'place a test call'],
    ['tunnel.set', { provider: 'none' }, 'change how Sautikit reaches it'],
    ['tunnel.test', {}, 'test its setup'],
    ['number.answerHere', { id: 'n1' }, 'point a number at itself'],
    ['number.stopAnswering', { id: 'n1' }, 'stop answering a number'],
    ['team.setHosting', { on: false }, 'host a team'],
    ['team.pairingCode', {}, 'give out pairing codes'],
    ['team.revoke', { agentId: OTHER }, 'remove a teammate'],
  ] as const)('refuses a teammate %s (%j)', (name, args, what) => {
    const e = refusal(name, args as never, ME);
    expect(e).toMatchObject({ code: 'TEAM_HOST_ONLY', message: `Only the host laptop can ${what}` });
  });

  it.each([
    ['status.get', {}],
    ['calls.list', {}],
    ['call.get', { callId: 'CA1' }],
    ['call.hangUp', { callId: 'CA1' }],
    ['call.whisper', { callId: 'CA1', text: 'offer the discount' }],
    ['call.listen', { callId: 'CA1', on: true }],
    ['agents.list', {}],
    ['queue.get', {}],
    ['history.list', {}],
    ['history.search', { query: 'refund' }],
    ['history.detail', { callId: 'CA1' }],
    ['history.export', { callId: 'CA1', format: 'csv' }],
    ['stats.daily', {}],
    ['settings.get', {}],
    ['tunnel.get', {}],
    ['numbers.list', {}],
    ['team.get', {}],
    ['team.leave', {}],
  ] as const)('lets a teammate run %s', (name, args) => {
    expect(refusal(name, args as never, ME)).toBeNull();
  });

  it('lets a teammate act on their own agent only', () => {
    expect(refusal('agent.setPresence', { id: ME.agentId, presence: 'away' }, ME)).toBeNull();
    expect(refusal('agent.setPresence', { id: OTHER, presence: 'away' }, ME)).toMatchObject({
      code: 'TEAM_HOST_ONLY',
      message: 'Only the host laptop can change another agent’s presence',
    });
    expect(refusal('agent.save', { id: ME.agentId, name: 'Me', number: '+254711000111' }, ME)).toBeNull();
    expect(refusal('agent.save', { id: OTHER, name: 'Them', number: '+254711000999' }, ME)?.code).toBe(
      'TEAM_HOST_ONLY',
    );
    // No id: a new agent.
    expect(refusal('agent.save', { name: 'New', number: '+254711000999' }, ME)?.code).toBe('TEAM_HOST_ONLY');
  });

  it('lets a teammate take a call over to themselves, not hand it to someone else', () => {
    expect(refusal('call.takeOver', { callId: 'CA1' }, ME)).toBeNull();
    expect(refusal('call.takeOver', { callId: 'CA1', agentId: ME.agentId }, ME)).toBeNull();
    expect(refusal('call.takeOver', { callId: 'CA1', agentId: OTHER }, ME)).toMatchObject({
      code: 'TEAM_HOST_ONLY',
      message: 'Only the host laptop can hand a call to another agent',
    });
  });

  it('treats an empty agent id as a teammate, never as the host', () => {
    expect(refusal('settings.set', { values: {} }, { agentId: '' })?.code).toBe('TEAM_HOST_ONLY');
  });
});

describe('the dispatcher applies the permissions from the console identity', () => {
  function served(identity: { agentId?: string }) {
    const ran: string[] = [];
    const handlers = {
      'settings.set': () => {
        ran.push('settings.set');
        return { values: {}, secretsSet: {}, publicUrl: '', provider: 'none' };
      },
    } as unknown as Handlers;
    const [core, ui] = createPipePair();
    const captured = captureLog();
    serveRpc(core, handlers, captured.log, identity);
    const reply = new Promise<unknown>((resolve) => ui.onMessage(resolve));
    ui.send({ type: 'cmd', id: 1, name: 'settings.set', args: { values: { logCallContent: true } } });
    return { ran, reply, captured };
  }

  it('answers a teammate’s host-only command as data, without running the handler', async () => {
    const { ran, reply, captured } = served(ME);
    expect(await reply).toEqual({
      type: 'res',
      id: 1,
      result: {
        ok: false,
        error: { code: 'TEAM_HOST_ONLY', message: 'Only the host laptop can change settings' },
      },
    });
    expect(ran).toEqual([]);
    expect(captured.lines).toEqual([
      expect.objectContaining({ code: 'TEAM_HOST_ONLY', command: 'settings.set', agentId: ME.agentId }),
    ]);
  });

  it('runs it for the host', async () => {
    const { ran, reply } = served(HOST);
    expect(await reply).toMatchObject({ result: { ok: true } });
    expect(ran).toEqual(['settings.set']);
  });
});
