// Bad scenarios through the commands that load them: exit 2, one message per
// problem naming file, line and field, and no stack trace.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/errors';
import { runCommand } from '../cli/cli-capture';

const BAD = path.resolve(__dirname, '../fixtures/scenarios/bad');

const CASES: readonly (readonly [string, RegExp])[] = [
  ['unknown-pattern.yaml', /unknown-pattern\.yaml:7: phases\[2\]\.pattern: unknown pattern "sequentail"/],
  ['negative-count.yaml', /negative-count\.yaml:3: phases\[0\]\.count: /],
  ['syntax-error.yaml', /syntax-error\.yaml:\d+:\d+: YAML syntax error/],
  ['missing-target.yaml', /missing-target\.yaml:\d+: target: is required/],
  ['memory-out-of-range.yaml', /memory-out-of-range\.yaml:2: memory\[1\]: .*128 to 10240/],
  ['code-missing.yaml', /code-missing\.yaml:3: target\.code: code folder not found/],
  ['does-not-exist.yaml', /does-not-exist\.yaml: scenario file not found/],
  // The handler's module file is checked at load: exit 2 naming the scenario's line and the file looked for.
  ['handler-file-missing.yaml', /handler-file-missing\.yaml:4: target\.handler: handler file not found for "main\.handler": none of main\.js, main\.mjs, main\.cjs in .*functions\/hello/],
  ['handler-default-missing.yaml', /handler-default-missing\.yaml:3: target\.code: handler file not found for "index\.handler": none of index\.js, index\.mjs, index\.cjs in .*no-handler-file/],
];

describe('bad scenarios exit 2', () => {
  for (const [file, message] of CASES) {
    it(`estimate ${file}`, async () => {
      const r = await runCommand('estimate', path.join(BAD, file));
      expect(r.code).toBe(EXIT.badInput);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe('');
    });
  }

  it('run refuses before invoking anything', async () => {
    const r = await runCommand('run', path.join(BAD, 'unknown-pattern.yaml'), '--quiet', '--out', path.join(BAD, 'never-written'));
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(/unknown-pattern\.yaml:7: phases\[2\]\.pattern: /);
  });
});

// A rule across fields (memory or a forced cold start on a pinned qualifier, a
// sweep behind a URL without its function) is the scenario's: `estimate` refuses
// the file as `run` does, with the same file:line message, before anything runs.
const RULES: readonly (readonly [string, RegExp])[] = [
  ['sweep-on-qualifier.yaml', /^coldbench: .*sweep-on-qualifier\.yaml:6: target\.qualifier: memory settings change \$LATEST; remove the qualifier "live" to use them\n$/],
  ['cold-on-qualifier.yaml', /^coldbench: .*cold-on-qualifier\.yaml:6: target\.qualifier: the cold pattern forces fresh environments by changing \$LATEST, which "3" does not run \(a published version never changes\)\. .* Remove the qualifier to force on-demand cold starts of \$LATEST \(or, on a SnapStart function, SnapStart restores of versions coldbench publishes\)\n$/],
  ['http-sweep-without-function.yaml', /^coldbench: .*http-sweep-without-function\.yaml:2: target\.function: a memory sweep over an http target changes the function behind the URL, so it needs `function` \(and `region` or `endpoint`\)\n$/],
];

describe('estimate and run refuse a scenario breaking a rule identically', () => {
  for (const [file, message] of RULES) {
    it(file, async () => {
      const out = path.join(BAD, 'never-written');
      const estimate = await runCommand('estimate', path.join(BAD, file));
      const run = await runCommand('run', path.join(BAD, file), '--quiet', '--yes', '--out', out);
      expect(estimate.code).toBe(EXIT.badInput);
      expect(estimate.err).toMatch(message);
      expect(estimate.out).toBe('');
      expect(run).toEqual(estimate);
      expect(fs.existsSync(out)).toBe(false);
    });
  }
});
