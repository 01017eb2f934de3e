import { describe, expect, it } from 'vitest';
import { RUNTIMES, isRuntime, runtimeFamilyOf, runtimesOf } from '../../src/lambda/runtimes';

describe('runtime identifiers', () => {
  it('name each runtime as Lambda spells it, with its family', () => {
    expect(runtimeFamilyOf('nodejs20.x')).toBe('nodejs');
    expect(runtimeFamilyOf('python3.14')).toBe('python');
    expect(runtimeFamilyOf('provided.al2023')).toBe('provided');
    expect(runtimeFamilyOf('nodejs20')).toBeUndefined();
    expect(runtimeFamilyOf('java21')).toBeUndefined();
    expect(runtimeFamilyOf('constructor')).toBeUndefined();
    expect(isRuntime('provided')).toBe(true);
    expect(isRuntime('toString')).toBe(false);
  });

  it('list families in order, each runtime once', () => {
    expect(runtimesOf('nodejs')).toEqual(['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x']);
    expect(runtimesOf('python')).toEqual(['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14']);
    expect(runtimesOf('provided')).toEqual(['provided', 'provided.al2', 'provided.al2023']);
    expect(RUNTIMES).toEqual([...runtimesOf('nodejs'), ...runtimesOf('python'), ...runtimesOf('provided')]);
  });
});
