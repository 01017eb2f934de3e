// Strict mode's admission: shares add up to the cores at most, first come
// first served; alone, anything runs; the limit follows measured host waits.

import { describe, expect, it } from 'vitest';
import { CpuAdmission, MB_PER_VCPU } from '../../../src/stub/engine/cpu-admission';

interface Item {
  readonly name: string;
  readonly mb: number;
}

function setup(cores: number) {
  const started: string[] = [];
  const held = new Map<string, number>();
  const admission = new CpuAdmission<Item>(cores * MB_PER_VCPU, (i) => i.mb, (i, share) => {
    started.push(i.name);
    held.set(i.name, share);
  });
  const end = (name: string): void => admission.release(held.get(name) as number);
  return { admission, started, end };
}

describe('CpuAdmission (strict mode)', () => {
  it('runs as many as the cores serve at their shares and queues the rest in order', () => {
    const { admission, started, end } = setup(2);
    for (const name of ['a', 'b', 'c', 'd']) admission.submit({ name, mb: 1769 });
    expect(started).toEqual(['a', 'b']);
    expect(admission.waiting).toBe(2);
    end('a');
    expect(started).toEqual(['a', 'b', 'c']);
    end('b');
    end('c');
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(admission.waiting).toBe(0);
  });

  it('fits small shares together: 27 environments of 128 MB on 2 cores, not 28', () => {
    const { admission, started } = setup(2);
    for (let i = 0; i < 30; i++) admission.submit({ name: `e${i}`, mb: 128 });
    expect(started).toHaveLength(Math.floor((2 * 1769) / 128));
    expect(started).toHaveLength(27);
  });

  it('never lets a later small one pass a waiting large one (first come, first served)', () => {
    const { admission, started, end } = setup(2);
    admission.submit({ name: 'big1', mb: 1769 });
    admission.submit({ name: 'half', mb: 885 });
    admission.submit({ name: 'big2', mb: 1769 });
    admission.submit({ name: 'small', mb: 128 });
    expect(started).toEqual(['big1', 'half']);
    end('half');
    expect(started).toEqual(['big1', 'half', 'big2']);
    end('big1');
    expect(started).toEqual(['big1', 'half', 'big2', 'small']);
  });

  it('runs a share larger than the machine alone, never with another', () => {
    const { admission, started, end } = setup(2);
    admission.submit({ name: 'huge', mb: 10240 });
    admission.submit({ name: 'next', mb: 128 });
    expect(started).toEqual(['huge']);
    end('huge');
    expect(started).toEqual(['huge', 'next']);
  });

  it('cuts its limit while invocations wait for CPUs the machine does not give, down to one at a time, and gives it back', () => {
    const { admission, started, end } = setup(2);
    expect(admission.limit).toBe(2 * MB_PER_VCPU);
    admission.feedback(40, 100); // 40% of Duration waiting: material
    expect(admission.limit).toBeLessThan(2 * MB_PER_VCPU);
    for (const name of ['a', 'b', 'c']) admission.submit({ name, mb: 1769 });
    expect(started).toEqual(['a']);
    for (let i = 0; i < 10; i++) admission.feedback(40, 100);
    expect(admission.limit).toBeLessThan(MB_PER_VCPU);
    end('a');
    // Alone, one still runs.
    expect(started).toEqual(['a', 'b']);
    // Waits that are not material give the limit back, up to the cores.
    for (let i = 0; i < 40; i++) admission.feedback(0.1, 100);
    expect(admission.limit).toBe(2 * MB_PER_VCPU);
    end('b');
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('gives back every waiting item when the engine stops', () => {
    const { admission } = setup(1);
    for (const name of ['a', 'b', 'c']) admission.submit({ name, mb: 1769 });
    expect(admission.takeAll().map((i) => i.name)).toEqual(['b', 'c']);
    expect(admission.waiting).toBe(0);
  });
});
