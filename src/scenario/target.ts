// A checked target becomes the scenario's TargetSpec: the code folder resolved
// and checked, the local runtime checked against the local service, http defaults.

import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { RUNTIMES, isRuntime } from '../lambda/runtimes';
import type { Problem } from './errors';
import { MEMORY_DEFAULT_MB } from '../lambda/limits';
import { LOCAL_DEFAULT_HANDLER, LOCAL_DEFAULT_RUNTIME, missingHandlerFile, peekFunctionJson, type FunctionJsonPeek } from './handler-file';
import { didYouMean } from './suggest';
import type { TargetSpec } from './types';
import type { CheckedTarget } from './validate';

/** `dir`: the scenario file's folder. Problems are pushed; the spec is returned either way. */
export async function resolveTarget(t: CheckedTarget, dir: string, problems: Problem[]): Promise<TargetSpec> {
  switch (t.kind) {
    case 'local': {
      const codeDir = path.resolve(dir, t.code);
      const kind = await statKind(codeDir);
      if (kind !== 'dir') {
        problems.push({
          path: ['target', 'code'],
          message: kind === 'missing' ? `code folder not found: ${codeDir}` : `must be a folder with the function's code, but ${codeDir} is a file`,
        });
      }
      if (t.runtime !== undefined && !isRuntime(t.runtime)) {
        const known = RUNTIMES;
        problems.push({
          path: ['target', 'runtime'],
          message: `runtime "${t.runtime}" is not supported by the local service${didYouMean(t.runtime, known)} (supported: ${known.join(', ')})`,
        });
      }
      let json: FunctionJsonPeek = {};
      if (kind === 'dir') {
        json = await peekFunctionJson(codeDir);
        const handler = t.handler ?? json.handler ?? LOCAL_DEFAULT_HANDLER;
        const missing = await missingHandlerFile(codeDir, handler, t.runtime ?? json.runtime ?? LOCAL_DEFAULT_RUNTIME);
        // Named at the scenario's handler when it set one, else at the code folder (the handler came from function.json or the default).
        if (missing !== undefined) problems.push({ path: ['target', t.handler !== undefined ? 'handler' : 'code'], message: missing });
      }
      return {
        kind: 'local',
        function: t.function ?? path.basename(codeDir),
        codeDir,
        ...(t.handler !== undefined ? { handler: t.handler } : {}),
        ...(t.runtime !== undefined ? { runtime: t.runtime } : {}),
        ...(t.timeout !== undefined ? { timeoutSec: t.timeout } : {}),
        ...(t.environment !== undefined ? { environment: t.environment } : {}),
        ...(t.invocationTimeout !== undefined ? { invocationTimeoutMs: t.invocationTimeout } : {}),
        ...(t.responseStreaming === true ? { responseStreaming: true } : {}),
        ...(t.strict === true ? { strict: true } : {}),
        memoryMb: json.memoryMb ?? MEMORY_DEFAULT_MB,
      };
    }
    case 'aws': {
      // Checked, it is the spec but for the timeout's name, which says its unit.
      const { invocationTimeout, ...rest } = t;
      return { ...rest, ...(invocationTimeout !== undefined ? { invocationTimeoutMs: invocationTimeout } : {}) };
    }
    case 'http':
      return {
        kind: 'http',
        url: t.url,
        method: t.method ?? (t.body !== undefined ? 'POST' : 'GET'),
        headers: t.headers ?? {},
        ...(t.body !== undefined ? { body: httpBody(t.body) } : {}),
        ...(t.function !== undefined ? { function: t.function } : {}),
        ...(t.region !== undefined ? { region: t.region } : {}),
        ...(t.endpoint !== undefined ? { endpoint: t.endpoint } : {}),
      };
  }
}

/** HTTP bodies are sent as written when they are text; anything else as JSON. */
function httpBody(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

async function statKind(p: string): Promise<'dir' | 'file' | 'missing'> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}
