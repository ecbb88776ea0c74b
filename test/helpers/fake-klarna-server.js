// A small node:http stand-in for Klarna on 127.0.0.1:0. It records every request and answers from a
// script, so tests can assert on exactly what a client sent and pin how it reacts to each answer.
//
//   const klarna = await startFakeKlarnaServer();
//   klarna.reply({ status: 503 }, { status: 201, headers: { 'Capture-Id': 'c1' } }); // next requests, in order
//   klarna.route('GET', /^\/ordermanagement\/v1\/orders\/[^/]+$/, { json: { order_id: 'o1' } }); // standing answer
//   … klarna.requests[0].headers['klarna-idempotency-key'] …
//   await klarna.close();
//
// An answer is an object, or a function `(request) => answer`:
//   status      HTTP status (default 200)
//   headers     extra response headers (a `Klarna-Correlation-Id` is added unless given; null removes it)
//   json        a value sent as JSON with Content-Type application/json
//   body        a string sent as is (set your own Content-Type in headers)
//   delayMs     wait before answering
//   destroy     true: cut the connection without answering (a network error for the client)
//   hang        true: never answer (a time-out for the client); `close()` ends it
// Queued answers (`reply`) win over standing routes (`route`); with neither, the fake answers 404
// NOT_FOUND JSON like Klarna does for an unknown path.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeKlarnaServer() {
  /** Every request received, in order: { method, path, headers (lower-case names), text, body, at }. */
  const requests = [];
  const queue = [];
  const routes = [];

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const request = { method: req.method, path: req.url ?? '/', headers: req.headers, text, body, at: performance.now() };
      requests.push(request);

      let answer = queue.shift();
      if (answer === undefined) {
        const match = routes.find(
          (r) => (r.method === '*' || r.method === req.method) && (typeof r.path === 'string' ? r.path === request.path : r.path.test(request.path)),
        );
        answer = match?.answer;
      }
      if (typeof answer === 'function') answer = await answer(request);
      answer ??= {
        status: 404,
        json: { error_code: 'NOT_FOUND', error_messages: [`No route for ${req.method} ${request.path}`], correlation_id: randomUUID() },
      };

      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (answer.destroy) {
        req.socket.destroy();
        return;
      }
      if (answer.hang) return;

      const headers = { 'Klarna-Correlation-Id': randomUUID() };
      let payload;
      if (answer.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(answer.json);
      } else if (answer.body !== undefined) {
        payload = answer.body;
      }
      for (const [name, value] of Object.entries(answer.headers ?? {})) {
        const existing = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
        if (existing) delete headers[existing];
        if (value !== null && value !== undefined) headers[name] = value;
      }
      if (res.destroyed) return;
      res.writeHead(answer.status ?? 200, headers);
      res.end(payload);
    });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  return {
    /** `http://127.0.0.1:<port>`: pass as the client's baseUrl. */
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    /** Queues answers for the next requests, whatever their path. */
    reply(...answers) {
      queue.push(...answers);
      return this;
    },
    /** Adds a standing answer for a method ('*' for any) and a path (exact string or RegExp). */
    route(method, path, answer) {
      routes.push({ method, path, answer });
      return this;
    },
    /** Forgets recorded requests, queued answers and routes. */
    reset() {
      requests.length = 0;
      queue.length = 0;
      routes.length = 0;
    },
    /** Stops the server, cutting hanging connections. */
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
