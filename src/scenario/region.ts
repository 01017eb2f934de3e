// Which region a target's function is in: one rule, for the SDK's clients
// (aws and http targets) and for the prices (scenario loading).
//   1. the scenario's `region`;
//   2. else the region in the function's ARN;
//   3. else the SDK's default chain (AWS_REGION, then the profile's);
//   4. else, for an endpoint on this machine, us-east-1 (a local service
//      answers in any region).
// Prices are known before any client exists, so for them the environment
// stands in for step 3 (a profile's region is not read), and us-east-1 is the
// last resort for every target. The local target's embedded service always
// runs in us-east-1.

import { regionOfArn } from '../lambda/names';
import type { TargetSpec } from './types';

/** The region of the embedded service and of any service on this machine; also the prices' last resort. */
export const LOCAL_REGION = 'us-east-1';

/** What a target says about where its function is. */
export interface FunctionPlace {
  readonly region?: string;
  /** Name or ARN. */
  readonly function?: string;
  readonly endpoint?: string;
}

/** Steps 1–2: the region the scenario names, if it names one. */
export function namedRegion(place: FunctionPlace): string | undefined {
  return place.region ?? regionOfArn(place.function ?? '');
}

/** Steps 1–4; `defaultChain` is the SDK's region provider, which rejects when it finds none. */
export async function resolveRegion(place: FunctionPlace, defaultChain: () => Promise<string>): Promise<string> {
  const named = namedRegion(place);
  if (named !== undefined) return named;
  try {
    return await defaultChain();
  } catch (err) {
    if (isLoopback(place.endpoint)) return LOCAL_REGION;
    throw err;
  }
}

/** The region whose prices apply. */
export function pricingRegion(target: TargetSpec, env: NodeJS.ProcessEnv = process.env): string {
  if (target.kind === 'local') return LOCAL_REGION;
  return namedRegion(target) ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? LOCAL_REGION;
}

/** An endpoint URL on this machine (localhost, 127.x, [::1]). */
export function isLoopback(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
  } catch {
    return false;
  }
}
