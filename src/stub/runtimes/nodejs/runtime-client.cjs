'use strict';
// coldbench's Node.js runtime client: loads the function's handler and serves
// invocations over the Lambda Runtime API with the semantics of AWS's Node.js
// runtime interface client (aws/aws-lambda-nodejs-runtime-interface-client,
// "the RIC" below): handler strings and module formats (UserFunction.js),
// context and callbacks (CallbackContext.js, InvokeContext.js, Runtime.js,
// BeforeExitListener.js), console format and levels (LogPatch.js), error
// documents (Errors.js). Each section names the file it follows; the cases
// that hold it to them are test/stub/runtimes/conformance/nodejs-*.test.ts.
// Plain CommonJS with core modules only, because every millisecond spent here
// is part of the Init Duration that coldbench measures.
//
// It talks HTTP/1.1 over one keep-alive socket and writes each result
// together with the next /next request in a single write: one syscall and one
// wake-up of the service per invocation instead of two.

const net = require('net');
const fs = require('fs');
const path = require('path');
const { format, types } = require('util');
const streaming = require('./streaming.cjs');

const env = process.env;
const API_ADDRESS = env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001';
// host:port, then an optional path prefix that goes before every route (the
// local service puts a per-environment secret there); AWS's clients build
// `http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/...`, which keeps it too.
const API_SLASH = API_ADDRESS.indexOf('/');
const API = API_SLASH < 0 ? API_ADDRESS : API_ADDRESS.slice(0, API_SLASH);
const API_PATH = API_SLASH < 0 ? '' : API_ADDRESS.slice(API_SLASH).replace(/\/+$/, '');
const TASK_ROOT = env.LAMBDA_TASK_ROOT || process.cwd();
const HANDLER = env._HANDLER || '';
const FUNCTION_NAME = env.AWS_LAMBDA_FUNCTION_NAME;
const FUNCTION_VERSION = env.AWS_LAMBDA_FUNCTION_VERSION;
const MEMORY = env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE;
const LOG_GROUP = env.AWS_LAMBDA_LOG_GROUP_NAME;
const LOG_STREAM = env.AWS_LAMBDA_LOG_STREAM_NAME;

const PREFIX = API_PATH + '/2018-06-01/runtime';
const HEAD_END = Buffer.from('\r\n\r\n');
const NEXT = 'GET ' + PREFIX + '/invocation/next HTTP/1.1\r\nHost: ' + API + '\r\n\r\n';

// ---------------------------------------------------------------- logging (LogPatch.js)

// The RIC keeps the request and tenant ids on the global object under these
// symbols, so that code of the function (or a logging library) reads the same.
const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');
const TENANT_ID = Symbol.for('aws.lambda.runtime.tenantId');

/**
 * The log format and level Lambda gives the runtime (LoggingConfig): JSON
 * lines instead of tab-separated text, and console methods below the level
 * doing nothing (console.fatal always writes). Unset, every level is written.
 */
