// One environment's Lambda Runtime API endpoint. Each environment gets its own
// server on port 0, as each Lambda sandbox has its own endpoint, so whoever
// calls it is known without any lookup.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const PREFIX = '/2018-06-01/runtime';
const NEXT_PATH = `${PREFIX}/invocation/next`;
const INVOCATION_PREFIX = `${PREFIX}/invocation/`;
const INIT_ERROR_PATH = `${PREFIX}/init/error`;
/** Lambda's limit for a synchronous response. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

const ACCEPTED = Buffer.from('{"status":"OK"}\n');
const ACCEPTED_HEADERS = ['Content-Type', 'application/json', 'Content-Length', String(ACCEPTED.length)];

export interface RuntimeApiHandlers {
  /** The runtime asks for work; answer `res` now or hold it. */
  next(res: http.ServerResponse): void;
  /** `kind` is 'response' or 'error'; false when the id is not the current invocation. */
  result(requestId: string, kind: 'response' | 'error', body: Buffer, errorType: string | undefined, tooLarge: boolean): boolean;
  initError(body: Buffer, errorType: string | undefined): void;
}

function sendJson(res: http.ServerResponse, status: number, doc: object): void {
  const body = JSON.stringify(doc);
  res.writeHead(status, ['Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(body))]);
  res.end(body);
}

function readBody(req: http.IncomingMessage, done: (body: Buffer, tooLarge: boolean) => void): void {
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) return;
    if (first === undefined) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  req.on('end', () => {
    const body = chunks !== undefined ? Buffer.concat(chunks) : (first ?? Buffer.alloc(0));
    done(body, size > MAX_RESPONSE_BYTES);
  });
}

export class RuntimeApiServer {
  private readonly server: http.Server;
  private port = 0;

  constructor(private readonly handlers: RuntimeApiHandlers) {
    this.server = http.createServer({ noDelay: true, requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 0 }, (req, res) =>
      this.route(req, res),
    );
    // /next is a long poll: the connection may stay quiet for as long as the environment is idle.
    this.server.keepAliveTimeout = 0;
    this.server.timeout = 0;
  }

  async listen(host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  close(): void {
    this.server.close(() => undefined);
    this.server.closeAllConnections();
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === NEXT_PATH) {
      this.handlers.next(res);
      return;
    }
    if (req.method === 'POST' && url.startsWith(INVOCATION_PREFIX)) {
      const rest = url.slice(INVOCATION_PREFIX.length);
      const slash = rest.indexOf('/');
      const kind = rest.slice(slash + 1);
      if (slash > 0 && (kind === 'response' || kind === 'error')) {
        const id = rest.slice(0, slash);
        const errorType = req.headers['lambda-runtime-function-error-type'];
        readBody(req, (body, tooLarge) => {
          if (this.handlers.result(id, kind, body, typeof errorType === 'string' ? errorType : undefined, tooLarge)) {
            res.writeHead(202, ACCEPTED_HEADERS);
            res.end(ACCEPTED);
          } else {
            sendJson(res, 400, { errorMessage: `Invalid request ID: ${id}`, errorType: 'InvalidRequestID' });
          }
        });
        return;
      }
    }
    if (req.method === 'POST' && url === INIT_ERROR_PATH) {
      const errorType = req.headers['lambda-runtime-function-error-type'];
      readBody(req, (body) => {
        this.handlers.initError(body, typeof errorType === 'string' ? errorType : undefined);
        res.writeHead(202, ACCEPTED_HEADERS);
        res.end(ACCEPTED);
      });
      return;
    }
    req.resume();
    sendJson(res, 404, { errorMessage: `Unknown Runtime API route: ${req.method} ${url}`, errorType: 'NotFound' });
  }
}
