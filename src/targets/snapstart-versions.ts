// Forced SnapStart restores. SnapStart runs only on published versions, and
// a version's environments are restored from its one snapshot, so the way to
// measure a fresh restore is the one AWS Lambda Power Tuning takes for
// `onlyColdStarts`: change $LATEST's configuration (a nonce), publish a new
// version, wait until it is Active (its snapshot made), and invoke it. Each
// version created is journalled before it is made and deleted again: right
// after the next one replaces it (a Python or .NET version is charged for its
// cached snapshot for as long as it exists), and at the end.
//
// This module only orders those steps. The steps themselves are the aws
// target's FunctionConfigurator: forceFreshEnvironment() (the nonce),
// publishVersion() (journalled before the call, waited until Active) and
// deleteVersion() (through the journal, as `coldbench restore` deletes). What
// is still here at the end is deleted by the configurator's restore() from
// the journal, like every other version or alias a run created: one
// mechanism, so a run killed mid-way leaves nothing `coldbench restore`
// would not find.
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

  /** The newest version published here (the one to invoke), if any. */
  get current(): string | undefined {
    return this.live[this.live.length - 1];
  }

  /** Versions published here and not yet deleted, oldest first. */
  get pending(): readonly string[] {
    return this.live;
  }

  /** The journal's removal (FunctionConfigurator.restore()) deleted what was left: start over. */
  forget(): void {
    this.live.length = 0;
  }
}