const JSON_LOGS = (env.AWS_LAMBDA_LOG_FORMAT || '').toUpperCase() === 'JSON';
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const MIN_LEVEL = LEVELS[(env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase()] || LEVELS.TRACE;

function writeOut(text) {
  try {
    fs.writeSync(1, text);
  } catch (e) {
    // A non-blocking stdout (rare) can refuse a synchronous write.
    if (e && e.code === 'EAGAIN') process.stdout.write(text);
    else throw e;
  }
}

/** `<timestamp>\t<requestId>\t<LEVEL>\t<message>`; a call without arguments prints "undefined", as util.format(undefined) does. */
function textLine(level, args) {
  let line = new Date().toISOString() + '\t' + global[REQUEST_ID] + '\t' + level + '\t' + (args.length === 0 ? 'undefined' : format.apply(null, args));
  // One console call is one log event: inner newlines become \r.
  if (line.indexOf('\n') !== -1) line = line.replace(/\n/g, '\r');
  writeOut(line + '\n');
}

/** Errors inside a logged value become {errorType, errorMessage, stackTrace, …their own fields}. */
function jsonErrorReplacer(_key, value) {
  if (!(value instanceof Error)) return value;
  return Object.assign({
    errorType: value?.constructor?.name ?? 'UnknownError',
    errorMessage: value.message,
    stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
  }, value);
}

/**
 * One console call as a JSON record {timestamp, level, requestId, [tenantId], message}.
 * A single argument is the message as it is (an object stays an object, one
 * that cannot be serialised is formatted); more are formatted into one
 * string, the first error among them adding its errorType, errorMessage and
 * stackTrace. No requestId before the first event.
 */
function jsonLine(level, args) {
  const doc = { timestamp: new Date().toISOString(), level, requestId: global[REQUEST_ID] };
  const tenantId = global[TENANT_ID];
  if (tenantId !== undefined && tenantId !== null) doc.tenantId = tenantId;
  let line;
  if (args.length <= 1) {
    doc.message = args[0];
    try {
      line = JSON.stringify(doc, jsonErrorReplacer);
    } catch (_) {
      doc.message = format(doc.message);
      line = JSON.stringify(doc);
    }
  } else {
    doc.message = format.apply(null, args);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a instanceof Error) {
        doc.errorType = a?.constructor?.name ?? 'UnknownError';
        doc.errorMessage = a.message;
        doc.stackTrace = typeof a.stack === 'string' ? a.stack.split('\n') : [];
        break;
      }
    }
    line = JSON.stringify(doc);
  }
  if (line.indexOf('\n') !== -1) line = line.replace(/\n/g, '\r');
  writeOut(line + '\n');
}

function nop() {}

/** The console method for a level: nothing below the function's level, else one line. console.trace prints no stack. */
function levelMethod(level, write) {
  if (LEVELS[level] < MIN_LEVEL) return nop;
  return function () { write(level, arguments); };
}

function patchConsole() {
  const write = JSON_LOGS ? jsonLine : textLine;
  console.trace = levelMethod('TRACE', write);
  console.debug = levelMethod('DEBUG', write);
  console.info = levelMethod('INFO', write);
  console.log = console.info;
  console.warn = levelMethod('WARN', write);
  console.error = levelMethod('ERROR', write);
  console.fatal = function () { write('FATAL', arguments); };
}

/**
 * The RIC's structuredConsole.logError: through console.error (so at ERROR,
 * and silenced with it), the value made an Error first; in text
 * "<title> \t<the error as JSON, its own fields included>", in JSON the error
 * itself as the message.
 */
function logError(title, err) {
  if (JSON_LOGS) console.error(intoError(err));
  else console.error(title, toFormatted(intoError(err)));
}

// ---------------------------------------------------------------- errors (Errors.js)

const ERROR_TYPE_FALLBACK = 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack';

class ImportModuleError extends Error {}
class HandlerNotFound extends Error {}
class MalformedHandlerName extends Error {}
class UserCodeSyntaxError extends Error {}
class NodeJsExit extends Error {
  constructor() {
    super('The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes');
  }
}
class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
// Their class names are what a JSON log calls them; their `name`, Runtime.<Class>, is their errorType.
for (const c of [ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError, NodeJsExit, UnhandledPromiseRejection]) {
  c.prototype.name = 'Runtime.' + c.name;
}

function intoError(err) {
  return err instanceof Error ? err : new Error(err);
}

/** Like an Error: a non-empty string name, message and stack. */
function isErrorLike(obj) {
  return obj && obj.name && obj.message && obj.stack &&
    typeof obj.name === 'string' && typeof obj.message === 'string' && typeof obj.stack === 'string';
}

const DEL = /\x7F/g;

/**
 * The error document posted to the Runtime API: an Error (or error-like
 * object) by its name, message and stack, DEL written %7F; anything else by
 * its type and toString(), no trace; when reading those fails, a fixed
 * "handled" document.
 */
