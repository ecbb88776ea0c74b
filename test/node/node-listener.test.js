// toNodeListener: plain node:http, an Express-style mount (stripped req.url, originalUrl, a body already
// parsed into req.body), streaming responses, headers, and errors passed to next().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { toNodeListener } from '../../dist/server/index.js';

async function serve(t, listener) {
  const server = createServer(listener);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${server.address().port}`;
}

test('converts the IncomingMessage into a Request: method, URL, headers and streamed body', async (t) => {
  let seen;
  const base = await serve(
    t,
    toNodeListener(async (request) => {
      seen = { method: request.method, url: request.url, custom: request.headers.get('x-custom'), body: await request.text() };
      return new Response('ok', { status: 201, headers: { 'x-answer': 'yes' } });
    }),
  );
  const response = await fetch(`${base}/api/klarna/session?x=1`, { method: 'POST', headers: { 'x-custom': 'abc' }, body: 'hello body' });
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('x-answer'), 'yes');
  assert.equal(await response.text(), 'ok');
  assert.equal(seen.method, 'POST');
  assert.equal(new URL(seen.url).pathname, '/api/klarna/session');
  assert.equal(new URL(seen.url).search, '?x=1');
  assert.equal(seen.custom, 'abc');
  assert.equal(seen.body, 'hello body');
});

test('streams a large response body with back-pressure and keeps multiple Set-Cookie headers', async (t) => {
  const chunk = new Uint8Array(64 * 1024).fill(97);
  const base = await serve(
    t,
    toNodeListener(async () => {
      let sent = 0;
      const body = new ReadableStream({
        pull(controller) {
          if (sent++ < 24) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const headers = new Headers({ 'content-type': 'application/octet-stream' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response(body, { headers });
    }),
  );
  const response = await fetch(`${base}/x`);
  assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.equal(bytes.length, 24 * 64 * 1024);
});

test('Express-style mount: routes on originalUrl and re-uses a body express.json() already parsed', async (t) => {
  let seen;
  const listener = toNodeListener(async (request) => {
    seen = { url: request.url, body: await request.json(), type: request.headers.get('content-type') };
    return Response.json({ ok: true });
  });
  // What `app.use(express.json()); app.use('/api/klarna', listener)` does to the request.
  const base = await serve(t, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      req._body = true;
      req.originalUrl = req.url;
      req.url = req.url.slice('/api/klarna'.length);
      listener(req, res, (error) => {
        res.writeHead(599);
        res.end(String(error));
      });
    });
  });
  const response = await fetch(`${base}/api/klarna/order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cart: { a: 1 } }) });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { ok: true });
  assert.equal(new URL(seen.url).pathname, '/api/klarna/order');
  assert.deepEqual(seen.body, { cart: { a: 1 } });
  assert.equal(seen.type, 'application/json');
});

test('a handler that throws goes to next() when there is one, else a 500 protocol error', async (t) => {
  const failing = toNodeListener(async () => {
    throw new Error('boom');
  });
  const plain = await serve(t, failing);
  const response = await fetch(`${plain}/x`, { method: 'POST', body: '{}' });
  assert.equal(response.status, 500);
  const body = await response.json();
  assert.equal(body.error.code, 'internal_error');
  assert.ok(!JSON.stringify(body).includes('boom'));

  let passed;
  const withNext = await serve(t, (req, res) =>
    failing(req, res, (error) => {
      passed = error;
      res.writeHead(503);
      res.end();
    }),
  );
  const second = await fetch(`${withNext}/x`);
  assert.equal(second.status, 503);
  assert.equal(passed.message, 'boom');
});

test('an unread request body does not hang the answer (handler answers before reading)', async (t) => {
  const base = await serve(t, toNodeListener(async () => new Response('early', { status: 404 })));
  const response = await fetch(`${base}/x`, { method: 'POST', body: 'y'.repeat(300 * 1024) });
  assert.equal(response.status, 404);
  assert.equal(await response.text(), 'early');
});

test('HEAD answers carry no body', async (t) => {
  const base = await serve(t, toNodeListener(async () => new Response('body', { status: 200, headers: { 'x-h': '1' } })));
  const response = await fetch(`${base}/x`, { method: 'HEAD' });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-h'), '1');
  assert.equal(await response.text(), '');
});

test('toNodeListener refuses a non-function with a clear TypeError', () => {
  assert.throws(() => toNodeListener(undefined), { name: 'TypeError', message: /toNodeListener received undefined/ });
});
