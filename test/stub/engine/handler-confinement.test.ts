// Handlers resolve only inside the function's folder (issue 16): the API
// refuses absolute and `..` handlers, and the runtime clients refuse them too
// should one reach them, never loading a module outside LAMBDA_TASK_ROOT.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/stub/engine/engine';
import type { InvokeOutcome } from '../../../src/stub/engine/types';
import { FIXTURES, request, snapshot } from './helpers';

const engine = createEngine({});
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coldbench-handler-'));
afterAll(async () => {
  await engine.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Code outside the function's folder that leaves a mark when it is loaded. */
const MARK = path.join(tmp, 'loaded');
fs.mkdirSync(path.join(tmp, 'node_modules', 'evil'), { recursive: true });
const EVIL = `require('fs').writeFileSync(${JSON.stringify(MARK)}, 'x'); exports.handler = async () => 'evil';\n`;
fs.writeFileSync(path.join(tmp, 'evil.js'), EVIL);
fs.writeFileSync(path.join(tmp, 'node_modules', 'evil', 'index.js'), EVIL);
fs.writeFileSync(path.join(tmp, 'evil.py'), `open(${JSON.stringify(MARK)}, 'w').write('x')\ndef handler(e, c):\n    return 'evil'\n`);
fs.mkdirSync(path.join(tmp, 'fn'));
fs.copyFileSync(path.join(FIXTURES, 'engine-guard', 'index.js'), path.join(tmp, 'fn', 'index.js'));

function errorTypeOf(outcome: InvokeOutcome): string {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${outcome.kind}`);
  return (JSON.parse(outcome.payload.toString()) as { errorType: string }).errorType;
}

describe('engine: a handler never loads code outside the function folder', () => {
  it('refuses absolute, `..` and parent node_modules handlers in the Node.js client', async () => {
    const fnDir = path.join(tmp, 'fn');
    for (const handler of [`${tmp}/evil.handler`, '../evil.handler', 'a/../../evil.handler', 'evil.handler']) {
      const out = await engine.invoke(request(snapshot('engine-guard', { codeDir: fnDir, handler, name: `h${handler.length}` })));
      expect(errorTypeOf(out), handler).toMatch(/^Runtime\.(MalformedHandlerName|ImportModuleError)$/);
    }
    expect(fs.existsSync(MARK)).toBe(false);
    // The function's own module still loads.
    const ok = await engine.invoke(request(snapshot('engine-guard', { codeDir: fnDir, name: 'own' }), { name: 'own' }));
    expect(ok.kind === 'response' && JSON.parse(ok.payload.toString()).hello).toBe('own');
  });

  it('refuses absolute and `..` handlers in the Python client', async () => {
    for (const handler of [`${tmp}/evil.handler`, '../evil.handler']) {
      const fn = snapshot('py-values', { codeDir: path.join(FIXTURES, 'py-values'), runtime: 'python3.12', handler, name: `py${handler.length}` });
      expect(errorTypeOf(await engine.invoke(request(fn))), handler).toBe('Runtime.MalformedHandlerName');
    }
    expect(fs.existsSync(MARK)).toBe(false);
  });
});
