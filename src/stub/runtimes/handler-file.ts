// Whether a package has the file its handler names, checked when code is
// deployed (CreateFunction, UpdateFunctionCode) so that a typo is refused at
// once rather than at the first invocation. Lambda itself accepts such a
// package and fails each invocation with Runtime.ImportModuleError (Node.js,
// Python) or "Couldn't find valid bootstrap(s)" (provided); the service
// refuses earlier and says which file is missing.
// Module resolution as the runtime clients do it:
// - Node.js: `dir/file.fn` loads dir/file.js, .mjs or .cjs from the task root,
//   or the folder dir/file as require() does
//   (aws-lambda-nodejs-runtime-interface-client, src/UserFunction.js);
// - Python: `pkg.mod.fn` or `pkg/mod.fn` imports pkg/mod (a .py file, a
//   package folder or a compiled module) (awslambdaric/bootstrap.py);
// - provided: an executable `bootstrap` at the root of the package.

import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { runtimeFamilyOf } from '../../lambda/runtimes';

const exists = (p: string, mode: number = constants.F_OK): Promise<boolean> => access(p, mode).then(() => true, () => false);

/** Why the package in `codeDir` cannot run `handler` on `runtime`, or undefined when it has the file. */
export async function handlerFileProblem(codeDir: string, runtime: string, handler: string): Promise<string | undefined> {
  const family = runtimeFamilyOf(runtime);
  if (family === 'provided') {
    const bootstrap = path.join(codeDir, 'bootstrap');
    if (await exists(bootstrap, constants.X_OK)) return undefined;
    return (await exists(bootstrap))
      ? 'The package\'s bootstrap is not executable; a function of an OS-only runtime must have an executable file named bootstrap at the root of its package (zip it with its mode, e.g. chmod 755 bootstrap before zip).'
      : 'The package has no file named bootstrap at its root; a function of an OS-only runtime must bring an executable bootstrap.';
  }
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return `Handler '${handler}' must be a module and a function name separated by a dot, e.g. index.handler.`;
  const modulePath = handler.slice(0, dot);
  if (family === 'nodejs') {
    const candidates = ['.js', '.mjs', '.cjs'].map((ext) => `${modulePath}${ext}`);
    // The client also loads an extensionless file, and falls back to require.resolve from the
    // task root: a folder (its package.json or index file) or a package in node_modules.
    const others = [modulePath, `node_modules/${modulePath}`, ...['package.json', 'index.js', 'index.cjs'].map((f) => `${modulePath}/${f}`)];
    for (const c of [...candidates, ...others]) if (await exists(path.join(codeDir, c))) return undefined;
    return `Handler '${handler}' names a module the package does not have: none of ${candidates.join(', ')} is in it (Lambda would fail every invocation with Runtime.ImportModuleError).`;
  }
  if (family === 'python') {
    const rel = modulePath.replace(/\./g, '/');
    const dir = path.join(codeDir, path.dirname(rel));
    const base = path.basename(rel);
    if (await exists(path.join(dir, base))) return undefined; // a package folder
    const names = await readdir(dir).catch(() => [] as string[]);
    // mod.py, mod.pyc, or a compiled mod.cpython-312-x86_64-linux-gnu.so
    if (names.some((n) => n === `${base}.py` || n === `${base}.pyc` || (n.startsWith(`${base}.`) && n.endsWith('.so')))) return undefined;
    return `Handler '${handler}' names a module the package does not have: ${rel}.py is not in it (Lambda would fail every invocation with Runtime.ImportModuleError).`;
  }
  return undefined;
}
