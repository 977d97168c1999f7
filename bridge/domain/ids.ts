// Branded ids: a carrier SID, our call id and an agent id never mix by accident.

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Sautikit's id for a call (CallId / call_sid in webhooks, `call_sid` in REST paths). */
export type CarrierCallSid = Brand<string, 'CarrierCallSid'>;
/** Our id for a call record (equal to the carrier SID today, kept distinct in types). */
export type CallId = Brand<string, 'CallId'>;
export type AgentId = Brand<string, 'AgentId'>;

export const asCarrierCallSid = (s: string): CarrierCallSid => s as CarrierCallSid;
export const asCallId = (s: string): CallId => s as CallId;
export const asAgentId = (s: string): AgentId => s as AgentId;
