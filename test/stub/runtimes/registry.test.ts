import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_RUNTIME_CLIENT } from '../../../src/stub/runtimes/nodejs';
import { runtimeFamilyFor, supportedRuntimes } from '../../../src/stub/runtimes/registry';
import { snapshot } from '../engine/helpers';
import { RUNTIMES, runtimeFamilyOf } from '../../../src/lambda/runtimes';

describe('runtime registry', () => {
  it('maps Lambda runtime strings to families and refuses unknown ones', () => {
    expect(runtimeFamilyFor('nodejs20.x')?.name).toBe('nodejs');
    expect(runtimeFamilyFor('nodejs24.x')?.name).toBe('nodejs');
    expect(runtimeFamilyFor('provided.al2023')?.name).toBe('provided');
    expect(runtimeFamilyFor('nodejs20')).toBeUndefined();
    expect(runtimeFamilyFor('cobol1.x')).toBeUndefined();
    expect(supportedRuntimes()).toEqual(expect.arrayContaining(['nodejs18.x', 'nodejs22.x', 'provided', 'provided.al2']));
  });

  it('has a module for every runtime identifier Lambda\'s vocabulary lists, of that family', () => {
    for (const runtime of RUNTIMES) expect(runtimeFamilyFor(runtime)?.name, runtime).toBe(runtimeFamilyOf(runtime));
    expect(supportedRuntimes()).toEqual(RUNTIMES);
  });

  it('starts Node functions under our runtime client, which exists next to the module', () => {
    expect(fs.existsSync(NODE_RUNTIME_CLIENT)).toBe(true);
    // The runtime of this node's own major runs on this node (another major may find a node22/node24: node-binary.ts).
    const runtime = `nodejs${process.versions.node.split('.')[0]}.x`;
    const spec = runtimeFamilyFor(runtime)?.launch(snapshot('engine-hello', { runtime }));
    expect(spec?.command).toBe(process.execPath);
    expect(spec?.args).toEqual([NODE_RUNTIME_CLIENT]);
    expect(spec?.env.AWS_EXECUTION_ENV).toBe(`AWS_Lambda_${runtime}`);
  });

  it('runs ./bootstrap for provided runtimes and says so when it is missing', () => {
    const family = runtimeFamilyFor('provided.al2');
    expect(family?.launch(snapshot('engine-bash', { runtime: 'provided.al2' })).command).toMatch(/engine-bash\/bootstrap$/);
    expect(() => family?.launch(snapshot('engine-hello', { runtime: 'provided.al2' }))).toThrow(/Couldn't find valid bootstrap/);
  });
});
