// The merchant fetch adapter as merchants ship it: the production CDN bundle (`#dev-mode` helpers undefined), where
// answers are checked only for what the element needs and messages are short, but every failure keeps its typed error,
// code, status, reauthorize, retryable and the server's own words (serverMessage). (test/browser/merchant-client.test.js covers the development build.)
import { expect, aTimeout } from '@open-wc/testing';
import {
  createMerchantClient,
  MerchantBackendError,
  DEFAULT_MERCHANT_TIMEOUT_MS,
  KlarnaError,
} from '../../dist/cdn/klarna-checkout-button.js';
import { json, recordingFetch, rejectionOf as rejection } from '../fixtures/browser-test-helpers.js';

const SESSION = { session_id: 'sess-1', client_token: 'header.payload.signature', payment_method_categories: [{ identifier: 'klarna' }] };
const SECRET_TOKEN = 'auth-7f3c2b1e-secret-token';
const ORDER_BODY = { authorization_token: SECRET_TOKEN, session_id: 'sess-1', cart: { items: [] } };

/** The error a session request answered with `response` rejects with. */
async function sessionFailure(response) {
  const { fetch } = recordingFetch(() => response);
  return rejection(createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }));
}

describe('production merchant client: requests', () => {
  it('is the production build, with the documented default time-out', async () => {
    expect(DEFAULT_MERCHANT_TIMEOUT_MS).to.equal(30_000);
    const error = await sessionFailure(json({ error: { code: 'klarna_unavailable', message: 'Klarna is down.' } }, 503));
    expect(error.message, 'the short production message, with the server\'s words').to.equal('POST /s failed: HTTP 503 klarna_unavailable: Klarna is down.');
    expect(error.serverMessage).to.equal('Klarna is down.');
  });

  it('POSTs JSON with the JSON headers, the extra headers and the credentials mode', async () => {
    const { fetch, requests } = recordingFetch(() => json(SESSION));
    let calls = 0;
    const client = createMerchantClient({
      sessionUrl: '/checkout/session',
      fetch,
      credentials: 'include',
      headers: async () => ({ 'X-CSRF-Token': `csrf-${++calls}`, 'Content-Type': 'text/plain' }),
    });
    expect(await client.createSession({ cart: { items: [1] }, session_id: 'old' })).to.deep.equal(SESSION);
    await client.createSession({ cart: {} });
    const [request] = requests;
    expect(request.method).to.equal('POST');
    expect(new URL(request.url).pathname).to.equal('/checkout/session');
    expect(request.headers.get('Content-Type')).to.equal('application/json');
    expect(request.headers.get('Accept')).to.equal('application/json');
    expect(request.credentials).to.equal('include');
    expect(await request.json()).to.deep.equal({ cart: { items: [1] }, session_id: 'old' });
    expect(requests.map((r) => r.headers.get('X-CSRF-Token'))).to.deep.equal(['csrf-1', 'csrf-2']);
  });

  it('keeps a caller Accept header, takes static headers, and POSTs the order to orderUrl', async () => {
    const { fetch, requests } = recordingFetch(() => json({ order_id: 'o-1' }, 201));
    const client = createMerchantClient({ orderUrl: '/checkout/order', fetch, headers: [['Accept', 'application/vnd.shop+json']] });
    expect(await client.placeOrder(ORDER_BODY)).to.deep.equal({ order_id: 'o-1' });
    expect(new URL(requests[0].url).pathname).to.equal('/checkout/order');
    expect(requests[0].headers.get('Accept')).to.equal('application/vnd.shop+json');
    expect(requests[0].credentials).to.equal('same-origin');
    expect(await requests[0].json()).to.deep.equal(ORDER_BODY);
  });

  it('talks to a real HTTP server with the global fetch', async () => {
    const client = createMerchantClient({ sessionUrl: '/mock-merchant/session', orderUrl: '/mock-merchant/order?fail=409&code=amount_mismatch' });
    const session = await client.createSession({ cart: { amount: 500 } });
    expect(session.client_token).to.be.a('string');
    expect(session.order_amount).to.equal(500);
    const error = await rejection(client.placeOrder({ ...ORDER_BODY, session_id: session.session_id }));
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error).to.include({ status: 409, code: 'amount_mismatch', reauthorize: true, retryable: false });
    expect(error.serverMessage).to.equal('The mock merchant was told to fail with 409.');
    expect(error.message).to.equal(
      'POST /mock-merchant/order?fail=409&code=amount_mismatch failed: HTTP 409 amount_mismatch: The mock merchant was told to fail with 409.',
    );
  });
});

