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

/**
 * Our id for the call the carrier names `sid`: the SID itself today (the call log keys its record by
 * it), kept a distinct type so a carrier id and a record id never stand in for each other unnoticed.
 * The one place one becomes the other.
 */
export const callIdFor = (sid: CarrierCallSid): CallId => asCallId(sid);
/** The carrier's id for the call we keep as `id` (see callIdFor). */
export const carrierSidOf = (id: CallId): CarrierCallSid => asCarrierCallSid(id);
