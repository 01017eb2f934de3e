// The spare pair of groups made ahead of each cold start: concurrent starts
// never share one, and nothing is left once everything is removed.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cgroups } from '../../../src/stub/engine/cgroups';

function instanceDirs(instanceId: string): string[] {
  const out: string[] = [];
  for (const line of fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, rel] = line.split(':');
    for (const c of ['memory', 'cpu']) {
      if (!controllers?.split(',').includes(c) || rel === undefined) continue;
      const dir = path.join('/sys/fs/cgroup', c, rel, `coldbench-${process.pid}-${instanceId}`);
      if (fs.existsSync(dir)) out.push(dir);
    }
  }
  return out;
}

const subgroups = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('cgroups: spare groups', () => {
  it('gives concurrent cold starts distinct groups, keeps one spare made, and removes everything', async (ctx) => {
    const id = `spare${Date.now()}`;
    const cg = new Cgroups(id, true);
    if (!cg.setup.memory || !cg.setup.cpu) ctx.skip();
    const groups = await Promise.all([128, 256, 512].map((mb, i) => cg.create(`e${i}`, mb)));
    const dirs = instanceDirs(id);
    expect(dirs).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 200)); // the next spare is being made
    // Three environments' groups and one spare in each controller, none shared.
    for (const d of dirs) expect(subgroups(d)).toHaveLength(4);
    // Each environment's limit is its own, written when it claimed its group.
    const memDir = dirs.find((d) => d.includes('/memory/')) as string;
    const limits = subgroups(memDir)
      .map((name) => Number(fs.readFileSync(path.join(memDir, name, 'memory.limit_in_bytes'), 'utf8')) / 1048576)
      .sort((a, b) => a - b);
    expect(limits.slice(0, 3)).toEqual([128, 256, 512]);
    // A group a process has joined and left is removed like the others.
    const child = spawn('sleep', ['5']);
    await groups[0]?.join(child.pid as number);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    for (const g of groups) await g.remove();
    await cg.remove();
    expect(instanceDirs(id)).toEqual([]);
  });
});
