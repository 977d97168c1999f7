// Who a media socket belongs to, by its token: an agent's leg (their phone's stream, or the live
// check's), "Test my setup"'s probe, or a caller's stream. Each feature admits only what it is waiting for.
import type { CallsFeature } from '../calls/calls-feature';
import type { HumanSideFeature } from '../human/human-side';
import type { MediaServerOptions } from '../media/server';
import type { Reachability } from '../reachability/reachability';

export function mediaDoors(features: {
  readonly calls: CallsFeature;
  readonly human: HumanSideFeature;
  readonly reachability: Reachability;
}): Pick<MediaServerOptions, 'admit' | 'onStream'> {
  const { calls, human, reachability } = features;
  return {
    admit: (claims) =>
      claims.purpose === 'agent-media'
        ? human.admitAgentStream(claims)
        : (reachability.admitProbe(claims) ?? calls.admitStream(claims)),
    onStream: (ws, claims) => {
      if (claims.purpose === 'agent-media') human.attachAgentStream(ws, claims);
      else if (!reachability.answerProbe(ws, claims)) calls.startStream(ws, claims);
    },
  };
}
