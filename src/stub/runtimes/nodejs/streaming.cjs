'use strict';
// Response streaming for coldbench's Node.js runtime client: the global
// `awslambda.streamifyResponse` and `awslambda.HttpResponseStream`, and a
// streamed invocation's response posted to the Runtime API chunk by chunk as
// the handler writes it. Behaviour follows AWS's Node runtime client
// (aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js,
// src/Runtime.js handleOnceStreaming, src/ResponseStream.js,
// src/HttpResponseStream.js) and the Runtime API's streaming contract
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html#runtimes-custom-response-streaming):
// - a handler marked by streamifyResponse is called (event, responseStream, context);
// - the response is one POST /response with `Lambda-Runtime-Function-Response-Mode: streaming`
//   and `Transfer-Encoding: chunked`, opened at the first write (so the Content-Type can still be set);
// - an error fails the stream: the body ends with the trailers
//   `Lambda-Runtime-Function-Error-Type` and `Lambda-Runtime-Function-Error-Body` (the error document, base64);
// - a handler that returns no promise fails; one that resolves without ending the stream
//   waits for its end (on Lambda it runs on to its timeout);
// - HttpResponseStream.from(stream, {statusCode, headers, cookies}) sets the Content-Type
//   application/vnd.awslambda.http-integration-response and writes the JSON prelude and 8 null
//   bytes before the body.
// It writes on the client's own Runtime API socket, as one HTTP request among the others.

const { Writable } = require('stream');

const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const STREAM_RESPONSE = 'response';
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const PRELUDE_DELIMITER = new Uint8Array(8);

class HttpResponseStream {
  static from(underlyingStream, prelude) {
    underlyingStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    // JSON text cannot hold a null byte, so the 8 null bytes end the prelude unambiguously.
    const metadata = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(PRELUDE_DELIMITER);
    };
    return underlyingStream;
  }
}

/** The `awslambda` global AWS's client gives every function (unless AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA is set). */
function installGlobal() {
  const off = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  if (off === 'true' || off === '1') return;
  globalThis.awslambda = {
    streamifyResponse(handler, options) {
      handler[HANDLER_STREAMING] = STREAM_RESPONSE;
      if (options && typeof options.highWaterMark === 'number') handler[HANDLER_HIGHWATERMARK] = parseInt(options.highWaterMark, 10);
      return handler;
    },
    HttpResponseStream,
  };
}

function isStreaming(handler) {
  return handler !== null && handler !== undefined && handler[HANDLER_STREAMING] === STREAM_RESPONSE;
}

function headerSafe(value) {
  return String(value).replace(/[\r\n]/g, ' ');
}

/**
 * The HTTP side of one streamed post: the head at the first byte, each
 * chunk as it is written, the last chunk with or without error trailers.
 */
function streamedPost(io, id) {
  let opened = false;
  let ended = false;
  const socket = io.socket();
  return {
    get opened() { return opened; },
    open(contentType) {
      if (opened) return;
      opened = true;
      socket.write('POST ' + io.prefix + '/invocation/' + id + '/response HTTP/1.1\r\nHost: ' + io.host +
        '\r\nLambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\nContent-Type: ' + headerSafe(contentType) +
        '\r\nTrailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n');
    },
    /** `done` runs once the bytes are handed to the socket: the stream's backpressure. */
    chunk(data, done) {
      if (ended || data.length === 0) {
        if (done) done();
        return;
      }
      socket.cork();
      socket.write(data.length.toString(16) + '\r\n');
      socket.write(data);
      socket.write('\r\n', done ? () => done() : undefined);
      socket.uncork();
    },
    /** The last chunk; `doc` set: the stream failed with that error document. */
    end(doc) {
      if (ended) return;
      ended = true;
      let trailers = '';
      if (doc) {
        trailers = 'Lambda-Runtime-Function-Error-Type: ' + headerSafe(doc.errorType) +
          '\r\nLambda-Runtime-Function-Error-Body: ' + Buffer.from(JSON.stringify(doc)).toString('base64') + '\r\n';
      }
      io.expectAnswer();
      socket.write('0\r\n' + trailers + '\r\n');
    },
  };
}

function toBytes(chunk) {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** The handler's responseStream: a Writable whose bytes go out as the chunks of the post. */
class ResponseStream extends Writable {
  constructor(post, highWaterMark) {
    super(typeof highWaterMark === 'number' ? { highWaterMark } : {});
    this._post = post;
    this._contentType = DEFAULT_CONTENT_TYPE;
    this._written = false;
    this._onBeforeFirstWrite = undefined;
  }

  setContentType(contentType) {
    if (this._written) throw Object.assign(new Error('Cannot set content-type, too late.'), { name: 'Runtime.InvalidStreamingOperation' });
    this._contentType = contentType;
  }

  write(chunk, encoding, callback) {
    // As AWS's stream: anything but text and bytes is written as its JSON.
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) chunk = JSON.stringify(chunk);
    this._written = true;
    return super.write(chunk, encoding, callback);
  }

  /** Opens the post: head, then the HttpResponseStream prelude if any, before the first byte of the body. */
  _open() {
    const post = this._post;
    if (post.opened) return;
    this._written = true;
    post.open(this._contentType);
    if (typeof this._onBeforeFirstWrite === 'function') this._onBeforeFirstWrite((c) => post.chunk(toBytes(c)));
  }

  _write(chunk, encoding, callback) {
    this._open();
    this._post.chunk(toBytes(chunk), callback);
  }

  _final(callback) {
    this._open();
    this._post.end(undefined);
    callback();
  }
}

/**
 * Runs a streaming handler for one invocation. `io` is the client's side:
 * socket(), prefix and host for the request line, expectAnswer() for the
 * answer to the post, settle(inv) once the invocation is decided,
 * next() for the next event, errorDocument(err) and logError(title, err).
 */
function invokeStreaming(handler, event, context, inv, io) {
  const post = streamedPost(io, inv.id);
  const stream = new ResponseStream(post, handler[HANDLER_HIGHWATERMARK]);
  let handlerDone = false;
  let streamDone = false;
  const next = () => {
    if (handlerDone && streamDone) io.next();
  };
  const fail = (err, logged) => {
    const doc = io.errorDocument(err);
    if (!logged) io.logError('Invoke Error', err);
    if (!post.opened) post.open(stream._contentType);
    post.end(doc);
    stream.destroy();
  };
  // Uncaught exceptions end the stream with their error, then the process (the client's fatal()).
  inv.abort = (doc) => {
    if (!post.opened) post.open(stream._contentType);
    post.end(doc);
    io.socket().end(() => process.exit(129));
    setTimeout(() => process.exit(129), 1000).unref();
  };
  stream.on('finish', () => {
    streamDone = true;
    if (handlerDone) io.settle(inv);
    next();
  });
  stream.on('error', () => undefined);
  let result;
  try {
    result = handler(event, stream, context);
  } catch (e) {
    io.settle(inv);
    fail(e);
    io.next();
    return;
  }
  if (!result || typeof result.then !== 'function') {
    io.settle(inv);
    fail('Streaming does not support non-async handlers.');
    io.next();
    return;
  }
  result.then(
    (value) => {
      if (value !== undefined) console.warn('Streaming handlers ignore return values.');
      handlerDone = true;
      if (streamDone) io.settle(inv);
      next();
    },
    (err) => {
      if (inv.settled) return;
      io.settle(inv);
      fail(err === undefined || err === null ? new Error('Promise rejected without a reason') : err);
      handlerDone = true;
      streamDone = true;
      next();
    },
  );
}

module.exports = { installGlobal, isStreaming, invokeStreaming, HttpResponseStream };
