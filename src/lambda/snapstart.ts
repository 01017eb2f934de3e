// Lambda SnapStart's vocabulary: its setting, which runtimes it supports, and
// how Lambda words a refusal and bills a restore.
//
// Sources:
//   https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html
//     (supported runtimes: Java 11 and later, Python 3.12 and later, .NET 8 and later)
//   https://docs.aws.amazon.com/lambda/latest/dg/API_SnapStart.html (ApplyOn: PublishedVersions | None)
//   https://docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html
//     (Restore Duration, Billed Restore Duration; the restore itself is not billed)
//   Lambda's refusal of another runtime, as recorded against the real service:
//   "nodejs22.x is not supported for SnapStart enabled functions."
//   (github.com/localstack/localstack pull 12458, AWS-validated; github.com/aws-samples/bedrock-chat issue 617)

export const SNAPSTART_APPLY_ON = ['PublishedVersions', 'None'] as const;
export type SnapStartApplyOn = (typeof SNAPSTART_APPLY_ON)[number];

export function isSnapStartApplyOn(value: unknown): value is SnapStartApplyOn {
  return typeof value === 'string' && (SNAPSTART_APPLY_ON as readonly string[]).includes(value);
}

/** 'On' for a published version whose snapshot Lambda made; 'Off' for $LATEST and functions without SnapStart. */
export type SnapStartOptimizationStatus = 'On' | 'Off';

const SUPPORTED: readonly { readonly prefix: string; readonly min: number }[] = [
  { prefix: 'python3.', min: 12 },
  { prefix: 'java', min: 11 },
  { prefix: 'dotnet', min: 8 },
];

/** Whether Lambda offers SnapStart for this runtime identifier (python3.12+, java11+, dotnet8+). */
export function snapStartSupports(runtime: string): boolean {
  for (const { prefix, min } of SUPPORTED) {
    if (!runtime.startsWith(prefix)) continue;
    const n = Number(/^(\d+)/.exec(runtime.slice(prefix.length))?.[1]);
    return Number.isInteger(n) && n >= min;
  }
  return false;
}

/** Lambda's InvalidParameterValueException message for SnapStart on a runtime it does not support. */
export function snapStartRuntimeRefusal(runtime: string): string {
  return `${runtime} is not supported for SnapStart enabled functions.`;
}

/**
 * Billed Restore Duration: the runtime's load and its after-restore hooks,
 * rounded up to the millisecond; the snapshot's own restore is not billed.
 */
export function billedRestoreDurationMs(billableMs: number): number {
  return Math.ceil(Math.max(0, billableMs));
}

/**
 * Billed Duration of a restored invocation: its Duration rounded up, plus the
 * Billed Restore Duration. Every real REPORT line of a restore we found adds
 * up so: Duration 2338.66 ms, Billed Restore Duration 182 ms, Billed Duration
 * 2521 ms (github.com/docwho2/java-connect-lex-chatgpt README); 127.10 + 26 → 154;
 * 306.34 + 303 → 610.
 */
export function billedRestoredDurationMs(durationMs: number, billedRestoreMs: number): number {
  return Math.max(1, Math.ceil(durationMs)) + billedRestoreMs;
}
