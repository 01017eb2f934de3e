// Forced SnapStart restores. SnapStart runs only on published versions, and
// a version's environments are restored from its one snapshot, so the way to
// measure a fresh restore is the one AWS Lambda Power Tuning takes for
// `onlyColdStarts`: change $LATEST's configuration (a nonce), publish a new
// version, wait until it is Active (its snapshot made), and invoke it. Each
// version created is journalled before it is made and deleted again: right
// after the next one replaces it (a Python or .NET version is charged for its
// cached snapshot for as long as it exists), and at the end.
//
// This module only orders those steps. The steps themselves (the nonce
// change, the journalled publish and delete) are the target's, given through
// VersionSteps: at merge, the aws target's FunctionConfigurator provides
// forceFreshEnvironment() and publishVersion() (branch settings12) and a
// deleteVersion() over its journal.
//
// Sources: https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html (published
// versions only; one snapshot per version), https://aws.amazon.com/lambda/pricing/
// (SnapStart cache charge per version while it exists),
// github.com/alexcasalboni/aws-lambda-power-tuning (onlyColdStarts: a new
// version after a configuration change for each cold invocation).

import { TargetError } from './errors';

/** What ForcedRestores needs of the target; each step journals what it changes or creates. */
export interface VersionSteps {
  /** Changes $LATEST (a nonce) so that the next publish makes a new version. */
  forceFreshEnvironment(): Promise<void>;
  /** Publishes $LATEST, journals the version before creating it, waits until it is Active. */
  publishVersion(): Promise<{ readonly version: string; readonly snapStartOptimization: string | undefined }>;
  /** Deletes a version this run published and marks it removed in the journal. */
  deleteVersion(version: string): Promise<void>;
}

export class ForcedRestores {
  /** Versions published here and not yet deleted, oldest first. */
  private readonly live: string[] = [];

  constructor(
    private readonly steps: VersionSteps,
    /** For messages: the function's name. */
    private readonly functionName: string,
    /** How many published versions may exist at once; the oldest is deleted past it. At least 1. */
    private readonly keep = 1,
  ) {}

  /**
   * A qualifier whose next invocation is a fresh restore: a version published
   * just now, Active, with its snapshot on. Older versions beyond `keep` are
   * deleted first, so a run leaves at most `keep` versions behind while it goes.
   */
  async next(): Promise<string> {
    while (this.live.length >= Math.max(1, this.keep)) {
      const old = this.live.shift();
      if (old !== undefined) await this.steps.deleteVersion(old);
    }
    await this.steps.forceFreshEnvironment();
    const published = await this.steps.publishVersion();
    this.live.push(published.version);
    if (published.snapStartOptimization !== 'On') {
      throw new TargetError(
        `"${this.functionName}" version ${published.version} has SnapStart OptimizationStatus ${published.snapStartOptimization ?? '(none)'}: ` +
          'its invocations would not be restores. Turn SnapStart on (SnapStart.ApplyOn: PublishedVersions) to measure restores.',
      );
    }
    return published.version;
  }

  /** Versions still to delete (for the run's end and for tests). */
  get pending(): readonly string[] {
    return this.live;
  }

  /** Deletes every version still here; the journal keeps any that failed for `coldbench restore`. */
  async finish(): Promise<void> {
    let failure: unknown;
    while (this.live.length > 0) {
      const v = this.live.shift();
      if (v === undefined) break;
      try {
        await this.steps.deleteVersion(v);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
