// The dev phone's first half: the core places a test call on itself the way Sautikit would. It POSTs
// its own /voice webhook (signed when a webhook secret is set) and hands the window the <Stream url>,
// which the window opens with the computer's microphone: everything after is the real media path.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../base/clock';
import type { Config } from '../config/config';
import { SautiError } from '../base/errors';
import { maskNumber, type Log } from '../base/log';
import { signBody } from '../sautikit/signature';
import { TEST_CALL_PREFIX } from './test-calls';
import type { CommandArgs, TestCallTicket } from '../api/contract';

export const TEST_CALL_TO = 'dev-phone';
const DEFAULT_TEST_FROM = '+254700000000';
const WEBHOOK_TIMEOUT_MS = 10_000;
const CARRIER_RATE_HZ = 16_000;

export interface TestCallDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  /** The public server's own loopback base (http://127.0.0.1:port); null before it listens. */
  readonly localBaseUrl: () => string | null;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The url attribute of the first <Stream> in a voice answer, or null. */
export function streamUrlOf(xml: string): string | null {
  const m = /<Stream\b[^>]*\burl="([^"]*)"/.exec(xml);
  return m?.[1] ? unescapeXml(m[1]) : null;
}

/**
 * The window reaches the media socket on loopback, whatever the public URL is (a tunnel may be down
 * or absent): same path, same token, same server.
 */
export function loopbackStreamUrl(streamUrl: string, localBaseUrl: string): string {
  const stream = new URL(streamUrl);
  const local = new URL(localBaseUrl);
  return `ws://${local.host}${stream.pathname}${stream.search}`;
}

export async function placeTestCall(
  deps: TestCallDeps,
  args: CommandArgs<'call.placeTest'>,
): Promise<TestCallTicket> {
  const base = deps.localBaseUrl();
  if (!base)
    throw new SautiError('TESTCALL_NOT_READY', 'The call server is not listening yet', { retryable: true });
  const callSid = `${TEST_CALL_PREFIX}${randomUUID()}`;
  const from = args.from ?? deps.config.agentNumber ?? DEFAULT_TEST_FROM;
  const body = new URLSearchParams({
    CallId: callSid,
    From: from,
    To: TEST_CALL_TO,
    Direction: 'inbound',
    CallStatus: 'ringing',
  }).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (deps.config.webhookSecret) {
    headers['x-sautikit-signature'] = signBody(
      deps.config.webhookSecret,
      body,
      Math.floor(deps.clock.epochMs() / 1000),
    );
  }
  let xml: string;
  try {
    const res = await fetch(`${base}/voice`, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    xml = await res.text();
    if (!res.ok)
      throw new SautiError('TESTCALL_WEBHOOK_FAILED', `The voice webhook answered HTTP ${res.status}`);
  } catch (err) {
    if (err instanceof SautiError) throw err;
    throw new SautiError('TESTCALL_WEBHOOK_FAILED', 'Could not reach the voice webhook', {
      cause: err,
      retryable: true,
    });
  }
  const streamUrl = streamUrlOf(xml);
  if (!streamUrl) {
    throw new SautiError(
      'TESTCALL_NO_STREAM',
      'The app answered the test call without an AI stream: set an AI provider key in Settings first',
    );
  }
  deps.log.info({ callSid, from: maskNumber(from) }, 'test call placed');
  return {
    callId: callSid,
    streamUrl: loopbackStreamUrl(streamUrl, base),
    sampleRateHz: CARRIER_RATE_HZ,
    metadata: { callSid, from, to: TEST_CALL_TO, sampleRate: CARRIER_RATE_HZ, mixType: 'mono' },
  };
}