describe('production merchant client: answers', () => {
  it('accepts a session with only what the element needs', async () => {
    const minimal = { session_id: 's', client_token: 't' };
    const { fetch } = recordingFetch(() => json(minimal));
    expect(await createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} })).to.deep.equal(minimal);
  });

  const badSessions = {
    'not JSON': '<html>ok</html>',
    empty: '',
    null: 'null',
    'an array': [],
    'missing client_token': { session_id: 's' },
    'empty client_token': { session_id: 's', client_token: '' },
    'numeric client_token': { session_id: 's', client_token: 7 },
    'missing session_id': { client_token: 't' },
    'categories not an array': { ...SESSION, payment_method_categories: 'klarna' },
    'a category that is null': { ...SESSION, payment_method_categories: [null] },
    'a category without an identifier': { ...SESSION, payment_method_categories: [{ identifier: 'klarna' }, { name: 'Pay later' }] },
  };
  for (const [name, body] of Object.entries(badSessions)) {
    it(`answers invalid_response to a 200 session that is ${name}`, async () => {
      const error = await sessionFailure(json(body));
      expect(error).to.be.instanceOf(MerchantBackendError);
      expect(error).to.include({ name: 'MerchantBackendError', status: 200, code: 'invalid_response', reauthorize: false, retryable: false });
      expect(error.message).to.equal('POST /s failed: HTTP 200 invalid_response.');
    });
  }

  for (const [name, body] of Object.entries({ 'missing order_id': { redirect_url: '/x' }, 'empty order_id': { order_id: '' }, null: null })) {
    it(`answers invalid_response to an order with ${name}`, async () => {
      const { fetch } = recordingFetch(() => json(body));
      const error = await rejection(createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY));
      expect(error).to.include({ code: 'invalid_response', status: 200 });
    });
  }

  it('maps error answers to code, reauthorize and retryable', async () => {
    const cases = [
      [{ code: 'authorization_expired' }, 404, true, false],
      [{ code: 'authorization_consumed' }, 403, true, false],
      [{ code: 'authorization_rejected' }, 403, true, false],
      [{ code: 'amount_mismatch' }, 409, true, false],
      [{ code: 'custom_refusal', reauthorize: true }, 500, true, false],
      [{ code: 'bad_request' }, 400, false, false],
      [{ code: 'too_many' }, 429, false, true],
      [{ code: 'klarna_unavailable' }, 502, false, true],
      [{ code: 'klarna_configuration' }, 502, false, false],
    ];
    for (const [error, status, reauthorize, retryable] of cases) {
      const failure = await sessionFailure(json({ error: { message: 'No.', ...error } }, status));
      expect(failure, error.code).to.be.instanceOf(MerchantBackendError);
      expect(failure, error.code).to.include({ status, code: error.code, reauthorize, retryable });
      expect(failure.message).to.equal(`POST /s failed: HTTP ${status} ${error.code}: No.`);
      expect(failure.serverMessage, error.code).to.equal('No.');
    }
  });

  it("keeps the server's shopper-safe message verbatim, on the error and in its message", async () => {
    const words = 'The cart is empty: add a product first.';
    const { fetch } = recordingFetch(() => json({ error: { code: 'bad_request', message: words } }, 400));
    const error = await rejection(createMerchantClient({ sessionUrl: '/api/klarna/session', fetch }).createSession({ cart: {} }));
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error).to.include({ status: 400, code: 'bad_request', serverMessage: words, retryable: false });
    expect(error.message).to.equal('POST /api/klarna/session failed: HTTP 400 bad_request: The cart is empty: add a product first.');

    const spaced = await sessionFailure(json({ error: { code: 'bad_request', message: '  Two  spaces, no full stop ' } }, 400));
    expect(spaced.serverMessage, 'verbatim, white space and all').to.equal('  Two  spaces, no full stop ');
  });

  it('has no serverMessage when the answer carries no text message', async () => {
    for (const [name, response] of [
      ['no message', json({ error: { code: 'bad_request' } }, 400)],
      ['an empty message', json({ error: { code: 'bad_request', message: '' } }, 400)],
      ['a numeric message', json({ error: { code: 'bad_request', message: 42 } }, 400)],
      ['a message outside error', json({ message: 'Not the protocol.' }, 400)],
      ['an HTML page', new Response('<html>Bad Gateway</html>', { status: 502 })],
      ['a success body the element cannot use', json({ session_id: 's', message: 'ok' })],
    ]) {
      const error = await sessionFailure(response);
      expect(error, name).to.be.instanceOf(MerchantBackendError);
      expect(error.serverMessage, name).to.equal(undefined);
      expect(error.message, name).to.match(/^POST \/s failed: HTTP \d+ \w+\.$/);
    }
  });

  it('maps an answer without { error: { code } } to http_<status>', async () => {
    for (const [status, body, retryable] of [
      [500, '<html>Internal Server Error</html>', true],
      [404, '', false],
      [403, JSON.stringify({ error: { code: 42 } }), false],
      [429, 'null', true],
    ]) {
      const error = await sessionFailure(new Response(body, { status }));
      expect(error).to.include({ status, code: `http_${status}`, reauthorize: false, retryable });
      expect(error.message).to.equal(`POST /s failed: HTTP ${status} http_${status}.`);
    }
    const statusZero = await sessionFailure(Response.error());
    expect(statusZero, 'an answer without a status is not a network failure').to.include({ status: 0, code: 'http_0', retryable: false });
  });

  it('never puts the authorization token in a message, and never retries', async () => {
    const { fetch, requests } = recordingFetch(() => json({ error: { code: SECRET_TOKEN, message: SECRET_TOKEN } }, 500));
    const error = await rejection(createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY));
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error.message).to.not.contain(SECRET_TOKEN);
    expect(error.serverMessage, 'the server quoted the token: it is redacted there too').to.equal('[redacted]');
    await aTimeout(30);
    expect(requests).to.have.length(1);
  });
});

