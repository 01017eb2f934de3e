import { describe, expect, it } from 'vitest';
import { closest } from '../../src/scenario/suggest';

describe('closest', () => {
  it('suggests near misses only', () => {
    expect(closest('sequentail', ['cold', 'sequential', 'concurrent'])).toBe('sequential');
    expect(closest('memroy', ['memory', 'name'])).toBe('memory');
    expect(closest('Phases', ['phases'])).toBe('phases');
    expect(closest('banana', ['memory', 'name', 'phases'])).toBeUndefined();
  });
});