function toRapidResponse(error) {
  try {
    if (types.isNativeError(error) || isErrorLike(error)) {
      return {
        errorType: error.name?.replace(DEL, '%7F'),
        errorMessage: error.message?.replace(DEL, '%7F'),
        trace: error.stack.replace(DEL, '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch (_) {
    return { errorType: 'handled', errorMessage: ERROR_TYPE_FALLBACK };
  }
}

/** An error's name, message, code and own fields, its stack as lines; what cannot be serialised falls back to the posted document. */
function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_k, v) => withEnumerableProperties(v));
  } catch (_) {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

function withEnumerableProperties(error) {
  if (!(error instanceof Error)) return error;
  const ret = Object.assign({ errorType: error.name, errorMessage: error.message, code: error.code }, error);
  if (typeof error.stack === 'string') ret.stack = error.stack.split('\n');
  return ret;
}

/** A result as the body the Runtime API gets (undefined is null); what JSON cannot carry is an error, as in the RIC. */
function serializeResponse(result) {
  let body;
  try {
    body = JSON.stringify(result === undefined ? null : result);
  } catch (_) {
    throw new Error('Unable to stringify response body');
  }
  // A function or a symbol serialises to nothing, which the RIC's native
  // client refuses with this error (rapid-client.cc, Done).
  if (body === undefined) throw new TypeError('Wrong arguments');
  return body;
}

// ---------------------------------------------------------------- HTTP

let socket = null;
let inbuf = null;
/** Callbacks waiting for a response, in request order (pipelined on one socket). */
const waiting = [];

function connect() {
  const colon = API.lastIndexOf(':');
  socket = net.connect(Number(API.slice(colon + 1)), API.slice(0, colon));
  socket.setNoDelay(true);
  socket.on('data', onData);
  // Without its Runtime API the environment has nothing left to do.
  socket.on('error', () => process.exit(1));
  socket.on('close', () => process.exit(1));
}

function onData(chunk) {
  inbuf = inbuf === null ? chunk : Buffer.concat([inbuf, chunk]);
  while (inbuf !== null) {
    const headEnd = inbuf.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = inbuf.toString('latin1', 0, headEnd);
    // The service spells it this way; any other spelling costs a lower-casing.
    const length = head.indexOf('\r\nContent-Length:') >= 0 ? header(head, head, '\r\nContent-Length:') : header(head, head.toLowerCase(), '\r\ncontent-length:');
    const total = headEnd + 4 + (length === undefined ? 0 : parseInt(length, 10) || 0);
    if (inbuf.length < total) return;
    const body = inbuf.subarray(headEnd + 4, total);
    inbuf = inbuf.length === total ? null : inbuf.subarray(total);
    const cb = waiting.shift();
    if (cb) cb((head.charCodeAt(9) - 48) * 100 + (head.charCodeAt(10) - 48) * 10 + (head.charCodeAt(11) - 48), head, body);
  }
}

/** One header's value: `name` is "\r\nname:" lower-cased, found in `lowerHead` and read from `head`. */
function header(head, lowerHead, name) {
  const at = lowerHead.indexOf(name);
  if (at < 0) return undefined;
  const start = at + name.length;
  const end = head.indexOf('\r\n', start);
  return head.slice(start, end < 0 ? head.length : end).trim();
}

function ignore() {}

function postRequest(pathName, body, errorType) {
  return 'POST ' + PREFIX + pathName + ' HTTP/1.1\r\nHost: ' + API +
    '\r\nContent-Type: application/json\r\nContent-Length: ' + Buffer.byteLength(body) +
    (errorType ? '\r\nLambda-Runtime-Function-Error-Type: ' + String(errorType).replace(/[\x00-\x1f\x7f]/g, ' ') : '') +
    '\r\n\r\n' + body;
}

function requestNext() {
  waiting.push(onNext);
  socket.write(NEXT);
}

/** Posts a result and asks for the next invocation in the same write; waiting for it keeps the process alive. */
function postAndNext(pathName, body, errorType) {
  waiting.push(ignore, onNext);
  socket.ref();
  socket.write(postRequest(pathName, body, errorType) + NEXT);
}

/** Posts a fatal error and ends the process with `code` once it is on the wire. */
function postAndExit(pathName, doc, code) {
  waiting.push(ignore);
  socket.ref();
  const write = () => socket.write(postRequest(pathName, JSON.stringify(doc), doc.errorType), () => process.exit(code));
  if (socket.connecting) socket.once('connect', write);
  else write();
  // Exit even if the service never reads it.
  setTimeout(() => process.exit(code), 1000).unref();
}

// ---------------------------------------------------------------- handler (UserFunction.js)

/** The service refuses handlers that leave the function's folder; this holds even if one gets here. */
let realTaskRoot;
function realTaskRootOf() {
  if (realTaskRoot === undefined) {
    try {
      realTaskRoot = fs.realpathSync(TASK_ROOT);
    } catch {
      realTaskRoot = path.resolve(TASK_ROOT);
    }
  }
  return realTaskRoot;
}
function insideTaskRoot(file, rootItself) {
  const rel = path.relative(realTaskRootOf(), file);
  if (rel === '') return rootItself;
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}
function outside(what) {
  return new MalformedHandlerName('The handler must name a module inside LAMBDA_TASK_ROOT: ' + what);
}

function tryRequireFile(file, extension) {
  const p = file + (extension || '');
  return fs.existsSync(p) ? require(p) : undefined;
}

async function tryImport(file, extension) {
  const p = file + (extension || '');
  return fs.existsSync(p) ? import(require('url').pathToFileURL(p).href) : undefined;
}

/**
 * Whether the nearest package.json says "type": "module": the search stops
 * at a node_modules folder and at a package.json that has no such field;
 * one that cannot be read is ignored, with a warning.
 */
function folderTypeIsModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const pj = path.join(folder, '/package.json');
  if (fs.existsSync(pj)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(pj));
      if (pkg) return pkg.type === 'module';
    } catch (e) {
      console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  if (folder === '/') return false;
  return folderTypeIsModule(path.resolve(folder, '..'));
}

