// The life of one execution environment, as one table: its states and which
// state may follow which. The environment changes state only through
// `advance`, so a move the table does not list throws where it happens
// (naming both states) instead of leaving an environment in a state nobody
// planned for.

export type EnvironmentState =
  /** The runtime is launched and initializing (Phase: init); the invocation that started it waits for its first /next. */
  | 'starting'
  /**
   * An init failed (its /init/error, its exit, its launch) or ran past its
   * limit. INIT_REPORT and what follows wait for its process to be gone, so
   * every line it printed lands before them.
   */
  | 'failing'
  /**
   * The init failed and its process is gone. Lambda keeps the environment and
   * re-runs the init inside the next invocation's invoke phase (a "suppressed
   * init"); a waiting invocation starts that re-run at once.
   */
  | 'failed'
  /**
   * The suppressed init: the runtime launched again inside the invocation here
   * (Phase: invoke), bounded by the function's timeout, its time part of the
   * invocation's Duration.
   */
  | 'reinit'
  /** The runtime waits on /next with nothing to do; after a short grace its processes are frozen (environment.ts). */
  | 'idle'
  /** An invocation is handed over; its result is not in. */
  | 'running'
  /**
   * The runtime posted a result; the invocation finishes on
   * the next turn of the event loop, once the output written before it is read.
   */
  | 'answered'
  /** The last invocation is finished; the runtime has not asked for the next one yet. */
  | 'awaiting'
  /**
   * An invocation came while 'awaiting' and waits for the runtime's /next. If
   * the runtime dies first, the invocation never ran here and is retried on
   * another environment.
   */
  | 'queued'
  /** Stopped, failed or killed; its process, endpoint and cgroups are going or gone. */
  | 'dead';

/** Every state, in the order a warm environment goes through them. */
export const STATES: readonly EnvironmentState[] = ['starting', 'failing', 'failed', 'reinit', 'idle', 'running', 'answered', 'awaiting', 'queued', 'dead'];

/** Which states may follow each state. Every live state may die; nothing follows 'dead'. */
export const TRANSITIONS: { readonly [S in EnvironmentState]: readonly EnvironmentState[] } = {
  // First /next: hand the waiting invocation over ('running') or wait for one
  // ('idle'); an init error, exit or timeout fails the init ('failing').
  starting: ['running', 'idle', 'failing', 'dead'],
  // Its process is gone: INIT_REPORT is written, the environment waits for an invocation to re-run the init.
  failing: ['failed', 'dead'],
  failed: ['reinit', 'dead'],
  // The re-run's first /next hands the invocation over; its failure (or the
  // function's timeout) ends that invocation and fails the init again.
  reinit: ['running', 'failing', 'dead'],
  idle: ['running', 'dead'],
  running: ['answered', 'dead'],
  // The invocation is finished: 'idle' if the runtime already asked for the
  // next one (ours asks in the same write as the result), else 'awaiting'.
  answered: ['idle', 'awaiting', 'dead'],
  awaiting: ['idle', 'queued', 'dead'],
  queued: ['running', 'dead'],
  dead: [],
};

/** A state change the table does not allow: a bug in the engine, never a runtime's doing. */
export class IllegalTransition extends Error {
  constructor(
    readonly from: EnvironmentState,
    readonly to: EnvironmentState,
  ) {
    super(`illegal environment transition: ${from} -> ${to}`);
    this.name = 'IllegalTransition';
  }
}

/**
 * TRANSITIONS as nested lookups, built once: a check on the hot path is two
 * property reads, no allocation.
 */
const LEGAL: { readonly [S in EnvironmentState]: { readonly [T in EnvironmentState]: boolean } } = Object.fromEntries(
  STATES.map((from) => [from, Object.fromEntries(STATES.map((to) => [to, TRANSITIONS[from].includes(to)]))]),
) as { [S in EnvironmentState]: { [T in EnvironmentState]: boolean } };

/** `to`, if the table allows it after `from`; otherwise throws IllegalTransition. */
export function advance(from: EnvironmentState, to: EnvironmentState): EnvironmentState {
  if (!LEGAL[from][to]) throw new IllegalTransition(from, to);
  return to;
}

/**
 * No invocation is here: the engine may pool the environment and hand it the
 * next one ('failed': that invocation re-runs the init).
 */
export function isFree(state: EnvironmentState): boolean {
  return state === 'idle' || state === 'awaiting' || state === 'failed';
}

/** An init runs, or its failure is being wound up: the runtime's output belongs to the init phase's lines. */
export function isInitializing(state: EnvironmentState): boolean {
  return state === 'starting' || state === 'failing' || state === 'reinit';
}
