// One call as an export's JSON: its record, lines and timeline as the detail has them, with the times
// also as ISO 8601 in the export's time zone and the figures as people read them.
import type { LocalTime } from '../local-time';
import { durationText, kesText, wholeSeconds } from '../readable-figures';
import type { FullCallDetail } from './call-detail';

export function callJson(detail: FullCallDetail, time: LocalTime) {
  const { record, ...rest } = detail;
  const local = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : time.iso(ms));
  return {
    ...rest,
    call: {
      ...rest.call,
      ...record,
      startedLocal: local(record.startedAt),
      answeredLocal: local(record.answeredAt),
      endedLocal: local(record.endedAt),
      durationS: wholeSeconds(record.durationMs),
      duration: durationText(record.durationMs),
      costKes: kesText(record.costKesCents),
    },
    timeline: rest.timeline.map((item) => ({ ...item, local: time.iso(item.at) })),
  };
}
