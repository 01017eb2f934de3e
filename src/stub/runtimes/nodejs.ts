// Node.js runtimes: the function runs under our own runtime client
// (runtime-client.cjs, plain JS so a child starts in a few milliseconds), on
// the node node-binary.ts chooses for its runtime.

import * as path from 'node:path';
import type { FunctionSnapshot } from '../engine/types';
import { createNodeBinaryChooser } from './node-binary';
import type { LaunchSpec, RuntimeFamily } from './types';

/**
 * Resolved relative to this file so it works from src/ (vitest) and from
 * dist/ (scripts/copy-assets.js copies the .cjs next to the compiled .js).
 */
export const NODE_RUNTIME_CLIENT = path.join(__dirname, 'nodejs', 'runtime-client.cjs');

/** Which node runs each Node.js runtime (node-binary.ts): COLDBENCH_NODE, a matching node, else this one with a note. */
const binaries = createNodeBinaryChooser();

export const nodejs: RuntimeFamily = {
  name: 'nodejs',
  launch(fn: FunctionSnapshot): LaunchSpec {
    const node = binaries.choose(fn.runtime).binary.command;
    return {
      command: node,
      args: [NODE_RUNTIME_CLIENT],
      cwd: fn.codeDir,
      env: {
        AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
        LAMBDA_RUNTIME_DIR: path.dirname(NODE_RUNTIME_CLIENT),
        // Lambda puts its language binaries first (/var/lang/bin): here, this node.
        PATH: `${path.dirname(node)}:/usr/local/bin:/usr/bin:/bin`,
        NODE_PATH: fn.codeDir,
      },
    };
  },
  check(): string | undefined {
    const major = Number(process.versions.node.split('.')[0]);
    return major < 18 ? `Node.js runtimes run on this machine's Node ${process.versions.node}, older than any Lambda Node runtime` : undefined;
  },
  notes(runtime: string): readonly string[] {
    const note = binaries.choose(runtime).note;
    return note === undefined ? [] : [note];
  },
};
