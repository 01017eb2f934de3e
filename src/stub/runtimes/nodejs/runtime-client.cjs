'use strict';
// coldbench's Node.js runtime client: loads the function's handler and serves
// invocations over the Lambda Runtime API, with the semantics of AWS's Node
// runtime (handler strings, CJS/ESM, context, callbacks, console format,
// error documents). Plain CommonJS with core modules only, because every
// millisecond spent here is part of the Init Duration that coldbench measures.
//
// It talks HTTP/1.1 over one keep-alive socket and writes each result
// together with the next /next request in a single write: one syscall and one
// wake-up of the service per invocation instead of two.

const net = require('net');
const fs = require('fs');
const path = require('path');
const { format } = require('util');
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

// ---------------------------------------------------------------- logging

/** Request id printed on console lines; Lambda prints "undefined" during init. */
let currentId = 'undefined';

/**
 * The log format and level Lambda gives the runtime (LoggingConfig): JSON
 * lines instead of tab-separated text, and console methods below the level
 * doing nothing. Unset, as for the Text format, every level is written.
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

function logLine(level, args) {
  let msg = format.apply(null, args);
  // One console call is one log event: Lambda turns inner newlines into \r.
  if (msg.indexOf('\n') !== -1) msg = msg.replace(/\n/g, '\r');
  writeOut(new Date().toISOString() + '\t' + currentId + '\t' + level + '\t' + msg + '\n');
}

/** An error's type as AWS's client names it: its class (ours name runtime errors `Runtime.<Class>`). */
function errorTypeOf(err) {
  if (typeof err.name === 'string' && err.name.startsWith('Runtime.')) return err.name.slice('Runtime.'.length);
  return (err.constructor && err.constructor.name) || 'UnknownError';
}

/** Errors inside a logged value become {errorType, errorMessage, stackTrace, …their own fields}. */
function errorFields(key, value) {
  if (!(value instanceof Error)) return value;
  return Object.assign({
    errorType: errorTypeOf(value),
    errorMessage: value.message,
    stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
  }, value);
}

/**
 * One console call as a JSON record {timestamp, level, requestId, message}.
 * A single argument is the message as it is (an object stays an object); more
 * are formatted into one string, the first error among them adding its
 * errorType, errorMessage and stackTrace. No requestId before the first event.
 */
