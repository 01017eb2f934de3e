// Nothing hangs on input: every numeric field has a bound this machine can
// serve, durations stay below what Node's timers hold, a file of any depth or
// width is refused or read in a moment, never with a stack trace.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load';
import { ScenarioError } from '../../src/scenario/errors';

const tmp = mkdtempSync(path.join(tmpdir(), 'coldbench-bounds-'));
mkdirSync(path.join(tmp, 'fn'));
// The default handler's file: scenarios are refused without it.
writeFileSync(path.join(tmp, 'fn', 'index.js'), 'exports.handler = async () => ({});\n');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function file(text: string, ext = 'yaml'): string {
  const f = path.join(tmp, `s${++n}.${ext}`);
  writeFileSync(f, text);
  return f;
}

const HEAD = 'target: { kind: local, code: ./fn }\n';

async function refusal(f: string): Promise<string> {
  try {
    await loadScenario(f);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as Error).message;
  }
  throw new Error(`${f} was accepted`);
}

describe('numeric bounds', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ['phases: [{ pattern: concurrent, concurrency: 100000000, count: 10 }]', /:2: phases\[0\]\.concurrency: must be at most 1,000 in flight/],
    ['phases: [{ pattern: rate, rate: 1e300, duration: 1s }]', /:2: phases\[0\]\.rate: must be at most 10,000 invocations per second/],
    ['phases: [{ pattern: rate, rate: 100, duration: 1s, maxInFlight: 5000 }]', /:2: phases\[0\]\.maxInFlight: must be at most 1,000/],
    ['phases: [{ pattern: sequential, count: 20000000 }]', /:2: phases\[0\]\.count: must be at most 10,000,000 invocations/],
    ['phases: [{ pattern: rate, rate: 10000, duration: 2h }]', /:2: phases\[0\]: asks for 72,000,000 invocations; one phase may make at most 10,000,000/],
    ['phases: [{ pattern: idle-gaps, gaps: [999999999999h] }]', /:2: phases\[0\]\.gaps\[0\]: must be at most 24d 20h 31m 23\.647s/],
    ['phases: [{ pattern: rate, rate: 1, duration: 2147483648 }]', /:2: phases\[0\]\.duration: must be at most 24d 20h 31m 23\.647s \(got 2147483648\)/],
    ['phases: [{ pattern: idle-gaps, gaps: [60] }]', /:2: phases\[0\]\.gaps\[0\]: needs a unit: write 60ms, 60s, 60m or 60h/],
    ['phases: [{ pattern: cold, count: 1 }]\nretry: { attempts: 1000 }', /:3: retry\.attempts: must be at most 100 attempts/],
    ['phases: [{ pattern: cold, count: 1 }]\nretry: { backoff: 2h }', /:3: retry\.backoff: must be at most 1h/],
    ['phases: [{ pattern: cold, count: 1 }]\nbudget: { maxCostUsd: 1e300 }', /:3: budget\.maxCostUsd: must be at most 1,000,000/],
    ['phases: [{ pattern: cold, count: 1 }]\nprojection: { monthlyInvocations: 1e20 }', /:3: projection\.monthlyInvocations: must be at most/],
    ['phases: [{ pattern: cold, count: 1 }]\npayloads: [{ weight: 1e308, payload: {} }, { weight: 1e308, payload: {} }]', /:3: payloads\[0\]\.weight: must be at most 1,000,000/],
  ];
  for (const [yaml, message] of cases) {
    it(yaml.split('\n').pop()!, async () => {
      expect(await refusal(file(HEAD + yaml))).toMatch(message);
    });
  }

  it('accepts each bound itself', async () => {
    const s = await loadScenario(file(`${HEAD}phases:
  - { pattern: concurrent, concurrency: 1000, count: 10000000 }
  - { pattern: rate, rate: 10000, duration: 1000s, maxInFlight: 1000 }
  - { pattern: idle-gaps, gaps: [2147483647ms] }
retry: { attempts: 100, backoff: 1h }
`));
    expect(s.phases.map((p) => p.pattern.name)).toEqual(['concurrent', 'rate', 'idle-gaps']);
  });
});