describe('production merchant client: failures before or without an answer', () => {
  it('maps a network failure to network_error with its cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const fetch = async () => {
      throw cause;
    };
    const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }));
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error).to.include({ status: 0, code: 'network_error', retryable: true, reauthorize: false, cause });
    expect(error.message).to.equal('POST /s failed: network_error.');
    expect(error.serverMessage).to.equal(undefined);
  });

  it('times out with code timeout, and Infinity means no time-out', async () => {
    let signal;
    const hanging = (input, init) => {
      signal = init.signal;
      return new Promise(() => {});
    };
    const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch: hanging, timeoutMs: 50 }).createSession({ cart: {} }));
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error).to.include({ status: 0, code: 'timeout', retryable: true, reauthorize: false });
    expect(error.message).to.equal('POST /s failed: timeout.');
    expect(signal.aborted).to.equal(true);

    const slow = async () => {
      await aTimeout(60);
      return json(SESSION);
    };
    expect(await createMerchantClient({ sessionUrl: '/s', fetch: slow, timeoutMs: Infinity }).createSession({ cart: {} })).to.deep.equal(SESSION);
  });

  it('rejects with the caller signal reason as is, and sends nothing when already aborted', async () => {
    const ignoring = () => new Promise(() => {});
    const controller = new AbortController();
    const reason = new Error('The shopper left.');
    const pending = createMerchantClient({ orderUrl: '/o', fetch: ignoring }).placeOrder(ORDER_BODY, { signal: controller.signal });
    await aTimeout(5);
    controller.abort(reason);
    expect(await rejection(pending)).to.equal(reason);

    const { fetch, requests } = recordingFetch(() => json(SESSION));
    const aborted = AbortSignal.abort();
    expect(await rejection(createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }, { signal: aborted }))).to.equal(aborted.reason);
    const stuckHeaders = createMerchantClient({ sessionUrl: '/s', fetch, headers: () => new Promise(() => {}) });
    expect(await rejection(stuckHeaders.createSession({ cart: {} }, { signal: aborted })), 'at once, not after the headers').to.equal(aborted.reason);
    expect(requests).to.have.length(0);
  });

  it('rejects with missing_url, naming the option, before any request', async () => {
    const { fetch, requests } = recordingFetch(() => json(SESSION));
    for (const [client, call, option] of [
      [createMerchantClient({ sessionUrl: '/s', fetch }), (c) => c.placeOrder(ORDER_BODY), 'orderUrl'],
      [createMerchantClient({ orderUrl: '', sessionUrl: null, fetch }), (c) => c.createSession({ cart: {} }), 'sessionUrl'],
    ]) {
      const error = await rejection(call(client));
      expect(error).to.be.instanceOf(MerchantBackendError);
      expect(error).to.include({ status: 0, code: 'missing_url', retryable: false, reauthorize: false });
      expect(error.message).to.contain(option);
    }
    expect(requests).to.have.length(0);
  });
});

