// A progress bar on stderr when it is a terminal (and --quiet is not given);
// nothing otherwise, so that logs and pipes stay clean. It names the phase
// and memory setting being measured (and the round of an interleaved sweep),
// so that a long sweep says where it is.

import { SingleBar, Presets } from 'cli-progress';

export interface ProgressStep {
  readonly phase: string;
  /** null: the function's memory as it is. */
  readonly memoryMb: number | null;
  readonly round: number;
  readonly rounds: number;
}

export interface Progress {
  tick(): void;
  /** A new step starts: the bar's label changes. */
  step(step: ProgressStep): void;
  stop(): void;
}

const NONE: Progress = { tick: () => undefined, step: () => undefined, stop: () => undefined };

/** Longest phase name shown; the bar stays on one line. */
const PHASE_WIDTH = 20;

/** The bar's label: `warm @ 512 MB (round 2/3)`. */
export function stepLabel(step: ProgressStep): string {
  const phase = step.phase.length > PHASE_WIDTH ? step.phase.slice(0, PHASE_WIDTH - 1) + '…' : step.phase;
  const memory = step.memoryMb === null ? 'memory as is' : `${step.memoryMb} MB`;
  return `${phase} @ ${memory}${step.rounds > 1 ? ` (round ${step.round}/${step.rounds})` : ''}`;
}

export const PROGRESS_FORMAT = ' {step} {bar} {value}/{total} invocations | {duration_formatted} | eta {eta_formatted}';

export function createProgress(total: number, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY || total <= 0) return NONE;
  const bar = new SingleBar({
    stream,
    format: PROGRESS_FORMAT,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    barsize: 24,
  }, Presets.shades_classic);
  bar.start(total, 0, { step: '' });
  let stopped = false;
  return {
    tick: () => {
      if (!stopped) bar.increment();
    },
    step: (s) => {
      if (!stopped) bar.update({ step: stepLabel(s) });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
