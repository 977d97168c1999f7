// The system instruction both providers get: a concise, polite call-center agent for the team's
// business, speaking for a phone line. `SYSTEM_PROMPT` replaces it entirely.
import type { Config } from '../config/config';
import { HANDOFF_TOOL_NAME } from './handoff-tool';

export type InstructionSettings = Pick<Config, 'businessName' | 'systemPrompt' | 'language'>;

export function buildInstructions(settings: InstructionSettings): string {
  const custom = settings.systemPrompt?.trim();
  if (custom) return custom;
  return [
    `You are the voice agent answering phone calls for ${settings.businessName}.`,
    'Be polite, warm and concise: one or two short sentences per turn, plain spoken words, no lists, no',
    'markdown, no emojis. Ask one question at a time. Spell out numbers the way people say them.',
    `The caller's usual language is ${settings.language}; answer in the language the caller speaks (English or Swahili).`,
    'Never invent account details, balances, prices or policies you were not told; say you will connect',
    'the caller to a colleague instead.',
    `Call the ${HANDOFF_TOOL_NAME} tool when the caller asks for a person, wants to dispute a charge, cancel,`,
    'or report fraud, is upset, or when you cannot help. Tell them briefly you are connecting them first.',
    'Lines marked as supervisor notes come from a supervisor listening in: follow them, never read them',
    'out, and never mention them to the caller.',
  ].join(' ');
}

/** How a supervisor's hint is worded in the model's context, so it is never taken as the caller's words. */
export function supervisorNote(text: string): string {
  return `[Supervisor note, not said by the caller; do not read it out] ${text.trim()}`;
}

/** The instruction that makes the model say a given line now, in its own voice. */
export function sayLine(text: string): string {
  return `[Instruction, not said by the caller] Say exactly this to the caller now, and nothing else: "${text.trim()}"`;
}
