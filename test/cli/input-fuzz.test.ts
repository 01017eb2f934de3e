// No stack trace, ever, on input: generated and mutated scenario files (YAML
// and JSON: wrong types, huge numbers, deep nesting, unknown keys, odd
// unicode, broken syntax) and flags go to the loader and to the CLI. Every
// outcome is exit 0, 2 or 3 with short lines on stderr, never 70, never a
// stack trace, each within a few seconds.

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT } from '../../src/cli/errors';
import { runCommand } from './cli-capture';
import { EXAMPLE_FUNCTIONS, hasStackTrace, runCli, tempDir } from '../run/helpers';

/** Fixed, so a failure is reproducible; COLDBENCH_FUZZ_SEED explores other inputs. */
const SEED = Number(process.env['COLDBENCH_FUZZ_SEED'] ?? 16);
const dir = tempDir('coldbench-fuzz-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.cpSync(path.join(EXAMPLE_FUNCTIONS, 'hello'), path.join(dir, 'fn'), { recursive: true });

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Valid scenarios, one per pattern and target kind, to mutate. */
const BASES: readonly Record<string, Json>[] = [
  { name: 'base', target: { kind: 'local', code: './fn' }, payload: { a: 1 }, phases: [{ pattern: 'cold', count: 2 }, { pattern: 'sequential', count: 3 }] },
  { target: { kind: 'local', code: './fn', timeout: '30s', environment: { A: 'b' } }, memory: [128, 256], phases: [{ pattern: 'concurrent', concurrency: 2, count: 4 }], budget: { maxInvocations: 100 } },
  { target: { kind: 'local', code: './fn' }, phases: [{ pattern: 'rate', rate: 5, duration: '2s', maxInFlight: 3 }, { pattern: 'ramp', from: 0, to: 10, duration: '1s' }], retry: { attempts: 2, backoff: '50ms' } },
  { target: { kind: 'local', code: './fn' }, phases: [{ pattern: 'idle-gaps', gaps: ['1s', '2s'] }], payloads: [{ weight: 2, payload: { x: 'y' } }, { weight: 1, payload: [1, 2] }] },
  { target: { kind: 'aws', function: 'f', region: 'eu-west-1' }, architecture: 'arm64', phases: [{ pattern: 'sequential', count: 10 }], projection: { monthlyInvocations: 1000000, freeTier: true }, recommend: { balancedWeight: 0.3 } },
  { target: { kind: 'http', url: 'http://127.0.0.1:1/x', method: 'POST', headers: { h: 'v' }, body: { q: 1 } }, phases: [{ pattern: 'load', connections: 2, amount: 10 }], maxErrorRate: 0.1 },
];

const deep = (n: number): Json => {
  let v: Json = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 === 0 ? [v] : { k: v };
  return v;
};

/** Values a careless or hostile file may hold. */
const weird: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1e300, -1e300, 2 ** 31, 2 ** 53 + 1, 0.5, 1e-300, 10_000_001, 100_000_000),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('=cmd|calc', '+1', '-2+3', '@SUM(A1)', '\t', '30', '1e5h', '999999999999h', '1.5s', '', ' ', 'null', '\u0000', '\u202e', '𝔘𝔫𝔦', '../../etc/passwd', 'nodejs20.x', 'x'.repeat(5000)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: -5, max: 20000 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 4 }),
  fc.integer({ min: 150, max: 400 }).map(deep),
);

type Mutation =
  | { readonly kind: 'set'; readonly pick: number; readonly value: Json }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'add'; readonly pick: number; readonly key: string; readonly value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: weird }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), key: fc.string({ unit: 'grapheme', maxLength: 12 }), value: weird }),
);

/** Every place in the tree a mutation can land: [parent, key]. */
function places(root: Json): [Json[] | Record<string, Json>, string | number][] {
  const out: [Json[] | Record<string, Json>, string | number][] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach((c, i) => { out.push([v, i]); walk(c); });
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) { out.push([v, k]); walk(v[k]!); }
  };
  walk(root);
  return out;
}

function mutate(base: Record<string, Json>, ms: readonly Mutation[]): Json {
  const root = structuredClone(base) as Json;
  for (const m of ms) {
    const all = places(root);
    if (all.length === 0) break;
    const [parent, key] = all[m.pick % all.length]!;
    if (m.kind === 'set') (parent as Record<string | number, Json>)[key] = m.value;
    else if (m.kind === 'delete') { if (Array.isArray(parent)) parent.splice(key as number, 1); else delete parent[key as string]; }
    else { const target = (parent as Record<string | number, Json>)[key]; if (target !== null && typeof target === 'object' && !Array.isArray(target)) target[m.key] = m.value; }
  }
  return root;
}

