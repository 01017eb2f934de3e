// The run orchestrator: plan → its steps (a phase, or a round of it, at one
// memory setting, in the order ../plan/rounds.ts gives) → each step's
// schedule, which hands slots to a driver; the driver turns each slot
// into attempts at the target (retrying throttles as the scenario says), and
// each attempt into one row for the sinks. Thin on purpose.

import { performance } from 'node:perf_hooks';
import type { InvocationRow } from '../measure/row';
import type { LoadSpec, PatternDriver, Slot } from '../patterns/types';
import type { Plan } from '../plan/types';
import type { Attempt, LoadAttempt, Target } from '../targets/types';
import { payloadPicker, type PayloadPicker } from '../plan/payloads';
import { planSteps } from '../plan/rounds';
import { buildRow, type RowContext } from './row';
import { abortableSleep } from './sleep';

/** Receives every row as it is measured; must not call back into the run. */
export interface RowSink {
  /** `attempt`: what the target saw, for sinks that keep more than the row (a failure's log tail). */
  write(row: InvocationRow, attempt?: Attempt): void;
}

export interface ExecuteOptions {
  readonly plan: Plan;
  readonly target: Target;
  readonly runId: string;
  readonly sinks: readonly RowSink[];
  /** Aborted on interruption: no more slots are handed out, in-flight ones finish. */
  readonly signal: AbortSignal;
  /** Asked before every attempt; false stops the run there (the budget). */
  readonly admit?: () => boolean;
  /** Called once per slot when its last attempt is recorded (progress). */
  readonly onSlotDone?: () => void;
  /** Called as each step (a phase, or a round of it, at one memory setting) starts (progress). */
  readonly onStep?: (step: { readonly phase: string; readonly memoryMb: number | null; readonly round: number; readonly rounds: number }) => void;
  readonly random?: () => number;
  /** Epoch ms the run started at, for offset_ms; default: when executePlan is called. */
  readonly runStartMs?: number;
}

export interface ExecuteResult {
  /** Invocations the patterns asked for and got an answer to (retries not counted). */
  readonly slots: number;
  /** Slots whose last attempt was not `ok`. */
  readonly failedSlots: number;
  /** Rows written: every attempt, retries included. */
  readonly attempts: number;
  /** Set when the run stopped on an error of its own (a configuration change refused, a sink failing). */
  readonly failure?: unknown;
}

export async function executePlan(opts: ExecuteOptions): Promise<ExecuteResult> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  const state: RunState = {
    opts,
    runStartMs: opts.runStartMs ?? performance.timeOrigin + performance.now(),
    pick: payloadPicker(opts.plan.payloads, opts.random),
    signal: stop.signal,
    seq: 0,
    slots: 0,
    failedSlots: 0,
    failure: undefined,
    fail: (err) => {
      state.failure ??= { err };
      stop.abort();
    },
    admit: () => {
      if (opts.admit === undefined || opts.admit()) return true;
      stop.abort();
      return false;
    },
  };
  try {
    // The memory last applied: consecutive steps at one setting change nothing.
    let applied: { memoryMb: number | null } | undefined;
    for (const step of planSteps(opts.plan)) {
      if (stop.signal.aborted) break;
      if (applied?.memoryMb !== step.memoryMb || applied === undefined) {
        await opts.target.applyMemory(step.memoryMb);
        applied = { memoryMb: step.memoryMb };
      }
      opts.onStep?.({ phase: step.phase.name, memoryMb: step.memoryMb, round: step.round, rounds: step.rounds });
      await step.phase.schedule.run(new PhaseDriver(state, step.phase.name));
    }
  } catch (err) {
    state.fail(err);
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
  }
  return {
    slots: state.slots,
    failedSlots: state.failedSlots,
    attempts: state.seq,
    ...(state.failure ? { failure: state.failure.err } : {}),
  };
}

interface RunState {
  readonly opts: ExecuteOptions;
  readonly runStartMs: number;
  readonly pick: PayloadPicker;
  readonly signal: AbortSignal;
  seq: number;
  slots: number;
  failedSlots: number;
  failure: { readonly err: unknown } | undefined;
  fail(err: unknown): void;
  /** False when the next attempt must not be made; the run is then stopping. */
  admit(): boolean;
}

class PhaseDriver implements PatternDriver {
  private readonly rowContext: RowContext;

  constructor(private readonly state: RunState, phase: string) {
    const { plan, target, runId } = state.opts;
    this.rowContext = { runId, plan, phase, functionName: target.functionName, qualifier: target.qualifier, runStartMs: state.runStartMs };
  }

  get signal(): AbortSignal {
    return this.state.signal;
  }

  now(): number {
    return performance.now();
  }

  sleep(ms: number): Promise<void> {
    return abortableSleep(ms, this.state.signal);
  }

  freshEnvironment(): Promise<void> {
    return this.state.opts.target.freshEnvironment();
  }

  /** A load phase: the target makes every request; each one it records becomes a row here. */
  async load(spec: LoadSpec): Promise<void> {
    const { target } = this.state.opts;
    if (target.load === undefined) throw new Error(`the load pattern cannot drive a ${target.kind} target`);
    await target.load(spec, {
      record: (attempt: LoadAttempt) => {
        this.record(++this.state.seq, attempt.startedAt, attempt, attempt.startedAt.getTime());
        this.slotDone(attempt.status !== 'ok');
      },
    }, this.state.signal);
  }

  async invoke(slot: Slot): Promise<void> {
    const { state } = this;
    const { plan, target } = state.opts;
    try {
      const payload = state.pick();
      // Open models measure from the due time, so queueing in front of the send counts as latency.
      let origin = slot.intendedAt ?? performance.now();
      for (let attempt = 1; ; attempt++) {
        if (!state.admit()) {
          // A slot refused outright was never made; one cut between retries failed.
          if (attempt > 1) this.slotDone(true);
          return;
        }
        const seq = ++state.seq;
        const startedAtMs = performance.timeOrigin + origin;
        const startedAt = new Date(startedAtMs);
        const result = await target.invoke(payload, origin);
        this.record(seq, startedAt, result, startedAtMs);
        const retry = result.status === 'throttled' && attempt < plan.retry.attempts && !state.signal.aborted;
        if (!retry) {
          this.slotDone(result.status !== 'ok');
          return;
        }
        // Each further wait doubles, as a client backing off from a throttle would.
        await this.sleep(plan.retry.backoffMs * 2 ** (attempt - 1));
        if (state.signal.aborted) {
          this.slotDone(true);
          return;
        }
        origin = performance.now();
      }
    } catch (err) {
      // invoke() never rejects (PatternDriver's contract): a sink or target bug stops the run instead.
      state.fail(err);
    }
  }

  private record(seq: number, startedAt: Date, attempt: Attempt, startedAtMs: number): void {
    const row = buildRow(this.rowContext, seq, startedAt, this.state.opts.target.memoryMb, attempt, startedAtMs);
    for (const sink of this.state.opts.sinks) sink.write(row, attempt);
  }

  /** A slot is done when its last attempt is recorded; retries of it are not slots. */
  private slotDone(failed: boolean): void {
    const { state } = this;
    state.slots++;
    if (failed) state.failedSlots++;
    state.opts.onSlotDone?.();
  }
}
