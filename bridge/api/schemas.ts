// Runtime checks for every console command's arguments, beside the contract and checked exhaustive
// with `satisfies`: a command added to the contract without a schema is a type error.
import { z } from 'zod';
import { MAX_TYPED_NUMBER_CHARS } from '../base/phone-number';
import type { CommandName } from './contract';

const empty = z.object({}).strict();
const callId = z.string().min(1).max(128);

export const commandSchemas = {
  'status.get': empty,
  'calls.list': empty,
  'call.get': z.object({ callId }),
  'call.takeOver': z.object({
    callId,
    agentId: z.string().min(1).max(64).optional(),
    via: z.enum(['phone', 'headset']).optional(),
  }),
  'call.release': z.object({ callId }),
  'history.voicemail': z.object({ callId, offset: z.number().int().min(0).max(1_000_000_000).optional() }),
  'callbacks.list': z.object({ limit: z.number().int().min(1).max(200).optional() }),
  'callback.done': z.object({ callId, done: z.boolean() }),
  'setup.liveCheck': z.object({ agentId: z.string().min(1).max(64).optional() }),
  'call.hangUp': z.object({ callId }),
  'call.whisper': z.object({ callId, text: z.string().trim().min(1).max(1000) }),
  'call.listen': z.object({ callId, on: z.boolean() }),
  'agents.list': empty,
  'agent.save': z.object({
    id: z.string().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(80),
    number: z.string().trim().min(1).max(MAX_TYPED_NUMBER_CHARS),
  }),
  'agent.remove': z.object({ id: z.string().min(1).max(64) }),
  'agent.setPresence': z.object({
    id: z.string().min(1).max(64),
    presence: z.enum(['available', 'on-call', 'away']),
  }),
  'queue.get': empty,
  'history.list': z.object({
    filters: z
      .object({
        from: z.number().optional(),
        to: z.number().optional(),
        outcome: z.string().max(40).optional(),
        escalationReason: z.string().max(40).optional(),
        agentId: z.string().max(64).optional(),
        caller: z.string().max(40).optional(),
        minLatencyMs: z.number().min(0).optional(),
      })
      .optional(),
    cursor: z.string().max(512).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  'history.search': z.object({
    query: z.string().trim().min(1).max(200),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  'history.detail': z.object({ callId }),
  'history.export': z.object({
    callId: callId.optional(),
    from: z.number().optional(),
    to: z.number().optional(),
    format: z.enum(['json', 'csv']),
    timeZone: z
      .string()
      .max(64)
      .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, 'must be a time zone such as Africa/Nairobi')
      .optional(),
    cursor: z.string().max(1024).optional(),
  }),
  'history.deleteCaller': z.object({ number: z.string().trim().min(3).max(20) }),
  'stats.daily': z.object({ days: z.number().int().min(1).max(366).optional() }),
  'settings.get': empty,
  'settings.set': z.object({ values: z.record(z.string(), z.unknown()) }),
  'call.placeTest': z.object({
    from: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +254712345678')
      .optional(),
  }),
  'tunnel.get': empty,
  'tunnel.set': z
    .object({
      provider: z.enum(['none', 'ngrok', 'cloudflare', 'own-url']),
      ngrokAuthtoken: z.string().trim().max(200).optional(),
      ngrokDomain: z
        .string()
        .trim()
        .max(253)
        .regex(/^([a-z0-9-]+\.)*[a-z0-9-]*$/i, 'must be a domain such as desk.ngrok.app')
        .optional(),
      ownUrl: z.string().trim().max(300).optional(),
    })
    .strict(),
  'tunnel.test': empty,
  'numbers.list': empty,
  'number.answerHere': z.object({ id: z.string().min(1).max(128), confirm: z.boolean().optional() }).strict(),
  'number.stopAnswering': z.object({ id: z.string().min(1).max(128) }).strict(),
  'team.get': empty,
  'team.setHosting': z.object({ on: z.boolean() }).strict(),
  'team.pairingCode': empty,
  'team.revoke': z.object({ agentId: z.string().min(1).max(64) }).strict(),
  'team.join': z
    .object({
      address: z.string().trim().min(1).max(300),
      code: z.string().trim().min(4).max(20),
      name: z.string().trim().min(1).max(80),
      // As typed: pairing normalises it (base/phone-number.ts) and says what it expected.
      number: z.string().trim().min(1).max(MAX_TYPED_NUMBER_CHARS),
    })
    .strict(),
  'team.leave': empty,
} satisfies Record<CommandName, z.ZodType>;

/** The plain-words message for arguments a command's schema refused: the first problem, by its field. */
export function badArgsMessage(name: CommandName, error: z.ZodError): string {
  const issue = error.issues[0];
  return `${name}: ${issue ? `${issue.path.join('.') || 'args'}: ${issue.message}` : 'invalid arguments'}`;
}
