// Lambda's price of one invocation. Pure functions; prices from ./pricing.ts.
// (First version: us-east-1 first-tier prices. The cost-model issue extends
// this with regions, tiers, ephemeral storage and the free tier.)

import type { Architecture } from '../stub/engine/types';

export interface InvocationCostInput {
  /** Billed duration from the REPORT line (already includes init on on-demand functions since Aug 2025). */
  readonly billedMs: number;
  readonly memoryMb: number;
  readonly architecture: Architecture;
  readonly region: string;
  /** Ephemeral storage in MB; 512 MB is included in the price. */
  readonly ephemeralStorageMb?: number;
}

const PRICE_PER_GB_SECOND: Record<Architecture, number> = {
  x86_64: 0.0000166667,
  arm64: 0.0000133334,
};
const PRICE_PER_REQUEST = 0.2 / 1_000_000;

/** Duration charge plus request charge of one invocation, in USD. */
export function invocationCostUsd(input: InvocationCostInput): number {
  const gbSeconds = (input.billedMs / 1000) * (input.memoryMb / 1024);
  return gbSeconds * PRICE_PER_GB_SECOND[input.architecture] + PRICE_PER_REQUEST;
}