describe('files of any shape', () => {
  const deep = (open: string, close: string, n: number): string => open.repeat(n) + close.repeat(n);

  it('refuses a payload 100,000 levels deep, in JSON and in YAML, with one line', async () => {
    const json = `{"target":{"kind":"local","code":"./fn"},"phases":[{"pattern":"cold","count":1}],"payload":${deep('[', ']', 100_000)}}`;
    expect(await refusal(file(json, 'json'))).toMatch(/\.json: nested more than 200 levels deep \(under payload\); a payload that deep goes in a payloadFile$/);
    for (const yaml of [`payload: ${deep('[', ']', 100_000)}`, `payload: ${deep('{a: ', '}', 100_000)}`, `payload:\n  ${'- '.repeat(100_000)}x`]) {
      const message = await refusal(file(`${HEAD}phases: [{ pattern: cold, count: 1 }]\n${yaml}\n`));
      expect(message).toMatch(/\.yaml:[34]: nested more than 200 levels deep$/);
    }
    // Nesting by indentation: placed on the first line that passes the bound.
    const indented = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n');
    expect(await refusal(file(`${HEAD}phases: [{ pattern: cold, count: 1 }]\npayload:\n${indented} 1\n`))).toMatch(/\.yaml:20[0-9]: nested more than 200 levels deep$/);
  });

  it('sends a payload file of any depth as its bytes', async () => {
    const body = deep('[', ']', 100_000);
    writeFileSync(path.join(tmp, 'deep.json'), body);
    const s = await loadScenario(file(`${HEAD}phases: [{ pattern: cold, count: 1 }]\npayloadFile: deep.json\n`));
    expect(s.payloads[0]!.body.toString()).toBe(body);
  });

  it('takes a payload deep within the bound, and brackets inside quotes are text', async () => {
    const s = await loadScenario(file(`${HEAD}phases: [{ pattern: cold, count: 1 }]\npayload: { a: ${deep('[', ']', 150)}, b: "[[[[", c: 'it''s {{' }\n`));
    expect(JSON.parse(s.payloads[0]!.body.toString())).toMatchObject({ b: '[[[[', c: "it's {{" });
  });

  it('checks 50,000 top-level keys in linear time (no quadratic step)', async () => {
    const wide = (keys: number): string => {
      const lines = [HEAD.trim(), 'phases: [{ pattern: cold, count: 1 }]'];
      for (let i = 0; i < keys; i++) lines.push(`k${i}: ${i}`);
      return lines.join('\n') + '\n';
    };
    const time = async (f: string): Promise<number> => {
      const t = performance.now();
      expect(await refusal(f)).toMatch(/… and \d+ more problems$/);
      return performance.now() - t;
    };
    const small = file(wide(5_000));
    const big = file(wide(50_000));
    await time(small); // warm the parser
    const tSmall = await time(small);
    const tBig = await time(big);
    // Ten times the keys: about ten times the time (a quadratic step would be a hundred).
    expect(tBig / tSmall).toBeLessThan(30);
    expect(tBig).toBeLessThan(8_000); // about 0.5 s on an idle machine; the bound leaves room for a loaded one
  });

  it('reports a repeated key in one pass, on its line', async () => {
    expect(await refusal(file(`${HEAD}phases: [{ pattern: cold, count: 1 }]\nname: a\nname: b\n`))).toMatch(/\.yaml:4:1: YAML syntax error: Map keys must be unique$/);
    expect(await refusal(file('{"target": {"kind": "local", "code": "./fn"},\n"phases": [{"pattern": "cold", "count": 1}],\n"name": "a", "name": "b"}', 'json'))).toMatch(/\.json:3:14: the same key appears twice in one object$/);
  });

  it('refuses what is not a regular file instead of reading it forever', async () => {
    expect(await refusal('/dev/zero')).toMatch(/^\/dev\/zero: is not a regular file$/);
    expect(await refusal(tmp)).toMatch(/: is a folder, not a scenario file$/);
  });
});
