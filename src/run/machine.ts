// Facts about what a run ran on, for run.json: results from two machines or
// two Node versions should never be compared unknowingly. The hardware is
// run.json's `machine` section (report/run-json.ts); this is the software.
// (Named machine.ts, not environment.ts: an execution environment is the
// local service's, src/stub/.)

import * as fs from 'node:fs';
import * as path from 'node:path';

/** run.json's `environment` section: the versions that produced the numbers. */
export type SoftwareVersions = {
  readonly tool: { readonly name: 'coldbench'; readonly version: string | null };
  readonly node: string;
  readonly awsSdkLambda: string | null;
};

/** coldbench's own version, from its package.json (the same in src/ under vitest and in dist/). */
export function toolVersion(): string | null {
  return packageVersion(path.join(__dirname, '..', '..', 'package.json'), 'coldbench');
}

export function softwareVersions(): SoftwareVersions {
  return {
    tool: { name: 'coldbench', version: toolVersion() },
    node: process.version,
    awsSdkLambda: sdkVersion('@aws-sdk/client-lambda'),
  };
}

function sdkVersion(pkg: string): string | null {
  try {
    // The package's exports hide package.json: climb from its entry point instead.
    let dir = path.dirname(require.resolve(pkg));
    for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
      const version = packageVersion(path.join(dir, 'package.json'), pkg);
      if (version) return version;
    }
  } catch {
    // not installed: leave it unknown
  }
  return null;
}

function packageVersion(file: string, name?: string): string | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const pkg = parsed as { name?: unknown; version?: unknown };
    if (name !== undefined && pkg.name !== name) return null;
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}