describe('production merchant client: bad input', () => {
  it('throws a KlarnaError naming the bad option', () => {
    for (const [options, name] of [
      [undefined, 'options'],
      ['/s', 'options'],
      [{ sessionUrl: 42 }, 'sessionUrl'],
      [{ orderUrl: '   ' }, 'orderUrl'],
      [{ fetch: 'fetch' }, 'fetch'],
      [{ fetch: null }, 'fetch'],
      [{ timeoutMs: -1 }, 'timeoutMs'],
      [{ timeoutMs: '100' }, 'timeoutMs'],
      [{ headers: 'X-Shop: one' }, 'headers'],
    ]) {
      let thrown;
      try {
        createMerchantClient(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(options)).to.be.instanceOf(KlarnaError);
      expect(thrown).to.not.be.instanceOf(MerchantBackendError);
      expect(thrown.message).to.equal(`Bad createMerchantClient option ${name}.`);
    }
    expect(() => createMerchantClient({ sessionUrl: '', orderUrl: null, timeoutMs: null, headers: null })).to.not.throw();
  });

  it('rejects a bad order or an unserializable body with a KlarnaError', async () => {
    const { fetch, requests } = recordingFetch(() => json({ order_id: 'o' }));
    const client = createMerchantClient({ sessionUrl: '/s', orderUrl: '/o', fetch });
    for (const body of [undefined, { session_id: 's' }, { authorization_token: 7, session_id: 's' }, { authorization_token: 't' }]) {
      const error = await rejection(client.placeOrder(body));
      expect(error, JSON.stringify(body)).to.be.instanceOf(KlarnaError);
      expect(error.message).to.contain('authorization_token');
    }
    const error = await rejection(client.createSession({ cart: { total: 10n } }));
    expect(error).to.be.instanceOf(KlarnaError);
    expect(error).to.not.be.instanceOf(MerchantBackendError);
    expect(error.cause).to.be.instanceOf(TypeError);
    expect(error.message).to.equal('Bad session request body.');
    expect(requests).to.have.length(0);
  });
});
