import { describe, expect, it } from 'vitest';
import { asCliError, CliError, EXIT, UsageError } from '../../src/cli/errors';
import { ScenarioError } from '../../src/scenario/errors';

describe('asCliError', () => {
  it('ends a refused scenario with exit 2 and its file:line: field: message, unchanged', () => {
    const refused = new ScenarioError('s.yaml', [{ path: ['phases', 0, 'count'], line: 3, message: 'must be a whole number ≥ 1 (got 0)' }]);
    const mapped = asCliError(refused);
    expect(mapped).toBeInstanceOf(UsageError);
    expect(mapped?.exitCode).toBe(EXIT.badInput);
    expect(mapped?.message).toBe('s.yaml:3: phases[0].count: must be a whole number ≥ 1 (got 0)');
  });

  it('keeps a CliError as thrown, and leaves any other error to surface as a bug', () => {
    const budget = new CliError('over budget', EXIT.budget);
    expect(asCliError(budget)).toBe(budget);
    expect(asCliError(new Error('boom'))).toBeUndefined();
    expect(asCliError('text')).toBeUndefined();
  });
});