/**
 * The module part of the handler, in the RIC's order: an extensionless file
 * (or folder) by require; `.js` by require unless its package is a module;
 * then `.js` (module package), `.mjs` by import, `.cjs` by require; last a
 * package by Node's resolution from the function's folder.
 */
async function loadModule(appRoot, moduleRoot, moduleName) {
  const lambdaStylePath = path.resolve(appRoot, moduleRoot, moduleName);
  if (!insideTaskRoot(path.resolve(realTaskRootOf(), moduleRoot, moduleName), true)) throw outside(HANDLER);
  const extensionless = tryRequireFile(lambdaStylePath);
  if (extensionless) return extensionless;
  const jsIsModule = fs.existsSync(lambdaStylePath + '.js') && folderTypeIsModule(path.dirname(path.resolve(lambdaStylePath + '.js')));
  if (!jsIsModule) {
    const loaded = tryRequireFile(lambdaStylePath, '.js');
    if (loaded) return loaded;
  }
  const loaded = (jsIsModule && await tryImport(lambdaStylePath, '.js')) ||
    await tryImport(lambdaStylePath, '.mjs') ||
    tryRequireFile(lambdaStylePath, '.cjs');
  if (loaded) return loaded;
  const resolved = require.resolve(moduleName, { paths: [appRoot, moduleRoot] });
  // node_modules are looked up in parent folders too: only one inside the function's folder may be the handler's.
  if (!path.isAbsolute(resolved) || !insideTaskRoot(fs.realpathSync(resolved), false)) throw outside(resolved);
  return require(resolved);
}

