/**
 * `toNodeListener()`: serves a fetch-style handler (`(request) => Promise<Response>`) from `node:http`,
 * Express, Connect, Fastify's `middie` and anything else that speaks `(req, res, next?)`. It converts the
 * IncomingMessage into a `Request` (streaming the body, or re-using a body Express already parsed) and
 * streams the `Response` back with back-pressure. Node types are imported as types only, so the server
 * entry still imports in runtimes without `node:` modules.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProtocolErrorCode, type ProtocolErrorBody } from '../protocol/index.js';

/** The request shape the listener reads: Node's IncomingMessage plus what Express adds. */
export type NodeListenerRequest = IncomingMessage & {
  /** Express: the URL before the mount path was stripped. */
  originalUrl?: string;
  /** A body already parsed by `express.json()`, `express.text()` or `express.raw()`. */
  body?: unknown;
};

/** A `(req, res, next?)` listener for `http.createServer()` or `app.use()`. */
export type NodeListener = (req: NodeListenerRequest, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** A fetch-style request handler such as `createCheckoutHandler()`'s. */
export type FetchHandler = (request: Request) => Promise<Response>;

function requestUrl(req: NodeListenerRequest): string {
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const forwardedHost = req.headers.host ?? 'localhost';
  const host = /^[A-Za-z0-9.:[\]-]+$/.test(forwardedHost) ? forwardedHost : 'localhost';
  const target = req.originalUrl ?? req.url ?? '/';
  // Absolute-form targets (`POST http://host/path`, sent through proxies) keep only their path.
  const path = target.startsWith('/') ? target : URL.canParse(target) ? `${new URL(target).pathname}${new URL(target).search}` : '/';
  return `${encrypted ? 'https' : 'http'}://${host}${path}`;
}

function requestHeaders(req: NodeListenerRequest): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers and hop-by-hop headers do not belong in a fetch Request.
    if (name.startsWith(':') || /^(connection|keep-alive|transfer-encoding|upgrade)$/i.test(name)) continue;
    try {
      headers.append(name, raw[i + 1]!);
    } catch {
      // A header value fetch refuses (e.g. control characters): leave it out.
    }
  }
  return headers;
}

/** True when a body parser (Express, body-parser) already consumed the stream into `req.body`. */
function hasParsedBody(req: NodeListenerRequest): boolean {
  return req.body !== undefined && ((req as { _body?: boolean })._body === true || req.readableEnded);
}

function parsedBodyBytes(body: unknown): Uint8Array | string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  return JSON.stringify(body) ?? '';
}

function streamFromRequest(req: NodeListenerRequest): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer | string) => {
          if (!open) return;
          controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        });
        req.on('end', () => {
          if (open) controller.close();
          open = false;
        });
        req.on('error', (error) => {
          if (open) controller.error(error);
          open = false;
        });
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        // The handler stopped reading (a body over the limit, a 404): discard the rest so the answer can go out.
        open = false;
        req.resume();
      },
    },
    { highWaterMark: 1 },
  );
}

function toRequest(req: NodeListenerRequest): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers: requestHeaders(req) };
  if (method !== 'GET' && method !== 'HEAD') {
    if (hasParsedBody(req)) {
      const bytes = parsedBodyBytes(req.body);
      init.body = bytes as BodyInit;
      // The parser already decoded it: the original length and encoding no longer describe these bytes.
      (init.headers as Headers).delete('content-length');
      (init.headers as Headers).delete('content-encoding');
    } else {
      init.body = streamFromRequest(req);
      init.duplex = 'half';
    }
  }
  return new Request(requestUrl(req), init);
}

async function writeResponse(response: Response, req: NodeListenerRequest, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  if (!req.readableEnded && !hasParsedBody(req)) {
    // The body was not read to the end (refused early): close the connection rather than reuse it.
    headers.connection = 'close';
  }
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel();
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let closed = false;
  res.once('close', () => {
    closed = true;
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (closed) {
        await reader.cancel();
        return;
      }
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const settle = () => {
            res.off('drain', settle);
            res.off('close', settle);
            resolve();
          };
          res.on('drain', settle);
          res.on('close', settle);
        });
      }
    }
  } finally {
    reader.releaseLock();
  }
  res.end();
}

/**
 * Wraps a fetch-style handler as a Node listener: `http.createServer(toNodeListener(handler))` or
 * `app.use('/api/klarna', toNodeListener(handler))`. Errors go to `next` when there is one, else a 500.
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  if (typeof handler !== 'function') {
    throw new TypeError(`toNodeListener received ${handler === null ? 'null' : typeof handler}: pass a (request: Request) => Promise<Response> handler such as createCheckoutHandler(...).`);
  }
  return (req, res, next) => {
    const run = async () => {
      const request = toRequest(req);
      const response = await handler(request);
      if (!request.bodyUsed && request.body) {
        // The handler answered without reading the body (404, 405): discard it.
        await request.body.cancel().catch(() => undefined);
      }
      await writeResponse(response, req, res);
    };
    run().catch((error: unknown) => {
      if (next) {
        next(error);
        return;
      }
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        const body: ProtocolErrorBody = {
          error: { code: ProtocolErrorCode.Internal, message: 'The server failed to handle the request: try again later.', reauthorize: false },
        };
        res.end(JSON.stringify(body));
      } else {
        res.destroy(error instanceof Error ? error : undefined);
      }
    });
  };
}
