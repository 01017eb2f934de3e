// Picks one of the scenario's payloads for each invocation, in proportion to
// its weight: the run's invocations and the http target's requests alike.

import type { WeightedPayload } from './types';

export type PayloadPicker = () => Buffer;

export function payloadPicker(payloads: readonly WeightedPayload[], random: () => number = Math.random): PayloadPicker {
  const usable = payloads.filter((p) => p.weight > 0);
  if (usable.length === 0) {
    const empty = Buffer.from('{}');
    return () => empty;
  }
  if (usable.length === 1) {
    const only = usable[0].body;
    return () => only;
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const p of usable) {
    total += p.weight;
    cumulative.push(total);
  }
  return () => {
    const x = random() * total;
    const i = cumulative.findIndex((c) => x < c);
    return usable[i === -1 ? usable.length - 1 : i].body;
  };
}
