// Ctrl-C and SIGTERM stop the run gracefully: no more slots, in-flight
// invocations finish, functions are restored, result files are finished.
//
// A second signal always ends the process at once, even when the event loop
// is busy: the first signal gives SIGINT and SIGTERM back to their default
// action, so the kernel ends the process on the next one without waiting for
// any JavaScript to run (a handler would only run when the loop is free).
// Shells then report 130 (SIGINT) or 143 (SIGTERM); the journal still allows
// `coldbench restore`.

export interface InterruptGuard {
  readonly signal: AbortSignal;
  /** The signal that interrupted the run, if one did. */
  readonly reason: NodeJS.Signals | undefined;
  dispose(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * `onFirst` runs once, for the first SIGINT or SIGTERM; it should tell the
 * user that another one quits at once. Other listeners of these signals
 * would keep the default action away, so a second signal could not end the
 * process: there must be none while a run is guarded.
 */
export function guardInterrupts(onFirst: (sig: NodeJS.Signals) => void): InterruptGuard {
  const controller = new AbortController();
  let reason: NodeJS.Signals | undefined;
  const off = (): void => {
    for (const s of SIGNALS) process.off(s, handler);
  };
  const handler = (sig: NodeJS.Signals): void => {
    if (reason !== undefined) return;
    reason = sig;
    off(); // from now on, the default action: the next signal ends the process
    controller.abort();
    onFirst(sig);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    dispose: off,
  };
}
