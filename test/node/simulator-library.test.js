// The simulator serves its browser library: /kp/lib/v1/api.js, the widget and consent-overlay pages and their
// assets, with the right content types, open CORS and a strict CSP on the pages. The bundle itself is run in a
// node:vm sandbox to show it is a classic script that installs Klarna.Payments and calls klarnaAsyncCallback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { startKlarnaSimulator } from '../../dist/simulator/index.js';

let simulator;

before(async () => {
  simulator = await startKlarnaSimulator();
});

after(async () => {
  await simulator?.stop();
});

async function get(path, init = {}) {
  const response = await fetch(`${simulator.url}${path}`, { headers: { Origin: 'http://shop.example' }, ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('the simulator serves its browser library', () => {
  it('GET /kp/lib/v1/api.js: 200 application/javascript with CORS *', async () => {
    const response = await get('/kp/lib/v1/api.js');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/javascript\b/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.ok(response.text.length > 1000, `api.js has ${response.text.length} characters`);
  });

  it('api.js is a classic, self-contained script: run without modules it installs Klarna.Payments and calls klarnaAsyncCallback once', async () => {
    const { text } = await get('/kp/lib/v1/api.js');
    assert.doesNotThrow(() => new vm.Script(text), 'api.js must parse as a classic script (no import/export)');
    let readyCalls = 0;
    const sandbox = {
      document: { currentScript: null },
      addEventListener() {},
      HTMLScriptElement: class {},
      setTimeout,
      clearTimeout,
      klarnaAsyncCallback() {
        readyCalls += 1;
      },
    };
    sandbox.window = sandbox;
    vm.createContext(sandbox);
    new vm.Script(text).runInContext(sandbox);
    const methods = ['init', 'load', 'authorize', 'reauthorize', 'finalize', 'on', 'off'];
    assert.deepEqual(methods.filter((name) => typeof sandbox.Klarna?.Payments?.[name] === 'function'), methods);
    assert.equal(readyCalls, 1);
    assert.throws(() => sandbox.Klarna.Payments.init({ client_token: 'not-a-token' }), (error) => error.name === 'InvalidClientTokenError');
  });

  for (const [name, path] of [
    ['widget', '/kp/widget/eu/payments?session_id=x&category=klarna'],
    ['consent overlay', '/kp/widget/na/authorize?session_id=x&mode=authorize'],
  ]) {
    it(`GET the ${name} page: 200 text/html, CORS *, a strict CSP and no inline script, style or event handler`, async () => {
      const response = await get(path);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type'), /^text\/html\b/);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const csp = response.headers.get('content-security-policy');
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /style-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.doesNotMatch(response.text, /<script(?![^>]*\ssrc=)[^>]*>/, 'every script has a src');
      assert.doesNotMatch(response.text, /<style|\sstyle=|\son[a-z]+=/i);
    });
  }

  it('the overlay page has the buttons "Approve purchase" and "Decline" and an e-mail field', async () => {
    const { text } = await get('/kp/widget/eu/authorize');
    assert.match(text, />Approve purchase<\/button>/);
    assert.match(text, />Decline<\/button>/);
    assert.match(text, /<input id="email"[^>]*type="email"/);
  });

  it('serves every script and the stylesheet the pages reference, with their content types', async () => {
    for (const page of ['/kp/widget/eu/payments', '/kp/widget/eu/authorize']) {
      const { text } = await get(page);
      const references = [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => new URL(match[1], `${simulator.url}${page}`).pathname);
      assert.ok(references.length >= 2, `${page} references ${references.join(', ')}`);
      for (const reference of references) {
        const asset = await get(reference);
        assert.equal(asset.status, 200, `${reference} answered ${asset.status}`);
        assert.match(asset.headers.get('content-type'), reference.endsWith('.css') ? /^text\/css\b/ : /^application\/javascript\b/);
        assert.equal(asset.headers.get('access-control-allow-origin'), '*');
        // The page scripts' own imports are served too.
        for (const match of asset.text.matchAll(/from\s*['"](\.\/[^'"]+)['"]/g)) {
          const imported = await get(new URL(match[1], `${simulator.url}${reference}`).pathname);
          assert.equal(imported.status, 200, `${match[1]} imported by ${reference} answered ${imported.status}`);
        }
      }
    }
  });

  it('answers 404 for other /kp paths, other methods and files outside the allow-list', async () => {
    for (const path of ['/kp/lib/v1/other.js', '/kp/widget/eu/unknown', '/kp/widget/assets/browser-assets.js', '/kp/widget/assets/../../../package.json', '/kp/widget/EU1/payments']) {
      const response = await get(path);
      assert.equal(response.status, 404, `${path} answered ${response.status}`);
    }
    const post = await get('/kp/lib/v1/api.js', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(post.status, 404);
  });

  it('answers the CORS preflight of the pages and the library', async () => {
    const response = await get('/kp/lib/v1/api.js', { method: 'OPTIONS', headers: { Origin: 'http://shop.example', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });
});
