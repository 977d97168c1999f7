// How a cost reads to a person: KES with two decimals, and one timeline line per cost event that says
// whether it is our estimate or Sautikit's bill (and, for a bill that replaced an estimate, both).
import type { CallEventOf } from './call-events';
import type { CostComponent } from './call';

const LABELS: Readonly<Record<CostComponent, string>> = {
  'carrier-inbound': 'Call cost (Sautikit)',
  'carrier-outbound': 'Agent phone leg cost (Sautikit)',
  ai: 'AI cost',
};

/** KES cents as `KES 12.50`. */
export function kes(kesCents: number): string {
  return `KES ${(kesCents / 100).toFixed(2)}`;
}

export function costSummary(event: CallEventOf<'cost'>): string {
  const label = LABELS[event.component];
  const { estimatedKesCents: estimated, billedKesCents: billed } = event;
  if (estimated !== undefined && billed !== undefined)
    return `${label}: estimated ${kes(estimated)}, billed ${kes(billed)}`;
  return `${label}: ${kes(event.kesCents)} (${event.basis === 'billed' ? 'billed' : 'estimate'})`;
}