function jsonLine(level, args) {
  const doc = { timestamp: new Date().toISOString(), level, requestId: currentId === 'undefined' ? undefined : currentId };
  let line;
  if (args.length === 1) {
    doc.message = args[0];
    try {
      line = JSON.stringify(doc, errorFields);
    } catch (_) {
      doc.message = format(args[0]);
      line = JSON.stringify(doc);
    }
  } else {
    doc.message = format.apply(null, args);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a instanceof Error) {
        doc.errorType = errorTypeOf(a);
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

/** The console method for a level: nothing below the function's level, else a text or JSON line. */
function consoleMethod(level, text) {
  if (LEVELS[level] < MIN_LEVEL) return nop;
  if (JSON_LOGS) return function () { jsonLine(level, Array.prototype.slice.call(arguments)); };
  return text;
}

function patchConsole() {
  console.info = consoleMethod('INFO', function () { logLine('INFO', arguments); });
  console.log = console.info;
  console.warn = consoleMethod('WARN', function () { logLine('WARN', arguments); });
  console.error = consoleMethod('ERROR', function () { logLine('ERROR', arguments); });
  console.debug = consoleMethod('DEBUG', function () { logLine('DEBUG', arguments); });
  console.trace = consoleMethod('TRACE', function () {
    const err = { name: 'Trace', message: format.apply(null, arguments) };
    Error.captureStackTrace(err, console.trace);
    logLine('TRACE', [err.stack]);
  });
  console.fatal = consoleMethod('FATAL', function () { logLine('FATAL', arguments); });
}

// ---------------------------------------------------------------- errors

function errorDocument(err, typeOverride) {
  if (err instanceof Error || (err !== null && typeof err === 'object' && typeof err.message === 'string')) {
    const stack = typeof err.stack === 'string' ? err.stack.split('\n') : [];
    return {
      errorType: typeOverride || (typeof err.name === 'string' && err.name) || 'Error',
      errorMessage: err.message,
      trace: stack,
    };
  }
  let message;
  if (typeof err === 'string') message = err;
  else {
    try { message = JSON.stringify(err); } catch (_) { message = String(err); }
  }
  return { errorType: typeOverride || typeof err, errorMessage: message === undefined ? String(err) : message, trace: [] };
}

function logError(title, doc) {
  if (LEVELS.ERROR < MIN_LEVEL) return;
  if (JSON_LOGS) {
    // As AWS's client logs it in JSON: the error itself is the message.
    jsonLine('ERROR', [{ errorType: doc.errorType, errorMessage: doc.errorMessage, stackTrace: doc.trace }]);
    return;
  }
  logLine('ERROR', [title + ' \t' + JSON.stringify({ errorType: doc.errorType, errorMessage: doc.errorMessage, stack: doc.trace })]);
}

/** An error the runtime itself raises, with a Lambda error type. */
function runtimeError(type, message, cause) {
  const err = new Error(message);
  err.name = type;
  if (cause && typeof cause.stack === 'string') {
    err.stack = type + ': ' + message + '\n' + cause.stack.split('\n').slice(1).join('\n');
  }
  return err;
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
    (errorType ? '\r\nLambda-Runtime-Function-Error-Type: ' + errorType.replace(/[\r\n]/g, ' ') : '') +
    '\r\n\r\n' + body;
}

function requestNext() {
  waiting.push(onNext);
  socket.write(NEXT);
}

/** Posts a result and asks for the next invocation in the same write. */
function postAndNext(pathName, body, errorType) {
  waiting.push(ignore, onNext);
  socket.write(postRequest(pathName, body, errorType) + NEXT);
}

/** Posts a fatal error and ends the process once it is on the wire. */
function postAndExit(pathName, doc) {
  waiting.push(ignore);
  const write = () => socket.write(postRequest(pathName, JSON.stringify(doc), doc.errorType), () => process.exit(129));
  if (socket.connecting) socket.once('connect', write);
  else write();
  // Exit even if the service never reads it.
  setTimeout(() => process.exit(129), 1000).unref();
}

// ---------------------------------------------------------------- handler

function findNearestType(dir) {
  for (;;) {
    let text;
    try { text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8'); } catch (_) { text = undefined; }
    if (text !== undefined) {
      try { return JSON.parse(text).type === 'module' ? 'module' : 'commonjs'; } catch (_) { return 'commonjs'; }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'commonjs';
    dir = parent;
  }
}

function importFile(file) {
  return import(require('url').pathToFileURL(file).href);
}

function isFile(file) {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st !== undefined && st.isFile();
}

/** The function's folder as the file system names it, for telling what is inside it. */
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
function insideTaskRoot(file) {
  const rel = path.relative(realTaskRootOf(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The service refuses such handlers; this holds even if one gets here. */
function outside(what) {
  return runtimeError('Runtime.MalformedHandlerName', 'The handler must name a module inside LAMBDA_TASK_ROOT: ' + what);
}

/** Loads the module part of the handler string; resolves to the module's exports. */
function loadModule(moduleRoot, moduleName) {
  const base = path.resolve(TASK_ROOT, moduleRoot, moduleName);
  if (!insideTaskRoot(path.resolve(realTaskRootOf(), moduleRoot, moduleName))) throw outside(HANDLER);
  if (isFile(base + '.js')) {
    if (findNearestType(path.dirname(base)) === 'module') return importFile(base + '.js');
    try {
      return Promise.resolve(require(base + '.js'));
    } catch (e) {
      if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE')) return importFile(base + '.js');
      throw e;
    }
  }
  if (isFile(base + '.mjs')) return importFile(base + '.mjs');
  if (isFile(base + '.cjs')) return Promise.resolve(require(base + '.cjs'));
  // A package name or a folder (node_modules, index.js), as require finds it.
  const req = require('module').createRequire(path.join(TASK_ROOT, moduleRoot, 'noop.js'));
  const target = moduleRoot ? base : moduleName;
  // node_modules are looked up in parent folders too: only one inside the function's folder may be the handler's.
  const resolved = req.resolve(target);
  if (!path.isAbsolute(resolved) || !insideTaskRoot(fs.realpathSync(resolved))) throw outside(resolved);
  return Promise.resolve(req(resolved));
}

function classifyLoadError(e) {
  if (e && (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_MODULE_NOT_FOUND')) {
    return runtimeError('Runtime.ImportModuleError', String(e.name || 'Error') + ': ' + e.message, e);
  }
  if (e instanceof SyntaxError) {
    return runtimeError('Runtime.UserCodeSyntaxError', 'SyntaxError: ' + e.message, e);
  }
  return e;
}

async function loadHandler() {
  const slash = HANDLER.lastIndexOf('/');
  const moduleRoot = slash >= 0 ? HANDLER.slice(0, slash) : '';
  const tail = HANDLER.slice(slash + 1);
  const dot = tail.indexOf('.');
  if (dot <= 0 || dot === tail.length - 1) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler');
  if (HANDLER.startsWith('/')) throw outside(HANDLER);
  if (moduleRoot.split('/').indexOf('..') !== -1) {
    throw runtimeError('Runtime.MalformedHandlerName', "'../' not allowed in handler name");
  }
  const moduleName = tail.slice(0, dot);
  let mod;
  try {
    mod = await loadModule(moduleRoot, moduleName);
  } catch (e) {
    throw classifyLoadError(e);
  }
  let fn = mod;
  for (const key of tail.slice(dot + 1).split('.')) {
    fn = fn === undefined || fn === null ? undefined : fn[key];
  }
  // An ESM namespace of a CommonJS module keeps its exports under default.
  if (fn === undefined && mod && mod.default && typeof mod.default === 'object') {
    fn = mod.default;
    for (const key of tail.slice(dot + 1).split('.')) fn = fn === undefined || fn === null ? undefined : fn[key];
  }
  if (fn === undefined) throw runtimeError('Runtime.HandlerNotFound', HANDLER + ' is undefined or not exported');
  if (typeof fn !== 'function') throw runtimeError('Runtime.HandlerNotFound', HANDLER + ' is not a function');
  return fn;
}

// ---------------------------------------------------------------- invocations

function Context(id, arn, deadline, clientContext, identity) {
  this.callbackWaitsForEmptyEventLoop = true;
  this.functionName = FUNCTION_NAME;
  this.functionVersion = FUNCTION_VERSION;
  this.invokedFunctionArn = arn;
  this.memoryLimitInMB = MEMORY;
  this.awsRequestId = id;
  this.logGroupName = LOG_GROUP;
  this.logStreamName = LOG_STREAM;
  this.clientContext = clientContext;
  this.identity = identity;
  this._deadline = deadline;
}
Context.prototype.getRemainingTimeInMillis = function () {
  return this._deadline - Date.now();
};

let handler = null;
/** The invocation in progress; its `settled` flag makes every result path answer once. */
let current = null;
/** What to do once the event loop is empty (callback handlers). */
let onEmptyLoop = null;

process.on('beforeExit', () => {
  const action = onEmptyLoop;
  if (action === null) return;
  onEmptyLoop = null;
  socket.ref();
  action();
});

function whenLoopEmpty(action) {
  onEmptyLoop = action;
  // Our own socket must not count as pending work, as in Lambda.
  socket.unref();
}

function parseOptionalJson(text) {
  if (!text) return undefined;
  try { return JSON.parse(text); } catch (_) { return undefined; }
}

function onNext(status, head, body) {
  if (status !== 200) process.exit(1);
  const lower = head.toLowerCase();
  const id = header(head, lower, '\r\nlambda-runtime-aws-request-id:');
  const trace = header(head, lower, '\r\nlambda-runtime-trace-id:');
  if (trace) env._X_AMZN_TRACE_ID = trace;
  else delete env._X_AMZN_TRACE_ID;
  currentId = id;
  const inv = { id, settled: false };
  current = inv;
  const context = new Context(
    id,
    header(head, lower, '\r\nlambda-runtime-invoked-function-arn:'),
    Number(header(head, lower, '\r\nlambda-runtime-deadline-ms:')),
    parseOptionalJson(header(head, lower, '\r\nlambda-runtime-client-context:')),
    parseOptionalJson(header(head, lower, '\r\nlambda-runtime-cognito-identity:')),
  );
  let event;
  try {
    event = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return finish(inv, runtimeError('Runtime.UnmarshalError', 'Unable to parse event: ' + e.message));
  }
  const callback = (err, result) => {
    if (context.callbackWaitsForEmptyEventLoop) whenLoopEmpty(() => finish(inv, err, result));
    else finish(inv, err, result);
  };
  if (streaming.isStreaming(handler)) return streaming.invokeStreaming(handler, event, context, inv, streamIo);
  context.succeed = (result) => finish(inv, null, result);
  context.fail = (err) => finish(inv, err === undefined || err === null ? 'handled' : err);
  context.done = (err, result) => finish(inv, err, result);
  let ret;
  try {
    ret = handler(event, context, callback);
  } catch (e) {
    return finish(inv, e);
  }
  if (ret !== null && typeof ret === 'object' && typeof ret.then === 'function') {
    ret.then((result) => finish(inv, null, result), (err) => finish(inv, err === undefined || err === null ? new Error('Promise rejected without a reason') : err));
  } else if (!inv.settled && onEmptyLoop === null) {
    // A synchronous handler that never calls back answers null once idle.
    whenLoopEmpty(() => finish(inv, null, undefined));
  }
}

function finish(inv, err, result) {
  if (inv.settled) return;
  inv.settled = true;
  if (current === inv) current = null;
  if (onEmptyLoop !== null) {
    // Answered another way (context.succeed, a promise) while waiting for an
    // empty loop: the socket must count again, or the loop drains and the
    // runtime exits 0 before its next /next.
    onEmptyLoop = null;
    socket.ref();
  }
  if (err !== null && err !== undefined) {
    const doc = errorDocument(err);
    logError('Invoke Error', doc);
    postAndNext('/invocation/' + inv.id + '/error', JSON.stringify(doc), doc.errorType);
    return;
  }
  let body;
  try {
    body = result === undefined ? 'null' : JSON.stringify(result);
    if (body === undefined) body = 'null';
  } catch (e) {
    const doc = errorDocument(runtimeError('Runtime.MarshalError', 'Unable to stringify response body: ' + e.message, e));
    logError('Invoke Error', doc);
    postAndNext('/invocation/' + inv.id + '/error', JSON.stringify(doc), doc.errorType);
    return;
  }
  postAndNext('/invocation/' + inv.id + '/response', body);
}

/** What a streamed response (streaming.cjs) needs of this client. */
const streamIo = {
  prefix: PREFIX,
  host: API,
  socket: () => socket,
  expectAnswer: () => waiting.push(ignore),
  settle(inv) {
    inv.settled = true;
    if (current === inv) current = null;
  },
  next: requestNext,
  errorDocument,
  logError,
};

/** Uncaught exceptions and rejections fail the invocation and end the environment. */
function fatal(title, doc) {
  logError(title, doc);
  const inv = current;
  if (inv !== null && !inv.settled) {
    inv.settled = true;
    if (inv.abort) return inv.abort(doc);
    postAndExit('/invocation/' + inv.id + '/error', doc);
  } else if (handler === null) {
    postAndExit('/init/error', doc);
  } else {
    process.exit(129);
  }
}

process.on('uncaughtException', (err) => fatal('Uncaught Exception', errorDocument(err)));
process.on('unhandledRejection', (reason) => {
  const doc = errorDocument(reason);
  fatal('Unhandled Promise Rejection', {
    errorType: 'Runtime.UnhandledPromiseRejection',
    errorMessage: (doc.errorType === 'string' ? '' : doc.errorType + ': ') + doc.errorMessage,
    trace: doc.trace,
  });
});

// ---------------------------------------------------------------- start

patchConsole();
streaming.installGlobal();
connect();
loadHandler().then(
  (fn) => {
    handler = fn;
    if (socket.connecting) socket.once('connect', requestNext);
    else requestNext();
  },
  (err) => {
    const doc = errorDocument(err);
    logError('Uncaught Exception', doc);
    postAndExit('/init/error', doc);
  },
);
