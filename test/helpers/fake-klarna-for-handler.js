// A small stand-in for Klarna's Payments API on 127.0.0.1:0 for the checkout handler's tests: it records
// every request (method, path, headers, raw body text, parsed body) and answers from a script, else with
// Klarna-like defaults (session 200, update 204, order 200).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * Starts the fake. `fake.script(route, answer)` queues one answer for the next request of a route
 * (`createSession`, `readSession`, `updateSession`, `placeOrder`): `{ status, headers?, body?, delayMs? }` (a string body
 * is sent as is, an object as JSON) or `'destroy'` to cut the socket.
 */
export async function startFakeKlarna() {
  const requests = [];
  const scripts = { createSession: [], readSession: [], updateSession: [], placeOrder: [], cancelAuthorization: [] };
  /** Session id → its latest authorization token (what GET /payments/v1/sessions/{id} reports). */
  const authorizations = new Map();
  let orderDelayMs = 0;

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      let route;
      if (req.method === 'POST' && path === '/payments/v1/sessions') route = 'createSession';
      else if (req.method === 'POST' && /^\/payments\/v1\/sessions\/[^/]+$/.test(path)) route = 'updateSession';
      else if (req.method === 'GET' && /^\/payments\/v1\/sessions\/[^/]+$/.test(path)) route = 'readSession';
      else if (req.method === 'POST' && /^\/payments\/v1\/authorizations\/[^/]+\/order$/.test(path)) route = 'placeOrder';
      else if (req.method === 'DELETE' && /^\/payments\/v1\/authorizations\/[^/]+$/.test(path)) route = 'cancelAuthorization';
      const record = { method: req.method, path, route, headers: req.headers, text, body: text ? JSON.parse(text) : undefined };
      requests.push(record);
      const scripted = route ? scripts[route].shift() : undefined;
      if (scripted === 'destroy') {
        req.socket.destroy();
        return;
      }
      let answer = scripted;
      if (!answer) {
        if (route === 'createSession') {
          const id = randomUUID();
          answer = {
            status: 200,
            body: {
              session_id: id,
              client_token: `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ session_id: id })).toString('base64url')}.c2ln`,
              payment_method_categories: [{ identifier: 'pay_later', name: 'Pay later' }],
            },
          };
        } else if (route === 'updateSession' || route === 'cancelAuthorization') answer = { status: 204 };
        else if (route === 'readSession') {
          const id = decodeURIComponent(path.split('/').pop());
          answer = authorizations.has(id)
            ? { status: 200, body: { status: 'incomplete', authorization_token: authorizations.get(id) } }
            : { status: 404, body: { error_code: 'NOT_FOUND', error_messages: ['Invalid session id'], correlation_id: randomUUID() } };
        }
        else if (route === 'placeOrder') {
          answer = {
            status: 200,
            delayMs: orderDelayMs,
            body: { order_id: randomUUID(), fraud_status: 'ACCEPTED', redirect_url: 'https://payments.klarna.test/redirect/1', authorized_payment_method: { type: 'invoice' } },
          };
        } else answer = { status: 404, body: { error_code: 'NOT_FOUND', error_messages: ['Unknown path'], correlation_id: randomUUID() } };
      }
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      const isText = typeof answer.body === 'string';
      const headers = { 'klarna-correlation-id': randomUUID(), ...(answer.body === undefined ? {} : { 'content-type': isText ? 'text/html' : 'application/json' }), ...answer.headers };
      res.writeHead(answer.status, headers);
      res.end(answer.body === undefined ? undefined : isText ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Requests of one route. */
    requestsOf: (route) => requests.filter((request) => request.route === route),
    script(route, answer) {
      scripts[route].push(answer);
    },
    /** Records `token` as the latest authorization of `sessionId` (what the widget's authorize() does). */
    authorize(sessionId, token) {
      authorizations.set(sessionId, token);
    },
    /** Delays every default place-order answer (to hold concurrent duplicates in flight). */
    setOrderDelay(ms) {
      orderDelayMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

/** A Klarna error body as Klarna sends it. */
export function klarnaError(status, errorCode, message) {
  return { status, body: { error_code: errorCode, error_messages: [message], correlation_id: randomUUID() } };
}
