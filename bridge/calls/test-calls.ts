// Test calls placed from the window (the dev phone, call.placeTest) are not Sautikit calls: no carrier
// leg exists, so nothing can be dialled, redirected or hung up through the REST API for them. The
// bridge's own hand-off (a headset, hold music, voicemail) works for them all the same.

/** Call ids of test calls start with this (bridge/api/handlers/test-call.ts). */
export const TEST_CALL_PREFIX = 'TEST-';

export function isTestCall(callSid: string): boolean {
  return callSid.startsWith(TEST_CALL_PREFIX);
}
