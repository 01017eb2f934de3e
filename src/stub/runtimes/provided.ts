// OS-only runtimes: the function brings its own ./bootstrap (any language)
// and speaks the Runtime API itself.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FunctionSnapshot } from '../engine/types';
import type { LaunchSpec, RuntimeFamily } from './types';

export const provided: RuntimeFamily = {
  name: 'provided',
  launch(fn: FunctionSnapshot): LaunchSpec {
    const bootstrap = path.join(fn.codeDir, 'bootstrap');
    try {
      fs.accessSync(bootstrap, fs.constants.X_OK);
    } catch {
      // Lambda's own wording when no executable bootstrap exists.
      throw new Error(`Couldn't find valid bootstrap(s): [${bootstrap}] (it must exist and be executable)`);
    }
    return {
      command: bootstrap,
      args: [],
      cwd: fn.codeDir,
      env: { LAMBDA_RUNTIME_DIR: fn.codeDir, PATH: '/usr/local/bin:/usr/bin:/bin' },
    };
  },
};
