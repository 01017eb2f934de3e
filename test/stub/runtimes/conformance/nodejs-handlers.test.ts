// Node.js runtime conformance: handler strings, module formats and their
// precedence, and the errors of a handler that cannot be loaded, as AWS's
// Node.js runtime interface client states them
// (aws/aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js,
// test/unit/UserFunctionTest.js and its test/handlers/; src/InvokeContext.js,
// test/unit/InvokeContextTest.js; src/WarningForCallbackHandlers.js,
// test/unit/WarningForCallbackHandlersTest.js). The functions' code is written
// here for each case, after the RIC's test handlers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConformance, textLines, type NodeFunction } from './helpers';

const ECHO_CJS = `exports.echo = async (event) => event;\nexports.noFunctionHandler = 'not a function';\n`;
const NESTED = `module.exports = { nested: { somethingComplex: { handler: async () => 'something interesting' } } };\n`;
const TYPE_MODULE = JSON.stringify({ name: 'esm-package', type: 'module' });
const CJS_EXPORT = (text: string): string => `'use strict';\nmodule.exports.handler = async () => ${JSON.stringify(text)};\n`;
const ESM_EXPORT = (text: string): string => `export const handler = async () => ${JSON.stringify(text)};\n`;

/** Functions that load, and what their handler answers to `{"echo": 1}`. */
const loads: ReadonlyArray<readonly [string, NodeFunction, unknown]> = [
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should successfully load a user function")
  ['a CommonJS .js module', { handler: 'core.echo', files: { 'core.js': ECHO_CJS } }, { echo: 1 }],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should successfully load a user function nested in an object")
  ['a handler nested in objects', { handler: 'nestedHandler.nested.somethingComplex.handler', files: { 'nestedHandler.js': NESTED } }, 'something interesting'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should successfully load a user function with a path to the module")
  ['a module in a folder', { handler: 'handlers/nestedHandler.nested.somethingComplex.handler', files: { 'handlers/nestedHandler.js': NESTED } }, 'something interesting'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("...in an ES module in a file with .mjs extension")
  ['an ES module in a .mjs file', { handler: 'esModule.echo', files: { 'esModule.mjs': 'export const echo = async (event) => event;\n' } }, { echo: 1 }],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("...CommonJS module in a file with .cjs extension")
  ['a CommonJS module in a .cjs file', { handler: 'cjsModule.echo', files: { 'cjsModule.cjs': ECHO_CJS } }, { echo: 1 }],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should default to load the cjs module without extension": an extensionless file comes before .js and the rest)
  ['an extensionless file before .js, .mjs and .cjs', {
    handler: 'precedence.handler',
    files: { precedence: CJS_EXPORT('no suffix'), 'precedence.js': CJS_EXPORT('.js'), 'precedence.mjs': ESM_EXPORT('.mjs'), 'precedence.cjs': CJS_EXPORT('.cjs') },
  }, 'no suffix'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should default to load the .js file over the .mjs module")
  ['.js before .mjs', { handler: 'both.handler', files: { 'both.js': CJS_EXPORT('.js'), 'both.mjs': ESM_EXPORT('.mjs') } }, '.js'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should default to load the .mjs file over the .cjs module")
  ['.mjs before .cjs', { handler: 'both.handler', files: { 'both.mjs': ESM_EXPORT('.mjs'), 'both.cjs': CJS_EXPORT('.cjs') } }, '.mjs'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should support init": top-level await in a .mjs module)
  ['a .mjs module with top-level await', {
    handler: 'asyncInit.handler',
    files: { 'asyncInit.mjs': `let ready = false;\nawait new Promise((r) => setTimeout(r, 100));\nready = true;\nexport const handler = async () => (ready ? 'Hi' : 'not awaited');\n` },
  }, 'Hi'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should support init in .js files in packages using the module type")
  ['a .js ES module in a "type": "module" package', {
    files: { 'package.json': TYPE_MODULE, 'index.js': `await new Promise((r) => setTimeout(r, 50));\nexport const handler = async () => 'Hi';\n` },
  }, 'Hi'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("...in packages using the module type, nested even more + moduleRoot": the nearest package.json, without "type", makes CommonJS)
  ['a .js file under a nearer package.json without "type" inside a module package', {
    handler: 'even/more/index.handler',
    files: { 'package.json': TYPE_MODULE, 'even/package.json': '{}', 'even/more/index.js': 'exports.handler = async () => 42;\n' },
  }, 42],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should use commonjs when package.json cannot be read": a "type" that is not "module")
  ['a .js file whose package.json has another "type"', {
    handler: 'index.ret42',
    files: { 'package.json': JSON.stringify({ type: 'Ceci n’est pas une module' }), 'index.js': `'use strict';\nexports.ret42 = async () => 42;\n` },
  }, 42],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should use commonjs when node_modules is reached before package.json")
  ['a .js file under node_modules inside a module package', {
    handler: 'node_modules/index.ret42',
    files: { 'package.json': TYPE_MODULE, 'node_modules/index.js': 'exports.ret42 = async () => 42;\n' },
  }, 42],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should successfully load a user function exported as 'default'")
  ['a CommonJS export named default', { handler: 'defaultHandler.default', files: { 'defaultHandler.js': 'exports.default = async () => 42;\n' } }, 42],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("...exported as 'default', esm")
  ['an ES module default export', { handler: 'defaultHandlerESM.default', files: { 'defaultHandlerESM.mjs': 'export default async () => 42;\n' } }, 42],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should successfully load a CJS handler from extensionless file (no package.json)")
  ['an extensionless CommonJS file', { handler: 'index.handler', files: { index: CJS_EXPORT('Hello from extensionless CJS') } }, 'Hello from extensionless CJS'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should load CJS handler from extensionless file with type:module": package.json is ignored for extensionless files)
  ['an extensionless CommonJS file in a module package', {
    handler: 'cjs.handler', files: { 'package.json': TYPE_MODULE, cjs: CJS_EXPORT('Hello from extensionless CJS') },
  }, 'Hello from extensionless CJS'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should load CJS handler from JS file with type:commonjs")
  ['a .js file in a "type": "commonjs" package', {
    handler: 'cjsModule.handler', files: { 'package.json': JSON.stringify({ type: 'commonjs' }), 'cjsModule.js': CJS_EXPORT('Hello from CJS.js') },
  }, 'Hello from CJS.js'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should successfully load ESM handler importing from CJS")
  ['a .mjs module importing a CommonJS one', {
    handler: 'esmImportCjs.handler',
    files: { 'esmImportCjs.mjs': `import cjs from './cjsModule.cjs';\nexport const handler = async () => cjs.getMessage();\n`, 'cjsModule.cjs': `exports.getMessage = () => 'Hello from CJS!';\n` },
  }, 'Hello from CJS!'],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (FUNCTION_EXPR allows an empty module name: the function's folder itself is required, through its index.js)
  ['an empty module name, as the function\'s folder', { handler: '.handler', files: { 'index.js': CJS_EXPORT('from the folder\'s index.js') } }, 'from the folder\'s index.js'],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (_tryRequireFile: an existing path without extension is required, a folder too)
  ['a folder named by the handler, through its index.js', { handler: 'lib.handler', files: { 'lib/index.js': CJS_EXPORT('from lib/index.js') } }, 'from lib/index.js'],
];

/** Functions whose init fails, and the error document that says why. */
const fails: ReadonlyArray<readonly [string, NodeFunction, string, string | RegExp]> = [
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should throw a MalformedHandlerName error if the handler string contains '..'")
  ['".." in the function part', { handler: 'malformed..handler', files: { 'malformed.js': ECHO_CJS } },
    'Runtime.MalformedHandlerName', "'malformed..handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names."],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (_throwIfInvalidHandler: '..' anywhere in the string)
  ['".." inside a folder name', { handler: 'lib..v2/index.handler', files: { 'lib..v2/index.js': ECHO_CJS } },
    'Runtime.MalformedHandlerName', "'lib..v2/index.handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names."],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should throw a MalformedHandlerName error if the handler string does not contain a dot")
  ['no dot', { handler: 'malformedHandler', files: { 'malformedHandler.js': ECHO_CJS } }, 'Runtime.MalformedHandlerName', 'Bad handler'],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (FUNCTION_EXPR: a trailing dot names the empty property)
  ['a trailing dot', { handler: 'core.', files: { 'core.js': ECHO_CJS } }, 'Runtime.HandlerNotFound', 'core. is undefined or not exported'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should throw a ImportModuleError error if the module does not exists")
  ['a module that does not exist', { handler: 'noModule.echo', files: { 'core.js': ECHO_CJS } },
    'Runtime.ImportModuleError', /^Error: Cannot find module 'noModule'\nRequire stack:\n- /],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should throw a HandlerNotFound error if the handler does not exists")
  ['a nested handler that does not exist', { handler: 'nestedHandler.nested.somethingComplex.nonHandler', files: { 'nestedHandler.js': NESTED } },
    'Runtime.HandlerNotFound', 'nestedHandler.nested.somethingComplex.nonHandler is undefined or not exported'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should throw a HandlerNotFound error if the handler is not a function")
  ['an export that is not a function', { handler: 'core.noFunctionHandler', files: { 'core.js': ECHO_CJS } },
    'Runtime.HandlerNotFound', 'core.noFunctionHandler is not a function'],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (load: `!handlerFunc`, so a null export is "undefined or not exported")
  ['a null export', { files: { 'index.js': 'exports.handler = null;\n' } }, 'Runtime.HandlerNotFound', 'index.handler is undefined or not exported'],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (_resolveHandler reads the module's namespace: a default export's properties are not exports)
  ['a handler inside an ES module\'s default export', { handler: 'index.handler', files: { 'index.mjs': 'export default { handler: async () => 1 };\n' } },
    'Runtime.HandlerNotFound', 'index.handler is undefined or not exported'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should bubble up rejections occurred during init as errors")
  ['a rejection of top-level await', {
    handler: 'asyncInitRejection.handler',
    files: { 'asyncInitRejection.mjs': `class AsyncInitRejectionException extends Error { constructor(m) { super(m); this.name = this.constructor.name; } }\nawait new Promise((_, reject) => setTimeout(() => reject(new AsyncInitRejectionException('Oh noes! something bad happened')), 50));\nexport const handler = async () => 'Hi';\n` },
  }, 'AsyncInitRejectionException', 'Oh noes! something bad happened'],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should not load a CommonJS module if the package has the module type defined")
  ['CommonJS in a .js file of a module package', { handler: 'cjsModuleInEsmPackage.echo', files: { 'package.json': TYPE_MODULE, 'cjsModuleInEsmPackage.js': ECHO_CJS } },
    'ReferenceError', /exports is not defined in ES module scope/],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should fail to load ESM handler from JS file with type:commonjs")
  ['ES syntax in a .js file of a commonjs package', { handler: 'esmModule.handler', files: { 'package.json': JSON.stringify({ type: 'commonjs' }), 'esmModule.js': ESM_EXPORT('ESM') } },
    'Runtime.UserCodeSyntaxError', /^SyntaxError: Unexpected token 'export'/],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should fail to load CJS handler from JS file with type:module")
  ['module.exports in a .js file of a module package', { handler: 'cjsModule.handler', files: { 'package.json': TYPE_MODULE, 'cjsModule.js': CJS_EXPORT('CJS') } },
    'ReferenceError', /module is not defined in ES module scope/],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should fail to load CJS handler from MJS file without type context")
  ['module.exports in a .mjs file', { handler: 'cjsInMjs.handler', files: { 'cjsInMjs.mjs': CJS_EXPORT('CJS') } },
    'ReferenceError', /module is not defined in ES module scope/],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should fail to load ESM handler from CJS file without type context")
  ['ES syntax in a .cjs file', { handler: 'esmInCjs.handler', files: { 'esmInCjs.cjs': ESM_EXPORT('ESM') } },
    'Runtime.UserCodeSyntaxError', /^SyntaxError: Unexpected token 'export'/],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should fail when CJS tries to import from ESM using static import")
  ['a static import in a .cjs file', {
    handler: 'cjsImportESM.handler',
    files: { 'cjsImportESM.cjs': `import { getMessage } from './esmModule.mjs';\nmodule.exports.handler = async () => getMessage();\n`, 'esmModule.mjs': `export const getMessage = () => 'ESM';\n` },
  }, 'Runtime.UserCodeSyntaxError', /^SyntaxError: Cannot use import statement outside a module/],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/UserFunctionTest.js ("should fail when using require in .mjs")
  ['require in a .mjs file', { handler: 'esmRequireCjs.handler', files: { 'esmRequireCjs.mjs': `const cjs = require('./c.cjs');\nexport const handler = async () => cjs;\n`, 'c.cjs': 'exports.a = 1;\n' } },
    'ReferenceError', /require is not defined in ES module scope/],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (_loadUserApp: only MODULE_NOT_FOUND becomes ImportModuleError; an ES import's ERR_MODULE_NOT_FOUND stays an Error)
  ['an ES import of a package that is not there', { handler: 'index.handler', files: { 'index.mjs': `import missing from 'not-installed-anywhere';\nexport const handler = async () => missing;\n` } },
    'Error', /^Cannot find package 'not-installed-anywhere' imported from \//],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (_loadUserApp: a require of a missing package is MODULE_NOT_FOUND)
  ['a require of a package that is not there', { files: { 'index.js': `const missing = require('not-installed-anywhere');\nexports.handler = async () => missing;\n` } },
    'Runtime.ImportModuleError', /^Error: Cannot find module 'not-installed-anywhere'\nRequire stack:/],
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (_loadUserApp: a SyntaxError becomes UserCodeSyntaxError, its message the error as a string)
  ['a syntax error', { files: { 'index.js': 'exports.handler = async () => {;\n' } }, 'Runtime.UserCodeSyntaxError', /^SyntaxError: /],
];

const CALLBACK_WARNING = 'AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24.';
const warnings: ReadonlyArray<readonly [string, NodeFunction, boolean]> = [
  // aws-lambda-nodejs-runtime-interface-client: test/unit/WarningForCallbackHandlersTest.js (isAsyncCallback.handler, no variable)
  ['a callback handler', { files: { 'index.js': 'exports.handler = (event, context, callback) => callback(null, 1);\n' } }, true],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/WarningForCallbackHandlersTest.js (isAsyncCallback.handler with AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING)
  ['a callback handler with AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING', {
    environment: { AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING: '1' }, files: { 'index.js': 'exports.handler = (event, context, callback) => callback(null, 1);\n' },
  }, false],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/WarningForCallbackHandlersTest.js (isAsync.handlerAsync)
  ['an async handler with three parameters', { files: { 'index.js': 'exports.handler = async (event, context, callback) => 1;\n' } }, false],
  // aws-lambda-nodejs-runtime-interface-client: test/unit/WarningForCallbackHandlersTest.js (defaultHandler.default)
  ['a handler without parameters', { files: { 'index.js': 'exports.handler = () => 1;\n' } }, false],
];

const fnName = (group: string, i: number): string => `${group}-${i}`;

const CONTEXT_KEYS = [
  'callbackWaitsForEmptyEventLoop', 'succeed', 'fail', 'done', 'functionVersion', 'functionName', 'memoryLimitInMB',
  'logGroupName', 'logStreamName', 'clientContext', 'identity', 'invokedFunctionArn', 'awsRequestId', 'tenantId', 'getRemainingTimeInMillis',
];

let svc: NodeConformance;
beforeAll(async () => {
  const functions: Record<string, NodeFunction> = {
    'ctx': {
      timeout: 5,
      files: {
        'index.js': `exports.handler = async (event, context) => {
          const before = context.getRemainingTimeInMillis();
          await new Promise((r) => setTimeout(r, 110));
          const after = context.getRemainingTimeInMillis();
          return { keys: Object.keys(context), json: JSON.parse(JSON.stringify(context)), before, after, tenantId: context.tenantId,
            hasTenantKey: 'tenantId' in context, identity: context.identity === undefined ? 'undefined' : context.identity,
            clientContext: context.clientContext === undefined ? 'undefined' : context.clientContext,
            globalRequestId: global[Symbol.for('aws.lambda.runtime.requestId')] };
        };`,
      },
    },
  };
  functions['pj-broken'] = { files: { 'package.json': '{ not json', 'index.js': 'exports.handler = async () => 42;\n' } };
  loads.forEach(([, fn], i) => { functions[fnName('load', i)] = fn; });
  fails.forEach(([, fn], i) => { functions[fnName('fail', i)] = fn; });
  warnings.forEach(([, fn], i) => { functions[fnName('warn', i)] = fn; });
  svc = await NodeConformance.start(functions);
});
afterAll(async () => { await svc?.close(); });

describe('Node.js handler strings and module formats', () => {
  it.each(loads.map(([what, , expected], i) => [what, i, expected] as const))('loads %s', async (_what, i, expected) => {
    const r = await svc.invoke(fnName('load', i), { echo: 1 });
    expect(r.functionError).toBeUndefined();
    expect(r.payload).toEqual(expected);
  });

  it.each(fails.map(([what, , type, message], i) => [what, i, type, message] as const))('refuses %s', async (_what, i, errorType, message) => {
    const r = await svc.invoke(fnName('fail', i));
    expect(r.functionError).toBe('Unhandled');
    const doc = r.payload as { errorType: string; errorMessage: string; trace: string[] };
    expect(doc.errorType).toBe(errorType);
    if (typeof message === 'string') expect(doc.errorMessage).toBe(message);
    else expect(doc.errorMessage).toMatch(message);
    expect(Array.isArray(doc.trace)).toBe(true);
    // aws-lambda-nodejs-runtime-interface-client: src/index.mjs (the load's error is logged as an uncaught exception, before any request id).
    const logged = textLines(r.log.split('\n')).find((l) => l.message.startsWith('Uncaught Exception \t'));
    expect(logged).toMatchObject({ requestId: 'undefined', level: 'ERROR' });
  });
});

describe('Node.js package.json that cannot be read', () => {
  // aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js (_hasFolderPackageJsonTypeModule: warns and takes it as CommonJS;
  // then Node's own require reads it and fails, a SyntaxError that _loadUserApp makes UserCodeSyntaxError)
  it('is warned about at init, and the require that reads it fails as Runtime.UserCodeSyntaxError', async () => {
    const r = await svc.invoke('pj-broken');
    expect(r.payload).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: expect.stringMatching(/^SyntaxError: Error parsing \/.*\/package\.json: /) });
    const warning = textLines(r.log.split('\n')).find((l) => l.level === 'WARN');
    expect(warning?.message).toMatch(/\/package\.json cannot be read, it will be ignored for ES module detection purposes\. SyntaxError: /);
  });
});

describe('Node.js callback handler warning', () => {
  it.each(warnings.map(([what, , warns], i) => [what, warns, i] as const))('%s: warned at init = %s', async (_what, warns, i) => {
    const r = await svc.invoke(fnName('warn', i));
    expect(r.functionError).toBeUndefined();
    const warning = textLines(r.log.split('\n')).find((l) => l.message.startsWith(CALLBACK_WARNING));
    if (warns) expect(warning).toMatchObject({ level: 'WARN', requestId: 'undefined' });
    else expect(warning).toBeUndefined();
  });
});

describe('Node.js context', () => {
  // aws-lambda-nodejs-runtime-interface-client: src/CallbackContext.js and src/InvokeContext.js (attachEnvironmentData: the fields and their order)
  it('has the RIC\'s fields in the RIC\'s order, tenantId undefined without a tenant', async () => {
    const r = await svc.invoke('ctx');
    const out = r.payload as { keys: string[]; json: Record<string, unknown>; tenantId: unknown; hasTenantKey: boolean; identity: unknown; globalRequestId: string };
    expect(out.keys).toEqual(CONTEXT_KEYS);
    expect(Object.keys(out.json)).toEqual(['callbackWaitsForEmptyEventLoop', 'functionVersion', 'functionName', 'memoryLimitInMB', 'logGroupName', 'logStreamName', 'invokedFunctionArn', 'awsRequestId']);
    expect(out.json).toMatchObject({ callbackWaitsForEmptyEventLoop: true, functionVersion: '$LATEST', functionName: 'ctx', memoryLimitInMB: '128', awsRequestId: r.requestId });
    expect(out.hasTenantKey).toBe(true);
    expect(out.tenantId).toBeUndefined();
    expect(out.identity).toBe('undefined');
    // aws-lambda-nodejs-runtime-interface-client: src/LogPatch.js: the request id the log lines carry is on the global object.
    expect(out.globalRequestId).toBe(r.requestId);
  });

  // aws-lambda-nodejs-runtime-interface-client: test/unit/InvokeContextTest.js ("should reduce by at least elapsed time", "should be within range")
  it('getRemainingTimeInMillis is within the timeout and falls by at least the time elapsed', async () => {
    const r = await svc.invoke('ctx');
    const out = r.payload as { before: number; after: number };
    expect(out.before).toBeGreaterThan(0);
    expect(out.before).toBeLessThanOrEqual(r.timeoutMs);
    expect(out.before - out.after).toBeGreaterThanOrEqual(110 - 1);
  });

  // aws-lambda-nodejs-runtime-interface-client: src/InvokeContext.js (_headerData: clientContext parsed from its header)
  it('clientContext is the caller\'s ClientContext, parsed', async () => {
    const clientContext = { custom: { tenant: 't1' }, env: { locale: 'en' } };
    const r = await svc.invoke('ctx', {}, { clientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') });
    expect((r.payload as { clientContext: unknown }).clientContext).toMatchObject(clientContext);
  });
});
