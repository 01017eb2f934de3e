import { describe, expect, it } from 'vitest';
import { advance, type EnvironmentState, IllegalTransition, isFree, isInitializing, STATES, TRANSITIONS } from '../../../src/stub/engine/lifecycle';

const legal: [EnvironmentState, EnvironmentState][] = STATES.flatMap((from) => TRANSITIONS[from].map((to): [EnvironmentState, EnvironmentState] => [from, to]));
const illegal: [EnvironmentState, EnvironmentState][] = STATES.flatMap((from) =>
  STATES.filter((to) => !TRANSITIONS[from].includes(to)).map((to): [EnvironmentState, EnvironmentState] => [from, to]),
);

describe('environment lifecycle', () => {
  it('lists every state once, and only known states as successors', () => {
    expect(new Set(STATES).size).toBe(STATES.length);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATES].sort());
    for (const from of STATES) for (const to of TRANSITIONS[from]) expect(STATES).toContain(to);
  });

  it('is the table the environment was written against', () => {
    expect(TRANSITIONS).toEqual({
      starting: ['running', 'idle', 'failing', 'dead'],
      failing: ['failed', 'dead'],
      failed: ['reinit', 'dead'],
      reinit: ['running', 'failing', 'dead'],
      idle: ['running', 'dead'],
      running: ['answered', 'dead'],
      answered: ['idle', 'awaiting', 'dead'],
      awaiting: ['idle', 'queued', 'dead'],
      queued: ['running', 'dead'],
      dead: [],
    });
  });

  it.each(legal)('allows %s -> %s', (from, to) => {
    expect(advance(from, to)).toBe(to);
  });

  it.each(illegal)('refuses %s -> %s with an error naming both', (from, to) => {
    let thrown: unknown;
    try {
      advance(from, to);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(IllegalTransition);
    expect(thrown).toMatchObject({ from, to, message: `illegal environment transition: ${from} -> ${to}` });
  });

  it('lets every live state die, and nothing follow death', () => {
    for (const from of STATES) if (from !== 'dead') expect(advance(from, 'dead')).toBe('dead');
    expect(() => advance('dead', 'starting')).toThrow(IllegalTransition);
    expect(() => advance('dead', 'dead')).toThrow(IllegalTransition);
  });

  it('reaches every state from starting', () => {
    const seen = new Set<EnvironmentState>(['starting']);
    const queue: EnvironmentState[] = ['starting'];
    for (let from = queue.shift(); from !== undefined; from = queue.shift()) {
      for (const to of TRANSITIONS[from]) {
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...STATES].sort());
  });

  it("walks a cold start, a warm invocation, a slower runtime's invocation and a death", () => {
    const walk: EnvironmentState[] = ['running', 'answered', 'idle', 'running', 'answered', 'awaiting', 'queued', 'running', 'answered', 'awaiting', 'idle', 'dead'];
    let state: EnvironmentState = 'starting';
    for (const to of walk) state = advance(state, to);
    expect(state).toBe('dead');
  });

  it('walks a failed init, its failed re-run inside the invocation, and a re-run that succeeds for the next one', () => {
    // Lambda: INIT_REPORT Phase: init, then the init again inside the invocation (Phase: invoke).
    const walk: EnvironmentState[] = ['failing', 'failed', 'reinit', 'failing', 'failed', 'reinit', 'running', 'answered', 'idle', 'dead'];
    let state: EnvironmentState = 'starting';
    for (const to of walk) state = advance(state, to);
    expect(state).toBe('dead');
    // A failed init never answers an invocation directly: the re-run does.
    expect(() => advance('starting', 'answered')).toThrow(IllegalTransition);
    expect(() => advance('failed', 'running')).toThrow(IllegalTransition);
  });

  it('calls idle, awaiting and failed free, and nothing else', () => {
    expect(STATES.filter(isFree)).toEqual(['failed', 'idle', 'awaiting']);
  });

  it('counts the runtime\'s output as init output while an init runs or fails', () => {
    expect(STATES.filter(isInitializing)).toEqual(['starting', 'failing', 'reinit']);
  });
});
