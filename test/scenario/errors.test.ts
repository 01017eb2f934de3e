import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';
import { ScenarioError } from '../../src/scenario/errors';

const BAD = path.resolve(__dirname, '../fixtures/scenarios/bad');

async function errorOf(file: string): Promise<ScenarioError> {
  try {
    await loadPlan(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    // The scenario says what is wrong; which exit code that is, is the CLI's to say.
    expect(err).not.toHaveProperty('exitCode');
    return err as ScenarioError;
  }
  throw new Error(`expected ${file} to be refused`);
}

// Scenarios written on the fly into a temporary folder with a code folder next to them.
const tmp = mkdtempSync(path.join(tmpdir(), 'coldbench-scenario-'));
mkdirSync(path.join(tmp, 'fn'));
// The default handler's file: scenarios are refused without it.
writeFileSync(path.join(tmp, 'fn', 'index.js'), 'exports.handler = async () => ({});\n');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function scenario(text: string, ext = 'yaml'): string {
  const file = path.join(tmp, `s${++n}.${ext}`);
  writeFileSync(file, text);
  return file;
}
const TARGET = 'target: { kind: local, code: ./fn }\n';

describe('bad scenario files', () => {
  it('names the line and field of an unknown pattern, with a suggestion', async () => {
    const err = await errorOf(path.join(BAD, 'unknown-pattern.yaml'));
    expect(err.message).toMatch(/unknown-pattern\.yaml:7: phases\[2\]\.pattern: unknown pattern "sequentail" \(did you mean "sequential"\?\) \(expected one of cold, sequential, concurrent, rate, ramp, idle-gaps, load\)$/);
  });

  it('refuses a negative count', async () => {
    const err = await errorOf(path.join(BAD, 'negative-count.yaml'));
    expect(err.message).toMatch(/negative-count\.yaml:3: phases\[0\]\.count: must be a whole number ≥ 1 \(got -4\)/);
  });

  it('reports a YAML syntax error with line and column', async () => {
    const err = await errorOf(path.join(BAD, 'syntax-error.yaml'));
    expect(err.message).toMatch(/syntax-error\.yaml:\d+:\d+: YAML syntax error: /);
    expect(err.message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a scenario without a target', async () => {
    const err = await errorOf(path.join(BAD, 'missing-target.yaml'));
    expect(err.message).toMatch(/missing-target\.yaml:\d+: target: is required/);
  });

  it('refuses memory outside 128–10240, naming each bad entry', async () => {
    const err = await errorOf(path.join(BAD, 'memory-out-of-range.yaml'));
    expect(err.problems.map((p) => [p.line, p.path.join('.')])).toEqual([[2, 'memory.1'], [2, 'memory.2']]);
    expect(err.message).toMatch(/memory-out-of-range\.yaml:2: memory\[1\]: must be a whole number of MB from 128 to 10240 \(got 64\)/);
    expect(err.message).toMatch(/memory\[2\]: .*\(got 20000\)/);
  });

  it('refuses a local target whose code folder is missing', async () => {
    const err = await errorOf(path.join(BAD, 'code-missing.yaml'));
    expect(err.message).toMatch(/code-missing\.yaml:3: target\.code: code folder not found: .*does-not-exist/);
  });

  it('refuses a missing scenario file', async () => {
    const err = await errorOf(path.join(BAD, 'nope.yaml'));
    expect(err.message).toMatch(/nope\.yaml: scenario file not found/);
  });

  it('refuses unknown top-level keys, with "did you mean"', async () => {
    const err = await errorOf(scenario(`${TARGET}memroy: 512\nphases: [{ pattern: sequential, count: 1 }]\n`));
    expect(err.message).toMatch(/:2: memroy: unknown key \(did you mean "memory"\?\)/);
  });

  it('validates options against the pattern\'s own schema', async () => {
    const err = await errorOf(scenario(`${TARGET}phases:\n  - pattern: rate\n    rate: 10\n  - pattern: concurrent\n    count: 5\n    concurency: 2\n`));
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/:3: phases\[0\]\.duration: is required/);
    expect(lines[1]).toMatch(/:5: phases\[1\]\.concurrency: is required/);
    expect(lines[2]).toMatch(/:7: phases\[1\]\.concurency: unknown option for pattern "concurrent" \(did you mean "concurrency"\?\)/);
  });

  it('refuses a pattern that cannot drive the target kind', async () => {
    const err = await errorOf(scenario('target: { kind: http, url: "http://127.0.0.1:1/" }\nphases: [{ pattern: cold, count: 1 }]\n'));
    expect(err.message).toMatch(/:2: phases\[0\]\.pattern: pattern "cold" cannot drive a http target/);
  });

  it('refuses an unknown target kind and keys that belong to another kind', async () => {
    let err = await errorOf(scenario('target: { kind: lokal, code: ./fn }\nphases: [{ pattern: sequential, count: 1 }]\n'));
    expect(err.message).toMatch(/:1: target\.kind: unknown target kind "lokal" \(did you mean "local"\?\)/);
    err = await errorOf(scenario('target:\n  kind: local\n  code: ./fn\n  region: us-east-1\nphases: [{ pattern: sequential, count: 1 }]\n'));
    expect(err.message).toMatch(/:4: target\.region: unknown key for a local target/);
  });

  it('refuses a runtime the local service does not support', async () => {
    const err = await errorOf(scenario('target: { kind: local, code: ./fn, runtime: nodejs2.x }\nphases: [{ pattern: sequential, count: 1 }]\n'));
    expect(err.message).toMatch(/:1: target\.runtime: runtime "nodejs2\.x" is not supported by the local service .*supported: .*nodejs20\.x/);
  });

  it('refuses bad durations, with the accepted forms', async () => {
    const err = await errorOf(scenario(`${TARGET}phases:\n  - { pattern: idle-gaps, gaps: [1s, "10"] }\n`));
    expect(err.message).toMatch(/:3: phases\[0\]\.gaps\[1\]: "10" is not a duration \(use a number with a unit: 500ms, 30s, 5m, 1h; a plain number means ms\)/);
  });

  it('refuses two payload forms at once and duplicate phase names', async () => {
    let err = await errorOf(scenario(`${TARGET}payload: {}\npayloadFile: ./x.json\nphases: [{ pattern: sequential, count: 1 }]\n`));
    expect(err.message).toMatch(/:3: payloadFile: use only one of payload, payloadFile and payloads/);
    err = await errorOf(scenario(`${TARGET}phases:\n  - { name: a, pattern: sequential, count: 1 }\n  - { name: a, pattern: sequential, count: 1 }\n`));
    expect(err.message).toMatch(/:4: phases\[1\]\.name: phase name "a" is used twice/);
  });

  it('refuses payload files that are missing or not JSON', async () => {
    let err = await errorOf(scenario(`${TARGET}payloadFile: ./missing.json\nphases: [{ pattern: sequential, count: 1 }]\n`));
    expect(err.message).toMatch(/:2: payloadFile: payload file not found: .*missing\.json/);
    writeFileSync(path.join(tmp, 'bad.json'), 'not json {');
    err = await errorOf(scenario(`${TARGET}payloads:\n  - { weight: 1, payload: {} }\n  - { weight: 2, payloadFile: ./bad.json }\nphases: [{ pattern: sequential, count: 1 }]\n`));
    expect(err.message).toMatch(/:4: payloads\[1\]\.payloadFile: .*bad\.json is not valid JSON/);
  });

  it('places JSON syntax errors and JSON field errors on their lines', async () => {
    let err = await errorOf(scenario('{\n  "target": { "kind": "local", "code": "./fn" },\n  "phases": [\n}\n', 'json'));
    expect(err.message).toMatch(/\.json:\d+:\d+: JSON syntax error: /);
    err = await errorOf(scenario('{\n  "target": { "kind": "local", "code": "./fn" },\n  "phases": [\n    { "pattern": "sequential", "count": 0 }\n  ]\n}\n', 'json'));
    expect(err.message).toMatch(/\.json:4: phases\[0\]\.count: must be a whole number ≥ 1 \(got 0\)/);
  });

  it('refuses a key written twice, in YAML and in JSON', async () => {
    expect((await errorOf(scenario(`${TARGET}phases: [{ pattern: sequential, count: 1 }]\nphases: []\n`))).message).toMatch(/:3:1: YAML syntax error: Map keys must be unique/);
    const err = await errorOf(scenario('{\n  "target": { "kind": "local", "code": "./fn" },\n  "phases": [{ "pattern": "sequential", "count": 1 }],\n  "target": {}\n}\n', 'json'));
    expect(err.message).toMatch(/\.json:4:\d+: the same key appears twice/);
  });

  it('refuses an empty file and a file that is not a mapping', async () => {
    expect((await errorOf(scenario(''))).message).toMatch(/the scenario is empty/);
    expect((await errorOf(scenario('- a\n- b\n'))).message).toMatch(/a scenario must be a mapping/);
  });
});
