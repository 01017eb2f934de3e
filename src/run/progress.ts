// A progress bar on stderr when it is a terminal (and --quiet is not given);
// nothing otherwise, so that logs and pipes stay clean.

import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  tick(): void;
  stop(): void;
}

const NONE: Progress = { tick: () => undefined, stop: () => undefined };

export function createProgress(total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY || total <= 0) return NONE;
  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {bar} {value}/{total} invocations | {duration_formatted} | eta {eta_formatted}',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  }, Presets.shades_classic);
  bar.start(total, 0);
  let stopped = false;
  return {
    tick: () => {
      if (!stopped) bar.increment();
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
