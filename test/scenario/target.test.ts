import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/scenario/errors';
import { resolvePayloads } from '../../src/scenario/payloads';
import { targetSchemas } from '../../src/scenario/schema';
import { resolveTarget } from '../../src/scenario/target';

const FIXTURES = path.resolve(__dirname, '../fixtures/scenarios');

describe('resolveTarget', () => {
  it('http: POST with a body (text as written, anything else as JSON), GET without; headers as text', async () => {
    const problems: Problem[] = [];
    const withBody = await resolveTarget(targetSchemas.http.parse({
      kind: 'http', url: 'https://abc.lambda-url.us-east-1.on.aws/', body: { a: 1 }, headers: { 'x-n': 1 },
    }), FIXTURES, problems);
    expect(withBody).toEqual({
      kind: 'http', url: 'https://abc.lambda-url.us-east-1.on.aws/', method: 'POST',
      headers: { 'x-n': '1' }, body: Buffer.from('{"a":1}'),
    });
    const text = await resolveTarget(targetSchemas.http.parse({ kind: 'http', url: 'http://127.0.0.1:1/', body: 'plain' }), FIXTURES, problems);
    expect(text.kind === 'http' && text.body?.toString()).toBe('plain');
    const bare = await resolveTarget(targetSchemas.http.parse({ kind: 'http', url: 'http://127.0.0.1:1/', method: 'PUT' }), FIXTURES, problems);
    expect(bare).toEqual({ kind: 'http', url: 'http://127.0.0.1:1/', method: 'PUT', headers: {} });
    const get = await resolveTarget(targetSchemas.http.parse({ kind: 'http', url: 'http://127.0.0.1:1/' }), FIXTURES, problems);
    expect(get.kind === 'http' && get.method).toBe('GET');
    expect(problems).toEqual([]);
  });

  it('local: a code path that is a file is refused', async () => {
    const problems: Problem[] = [];
    await resolveTarget(targetSchemas.local.parse({ kind: 'local', code: './functions/hello/index.js' }), FIXTURES, problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toEqual(['target', 'code']);
    expect(problems[0]!.message).toMatch(/must be a folder/);
  });
});

describe('resolvePayloads', () => {
  it('Lambda payloads default to {} and are JSON; http payloads keep text and have no default', async () => {
    const problems: Problem[] = [];
    expect((await resolvePayloads([], true, FIXTURES, problems)).map((p) => p.body.toString())).toEqual(['{}']);
    expect(await resolvePayloads([], false, FIXTURES, problems)).toEqual([]);
    const refs = [
      { weight: 2, inline: 'hi', path: ['payloads', 0] },
      { weight: 1, file: './payloads/bad.json', path: ['payloads', 1] },
    ] as const;
    const http = await resolvePayloads(refs, false, FIXTURES, problems);
    expect(http.map((p) => [p.weight, p.body.toString().trim()])).toEqual([[2, 'hi'], [1, 'not json {']]);
    expect(problems).toEqual([]);
    const lambda = await resolvePayloads(refs, true, FIXTURES, problems);
    expect(lambda.map((p) => p.body.toString())).toEqual(['"hi"']);
    expect(problems.map((p) => p.path)).toEqual([['payloads', 1]]);
  });
});
