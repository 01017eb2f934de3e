// Ctrl-C and SIGTERM stop the run gracefully: no more slots, in-flight
// invocations finish, functions are restored, result files are finished. A
// second signal gives up waiting (the journal still allows `coldbench restore`).

export interface InterruptGuard {
  readonly signal: AbortSignal;
  /** The signal that interrupted the run, if one did. */
  readonly reason: NodeJS.Signals | undefined;
  dispose(): void;
}

export function guardInterrupts(onFirst: (sig: NodeJS.Signals) => void, onSecond: (sig: NodeJS.Signals) => void): InterruptGuard {
  const controller = new AbortController();
  let reason: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (reason === undefined) {
      reason = sig;
      controller.abort();
      onFirst(sig);
    } else {
      onSecond(sig);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