/** A syntax error and a missing CommonJS module become the runtime's errors; anything else (an ES import's ERR_MODULE_NOT_FOUND too) stays as thrown. */
async function loadUserApp(appRoot, moduleRoot, moduleName) {
  try {
    return await loadModule(appRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e.code !== undefined && e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
}

/** `[moduleRoot/]module.path.to.fn`: '..' anywhere is refused, the module part is up to the first dot of the last segment. */
async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(`'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = handlerString.match(/^([^.]*)\.(.*)$/);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const app = await loadUserApp(appRoot, moduleRoot, match[1]);
  const fn = match[2].split('.').reduce((nested, key) => nested && nested[key], app);
  if (!fn) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof fn !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return fn;
}

function isAsyncFunction(fn) {
  try {
    return fn.constructor && fn.constructor.name === 'AsyncFunction';
  } catch (_) {
    return false;
  }
}

/** WarningForCallbackHandlers.js: a three-argument, non-async, non-streaming handler gets a warning at init. */
function warnIfCallbackHandler(fn) {
  if (env.AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING === undefined && fn.length === 3 && !isAsyncFunction(fn) &&
    !fn[Symbol.for('aws.lambda.runtime.handler.streaming')]) {
    console.warn('AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24. You will need to update this function to use an async handler to use Node.js 24 or later. For more information and to provide feedback on this change, see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/issues/137. To disable this warning, set the AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING environment variable.');
  }
}

// ---------------------------------------------------------------- invocations (Runtime.js, CallbackContext.js, InvokeContext.js)

let handler = null;
let handlerIsAsync = false;
/** The request id uncaught errors are reported for until it is answered (null: none, or answered). */
let unanswered = null;

/**
 * BeforeExitListener.js: one action for when the event loop is empty. Each
 * invocation starts with the default one (answer null, or Runtime.NodeJsExit
 * for an async handler); a callback replaces it with its answer, or with
 * nothing once answered. The Runtime API socket is unref'd while the
 * function runs, so that only the function's own work keeps the loop alive,
 * as the RIC's native client does.
 */
let beforeExitListener = nop;
process.on('beforeExit', () => beforeExitListener());

function parseJsonHeader(text, name) {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
  }
}

function postInvocationResponse(result, id) {
  const body = serializeResponse(result);
  if (unanswered === id) unanswered = null;
  postAndNext('/invocation/' + id + '/response', body);
}

function postInvocationError(err, id) {
  const doc = toRapidResponse(err);
  if (unanswered === id) unanswered = null;
  postAndNext('/invocation/' + id + '/error', JSON.stringify(doc), doc.errorType);
}

/**
 * The context object, its fields in the RIC's order (CallbackContext.js's
 * callbackWaitsForEmptyEventLoop, succeed, fail, done, then
 * InvokeContext.js's environment and header data).
 */
function Context(inv, head, lower) {
  this.callbackWaitsForEmptyEventLoop = true;
  this.succeed = function (result) { if (!inv.finished) { inv.done(null, result); inv.finished = true; } };
  this.fail = function (err) { if (!inv.finished) { inv.done(err === undefined || err === null ? 'handled' : err, null); inv.finished = true; } };
  this.done = function (err, result) { if (!inv.finished) { inv.done(err, result); inv.finished = true; } };
  this.functionVersion = FUNCTION_VERSION;
  this.functionName = FUNCTION_NAME;
  this.memoryLimitInMB = MEMORY;
  this.logGroupName = LOG_GROUP;
  this.logStreamName = LOG_STREAM;
  this.clientContext = parseJsonHeader(header(head, lower, '\r\nlambda-runtime-client-context:'), 'ClientContext');
  this.identity = parseJsonHeader(header(head, lower, '\r\nlambda-runtime-cognito-identity:'), 'CognitoIdentity');
  this.invokedFunctionArn = header(head, lower, '\r\nlambda-runtime-invoked-function-arn:');
  this.awsRequestId = inv.id;
  this.tenantId = global[TENANT_ID];
  const deadline = Number(header(head, lower, '\r\nlambda-runtime-deadline-ms:'));
  this.getRemainingTimeInMillis = function () { return deadline - Date.now(); };
}

/**
 * CallbackContext.js: one invocation's answer. The first call of the
 * callback or of context.succeed/fail/done wins (`finished`; a call that
 * throws, for a result JSON cannot carry, does not count: the error it
 * raises is answered instead). An error is answered at once; a result
 * through the callback waits for an empty event loop unless
 * callbackWaitsForEmptyEventLoop is false; through done/succeed it is
 * answered at once.
 */
function Invocation(id) {
  this.id = id;
  this.finished = false;
  this.completed = false;
  this.context = null;
}

Invocation.prototype.postError = function (err) {
  logError('Invoke Error', err);
  postInvocationError(err, this.id);
};

Invocation.prototype.complete = function (result) {
  if (this.completed) {
    console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
    return;
  }
  this.completed = true;
  postInvocationResponse(result, this.id);
};

Invocation.prototype.callback = function (err, result) {
  beforeExitListener = nop;
  if (err !== undefined && err !== null) this.postError(err);
  else if (!this.context.callbackWaitsForEmptyEventLoop) this.complete(result);
  else beforeExitListener = () => setImmediate(() => this.complete(result));
};

Invocation.prototype.done = function (err, result) {
  beforeExitListener = nop;
  if (err !== undefined && err !== null) this.postError(err);
  else this.complete(result);
};

/** Runtime.js _setDefaultExitListener: the loop emptied with no answer. */
let emptyLoopInvocation = null;
function defaultExitListener() {
  const inv = emptyLoopInvocation;
  inv.completed = true;
  if (handlerIsAsync) {
    const exit = new NodeJsExit();
    logError('Invoke Error', exit);
    postInvocationError(exit, inv.id);
  } else {
    postInvocationResponse(null, inv.id);
  }
}

function isPromise(obj) {
  return obj && obj.then && typeof obj.then === 'function';
}

/** Runtime.js: `result.then(succeed, fail).catch(fail)`, without a third promise. */
function settleWith(promise, context) {
  const succeed = context.succeed;
  const fail = context.fail;
  promise.then(
    (value) => { try { succeed(value); } catch (e) { fail(e); } },
    (reason) => { try { fail(reason); } catch (e) { fail(e); } },
  );
}

function onNext(status, head, body) {
  if (status !== 200) process.exit(1);
  socket.unref();
  const lower = head.toLowerCase();
  const id = header(head, lower, '\r\nlambda-runtime-aws-request-id:');
  global[REQUEST_ID] = id;
  global[TENANT_ID] = header(head, lower, '\r\nlambda-runtime-aws-tenant-id:');
  unanswered = id;
  const inv = new Invocation(id);
  const callback = function (err, result) { if (!inv.finished) { inv.callback(err, result); inv.finished = true; } };
  emptyLoopInvocation = inv;
  beforeExitListener = defaultExitListener;
  try {
    const event = JSON.parse(body.toString('utf8'));
    const trace = header(head, lower, '\r\nlambda-runtime-trace-id:');
    if (trace) env._X_AMZN_TRACE_ID = trace;
    else delete env._X_AMZN_TRACE_ID;
    const context = new Context(inv, head, lower);
    inv.context = context;
    if (streaming.isStreaming(handler)) {
      // A streamed answer is decided by its stream, not by an empty event loop.
      beforeExitListener = nop;
      socket.ref();
      streaming.invokeStreaming(handler, event, context, inv, streamIo);
      return;
    }
    const result = handler(event, context, callback);
    if (isPromise(result)) settleWith(result, context);
  } catch (err) {
    callback(err);
  }
}

/** What a streamed response (streaming.cjs) needs of this client. */
const streamIo = {
  prefix: PREFIX,
  host: API,
  socket: () => socket,
  expectAnswer: () => waiting.push(ignore),
  settle(inv) {
    inv.settled = true;
    inv.finished = true;
    inv.completed = true;
    if (unanswered === inv.id) unanswered = null;
  },
  next() {
    socket.ref();
    requestNext();
  },
  errorDocument: toRapidResponse,
  logError,
};

/** Runtime.js _setErrorCallbacks / index.mjs: an uncaught error fails the invocation (or the init) and ends the process. */
function fatal(error, code) {
  const inv = emptyLoopInvocation;
  // A stream in flight ends with the error in its trailers, then the process.
  if (inv !== null && inv.abort && unanswered === inv.id) return inv.abort(toRapidResponse(error));
  if (handler === null) postAndExit('/init/error', toRapidResponse(error), code);
  else if (unanswered !== null) postAndExit('/invocation/' + unanswered + '/error', toRapidResponse(error), code);
  else process.exit(code);
}

process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  fatal(error, 129);
});
process.on('unhandledRejection', (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason, promise);
  logError('Unhandled Promise Rejection', error);
  fatal(error, 128);
});

// ---------------------------------------------------------------- start (index.mjs)

patchConsole();
streaming.installGlobal();
connect();
loadHandler(TASK_ROOT, HANDLER).then(
  (fn) => {
    handler = fn;
    handlerIsAsync = isAsyncFunction(fn);
    warnIfCallbackHandler(fn);
    if (socket.connecting) socket.once('connect', requestNext);
    else requestNext();
  },
  (err) => {
    logError('Uncaught Exception', err);
    postAndExit('/init/error', toRapidResponse(err), 129);
  },
);
