// Rules joining fields of a scenario: each field is valid alone, but together
// they ask the target for something it cannot do. They are checked with the
// format, so that `estimate` refuses such a file exactly as `run` does.

import { MAX_PHASE_INVOCATIONS } from '../fields/bounds';
import type { Problem } from './errors';
import type { CheckedScenario } from './validate';

type Rule = (s: CheckedScenario) => Problem | undefined;

/** Memory settings and forced cold starts change $LATEST, which a pinned version or alias would never see. */
const changesNeedLatest: Rule = ({ raw, target, phases }) => {
  if (target.kind !== 'aws' || target.qualifier === undefined || target.qualifier === '$LATEST') return undefined;
  if (raw.memory !== undefined) {
    return { path: ['target', 'qualifier'], message: `memory settings change $LATEST; remove the qualifier "${target.qualifier}" to use them` };
  }
  const forcing = phases.find((p) => p.pattern.forcesFreshEnvironments);
  if (forcing === undefined) return undefined;
  return { path: ['target', 'qualifier'], message: forcedColdOnQualifier(forcing.pattern.name, target.qualifier) };
};

/**
 * Why a forced cold start is refused on a version or alias (docs/scenario-format.md,
 * "Forced cold starts on a version or alias"): a published version never
 * changes, so no configuration change gives it a fresh environment; and on
 * one with provisioned concurrency no invocation waits for an init until more
 * than its provisioned environments are busy. The cold starts its callers meet
 * are that spill-over, which a concurrent phase measures as it happens.
 */
function forcedColdOnQualifier(pattern: string, qualifier: string): string {
  return `the ${pattern} pattern forces fresh environments by changing $LATEST, which "${qualifier}" does not run (a published version never changes). `
    + `With provisioned concurrency on "${qualifier}", its environments are initialised ahead and no invocation waits for an init until more than the provisioned count run at once: `
    + `those spill-over cold starts are what its callers meet, and a \`concurrent\` phase with a concurrency above the provisioned count measures them (rows with cold = true). `
    + `Remove the qualifier to force on-demand cold starts of $LATEST (or, on a SnapStart function, SnapStart restores of versions coldbench publishes)`;
}

/** Behind a URL, memory is changed through the function's configuration, so a sweep must name the function. */
const httpSweepNeedsFunction: Rule = ({ raw, target }) => {
  if (target.kind !== 'http' || target.function !== undefined || (raw.memory?.length ?? 0) <= 1) return undefined;
  return {
    path: ['target', 'function'],
    message: 'a memory sweep over an http target changes the function behind the URL, so it needs `function` (and `region` or `endpoint`)',
  };
};

/** Each field is bounded alone; rate × duration (or gaps listed) can still ask for more than a run can make. */
function phasesWithinBound(s: CheckedScenario): Problem[] {
  const out: Problem[] = [];
  for (const phase of s.phases) {
    const n = phase.pattern.create(phase.options).invocations;
    if (!(n <= MAX_PHASE_INVOCATIONS)) {
      out.push({
        path: ['phases', phase.index],
        message: `asks for ${Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'unbounded'} invocations; one phase may make at most ${MAX_PHASE_INVOCATIONS.toLocaleString('en-US')}`,
      });
    }
  }
  return out;
}

const RULES: readonly Rule[] = [changesNeedLatest, httpSweepNeedsFunction];

export function checkRules(scenario: CheckedScenario): Problem[] {
  return [
    ...phasesWithinBound(scenario),
    ...RULES.map((rule) => rule(scenario)).filter((p): p is Problem => p !== undefined),
  ];
}