interface Written { readonly file: string; readonly text: string }
let n = 0;
function write(data: Json, format: 'yaml' | 'json', cut: number | undefined): Written {
  let text = format === 'json' ? JSON.stringify(data, null, 1) : stringify(data, { aliasDuplicateObjects: false });
  // Sometimes the file is torn: a syntax error somewhere.
  if (cut !== undefined) text = text.slice(0, cut % (text.length + 1));
  const file = path.join(dir, `s${++n}.${format}`);
  fs.writeFileSync(file, text);
  return { file, text };
}

const scenarioFile = fc.record({
  base: fc.constantFrom(...BASES),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  format: fc.constantFrom('yaml' as const, 'json' as const),
  cut: fc.option(fc.nat(), { freq: 6 }),
});

/** What the promise says of any outcome. */
function judge(code: number | null, err: string, ms: number, where: string): void {
  expect([EXIT.ok, EXIT.badInput, EXIT.budget], `${where}: exit ${code}\n${err}`).toContain(code);
  expect(hasStackTrace(err), `${where}: stack trace\n${err}`).toBe(false);
  expect(err).not.toMatch(/internal error/);
  const lines = err.split('\n').filter(Boolean);
  expect(lines.length, `${where}\n${err}`).toBeLessThanOrEqual(12); // ten problems, "… and N more", a warning
  for (const line of lines) expect(line.length, `${where}: a long line\n${line.slice(0, 300)}`).toBeLessThan(600);
  expect(ms, `${where}: took ${ms} ms`).toBeLessThan(5_000);
}

describe('any scenario file, any flags', () => {
  it('estimate: exit 0, 2 or 3, short lines, no stack trace, in moments', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioFile, async ({ base, mutations, format, cut }) => {
        const { file, text } = write(mutate(base, mutations), format, cut ?? undefined);
        const t = performance.now();
        const r = await runCommand('estimate', file);
        judge(r.code, r.err, performance.now() - t, `estimate ${file}\n${text.slice(0, 500)}`);
      }),
      { numRuns: 600, seed: SEED, endOnFailure: true },
    );
  }, 60_000);

  it('run flags and --out: exit 2 at once for what is wrong, nothing run', async () => {
    const good = write(BASES[0]!, 'yaml', undefined).file;
    const flag = fc.oneof(
      // Never a valid amount: every generated set must be refused, or it would run here, in this folder.
      fc.tuple(fc.constant('--max-cost'), fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('-1', '1e400', 'NaN', '$', '0x10', '1,5'))
        .filter((v) => !/^\s*\$?\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(v))),
      fc.tuple(fc.constant('--out'), fc.constantFrom('', '/proc/self/nope', good, '/dev/null', path.join(good, 'x'))),
      fc.tuple(fc.constantFrom('--bogus', '--max-cost', '-x', '--yes=3')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(flag, { minLength: 1, maxLength: 3 }), async (flags) => {
        const args = ['run', good, ...flags.flat(), '--quiet'];
        const t = performance.now();
        const r = await runCommand(...args);
        // Every generated set holds one wrong flag or value: refused before anything runs.
        judge(r.code, r.err, performance.now() - t, args.join(' '));
        expect(r.code, `${args.join(' ')}\n${r.err}`).toBe(EXIT.badInput);
      }),
      { numRuns: 60, seed: SEED, endOnFailure: true },
    );
  }, 60_000);

  it('run --out in a temp folder, against the local target, as the executable: exit 0, 2 or 3, no stack trace', async () => {
    // Mutations of the first base that keep it small (phases untouched): payloads, names, settings, unknown keys.
    const runnable = fc.record({
      extra: fc.dictionary(fc.constantFrom('payload', 'name', 'memory', 'architecture', 'storePayloads', 'maxErrorRate', 'ephemeralStorage', 'budget', 'nonsense'), weird, { minKeys: 1, maxKeys: 3 }),
      format: fc.constantFrom('yaml' as const, 'json' as const),
    });
    let i = 0;
    await fc.assert(
      fc.asyncProperty(runnable, async ({ extra, format }) => {
        const { file } = write({ ...BASES[0]!, ...extra, budget: { maxInvocations: 20 } }, format, undefined);
        const out = path.join(dir, `out-${++i}`);
        const t = performance.now();
        const r = await runCli(['run', file, '--out', out, '--quiet'], { timeoutMs: 20_000 });
        expect([EXIT.ok, EXIT.badInput, EXIT.budget], `${file}: exit ${r.code} ${r.signal}\n${r.stderr}`).toContain(r.code);
        expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
        expect(performance.now() - t).toBeLessThan(15_000);
        if (r.code === EXIT.badInput) expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(12);
      }),
      { numRuns: 6, seed: SEED, endOnFailure: true },
    );
  }, 120_000);
});
