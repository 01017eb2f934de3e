// The largest value each kind of numeric field may take. A run must be one
// this machine can serve and stop: beyond these a scenario is refused (exit 2)
// instead of allocating gigabytes, spinning, or having Node cut a timer short.

/** Invocations one phase may make (count, amount, rate × duration …): rows stream, but a run must end some day. */
export const MAX_PHASE_INVOCATIONS = 10_000_000;

/**
 * Invocations in flight at once (concurrency, maxInFlight, connections).
 * Lambda's own default is 1,000 concurrent executions per account and Region
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html);
 * beyond it a run would measure throttles, and hold a socket per slot here.
 */
export const MAX_IN_FLIGHT = 1000;

/** Arrival rate, invocations per second (rate, ramp, load). */
export const MAX_RATE_PER_SECOND = 10_000;

/**
 * Node's timers hold at most 2^31 − 1 ms (about 24.8 days); a longer one
 * fires after 1 ms with a warning. Every duration stays below that.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** Limits and volumes that only count (budget, projection): still finite and exact. */
export const MAX_BUDGET_INVOCATIONS = 1_000_000_000;
export const MAX_MONTHLY_INVOCATIONS = 1_000_000_000_000;
export const MAX_USD = 1_000_000;
/** Payload weights are relative; this keeps their sum finite and exact enough. */
export const MAX_WEIGHT = 1_000_000;
/** Attempts per invocation when throttled (the waits between them double, each capped at MAX_DURATION_MS). */
export const MAX_RETRY_ATTEMPTS = 100;
/** The first wait after a throttle. */
export const MAX_RETRY_BACKOFF_MS = 3_600_000;
