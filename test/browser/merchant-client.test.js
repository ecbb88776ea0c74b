import { expect, aTimeout } from '@open-wc/testing';
import { createMerchantClient, MerchantBackendError } from '../../dist/merchant-client/index.js';
import { KlarnaError } from '../../dist/errors/index.js';
import { json, recordingFetch, rejectionOf as rejection } from '../fixtures/browser-test-helpers.js';

const SESSION = {
  session_id: 'sess-1',
  client_token: 'header.payload.signature',
  payment_method_categories: [{ identifier: 'klarna', name: 'Pay with Klarna' }],
  order_amount: 11900,
  purchase_currency: 'EUR',
};
const ORDER = { order_id: 'order-1', redirect_url: 'https://shop.example/thanks', fraud_status: 'ACCEPTED' };
const SECRET_TOKEN = 'auth-7f3c2b1e-secret-token';
const ORDER_BODY = { authorization_token: SECRET_TOKEN, session_id: 'sess-1', cart: { items: [{ sku: 'A', qty: 1 }] } };

/** A fetch that never answers until its signal aborts (or never, when it ignores the signal). */
function hangingFetch({ honourSignal = true } = {}) {
  let calls = 0;
  const fetch = (input, init) => {
    calls += 1;
    return new Promise((_, reject) => {
      if (honourSignal) init.signal.addEventListener('abort', () => reject(init.signal.reason));
    });
  };
  return { fetch, count: () => calls };
}

describe('merchant client: requests on the wire', () => {
  it('POSTs the session request as JSON with the JSON headers and credentials', async () => {
    const { fetch, requests } = recordingFetch(() => json(SESSION));
    const client = createMerchantClient({ sessionUrl: '/checkout/session', fetch });
    const session = await client.createSession({ cart: { items: [1, 2] }, session_id: 'old' });
    expect(session).to.deep.equal(SESSION);
    expect(requests).to.have.length(1);
    const [request] = requests;
    expect(request.method).to.equal('POST');
    expect(new URL(request.url).pathname).to.equal('/checkout/session');
    expect(request.headers.get('Content-Type')).to.equal('application/json');
    expect(request.headers.get('Accept')).to.equal('application/json');
    expect(request.credentials).to.equal('same-origin');
    expect(await request.json()).to.deep.equal({ cart: { items: [1, 2] }, session_id: 'old' });
  });

  it('POSTs the order request to orderUrl and returns the order', async () => {
    const { fetch, requests } = recordingFetch(() => json(ORDER));
    const client = createMerchantClient({ sessionUrl: '/s', orderUrl: '/checkout/order', fetch, credentials: 'include' });
    expect(await client.placeOrder(ORDER_BODY)).to.deep.equal(ORDER);
    expect(new URL(requests[0].url).pathname).to.equal('/checkout/order');
    expect(requests[0].credentials).to.equal('include');
    expect(await requests[0].json()).to.deep.equal(ORDER_BODY);
  });

  it('adds static headers, and calls a header function before every request', async () => {
    const { fetch, requests } = recordingFetch(() => json(SESSION));
    let counter = 0;
    const client = createMerchantClient({
      sessionUrl: '/s',
      fetch,
      headers: async () => ({ 'X-CSRF-Token': `csrf-${++counter}`, 'Content-Type': 'text/plain' }),
    });
    await client.createSession({ cart: {} });
    await client.createSession({ cart: {} });
    expect(requests.map((r) => r.headers.get('X-CSRF-Token'))).to.deep.equal(['csrf-1', 'csrf-2']);
    expect(requests[0].headers.get('Content-Type'), 'the body is JSON whatever the headers say').to.equal('application/json');

    const fixed = recordingFetch(() => json(SESSION));
    await createMerchantClient({ sessionUrl: '/s', fetch: fixed.fetch, headers: [['X-Shop', 'one']] }).createSession({ cart: {} });
    expect(fixed.requests[0].headers.get('X-Shop')).to.equal('one');
  });

  it('uses the global fetch by default, against a real HTTP server', async () => {
    const client = createMerchantClient({ sessionUrl: '/does-not-exist-merchant-endpoint?status=503' });
    const error = await rejection(client.createSession({ cart: {} }));
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error.status).to.equal(503);
    expect(error.code).to.equal('http_503');
    expect(error.retryable).to.equal(true);
  });
});

describe('merchant client: error mapping', () => {
  for (const [code, status] of [
    ['authorization_expired', 404],
    ['authorization_consumed', 403],
    ['amount_mismatch', 409],
    ['authorization_rejected', 403],
  ]) {
    it(`maps ${code} to reauthorize: true even when the body omits the flag`, async () => {
      const { fetch } = recordingFetch(() => json({ error: { code, message: `Klarna said no to ${SECRET_TOKEN}.` } }, status));
      const error = await rejection(createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY));
      expect(error).to.be.instanceOf(MerchantBackendError);
      expect(error).to.be.instanceOf(KlarnaError);
      expect(error.name).to.equal('MerchantBackendError');
      expect(error).to.include({ status, code, reauthorize: true, retryable: false });
      expect(error.message).to.contain('Klarna said no');
      expect(error.message, 'the authorization token is redacted').to.not.contain(SECRET_TOKEN);
    });
  }

  it("keeps the server's shopper-safe message verbatim as serverMessage, and quotes it in the long message", async () => {
    const words = 'The cart is empty: add a product first.';
    const { fetch } = recordingFetch(() => json({ error: { code: 'bad_request', message: words } }, 400));
    const error = await rejection(createMerchantClient({ sessionUrl: '/api/klarna/session', fetch }).createSession({ cart: {} }));
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error).to.include({ status: 400, code: 'bad_request', serverMessage: words, reauthorize: false, retryable: false });
    expect(error.message).to.equal('POST /api/klarna/session answered HTTP 400 bad_request: The cart is empty: add a product first.');

    const quiet = recordingFetch(() => json({ error: { code: 'bad_request', message: 7 } }, 400));
    const withoutWords = await rejection(createMerchantClient({ sessionUrl: '/s', fetch: quiet.fetch }).createSession({ cart: {} }));
    expect(withoutWords.serverMessage, 'a message that is not text is not kept').to.equal(undefined);
    expect(withoutWords.message).to.equal('POST /s answered HTTP 400 bad_request.');
  });

  it('redacts the authorization token in serverMessage too', async () => {
    const { fetch } = recordingFetch(() => json({ error: { code: 'authorization_consumed', message: `Token ${SECRET_TOKEN} was used.` } }, 403));
    const error = await rejection(createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY));
    expect(error.serverMessage).to.equal('Token [redacted] was used.');
  });

  it('honours reauthorize: true in the body for other codes', async () => {
    const { fetch } = recordingFetch(() => json({ error: { code: 'custom_refusal', message: 'No.', reauthorize: true } }, 400));
    const error = await rejection(createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY));
    expect(error).to.include({ status: 400, code: 'custom_refusal', reauthorize: true, retryable: false });
  });

  const statusCases = [
    [400, 'bad_request', false],
    [429, 'too_many', true],
    [500, 'internal_error', true],
    [502, 'klarna_unavailable', true],
    [502, 'klarna_configuration', false],
  ];
  for (const [status, code, retryable] of statusCases) {
    it(`maps HTTP ${status} with code ${code} to retryable ${retryable}`, async () => {
      const { fetch } = recordingFetch(() => json({ error: { code, message: 'Failure.', reauthorize: false } }, status));
      const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }));
      expect(error).to.include({ status, code, reauthorize: false, retryable });
    });
  }

  for (const [status, body, retryable] of [
    [500, '<html>Internal Server Error</html>', true],
    [404, '', false],
    [403, JSON.stringify({ message: 'forbidden' }), false],
    [429, '', true],
  ]) {
    it(`maps HTTP ${status} without the error shape to http_${status}`, async () => {
      const { fetch } = recordingFetch(() => new Response(body, { status, headers: { 'Content-Type': 'text/html' } }));
      const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }));
      expect(error).to.include({ status, code: `http_${status}`, reauthorize: false, retryable });
      expect(error.message).to.contain(String(status));
    });
  }

  it('never retries a POST by itself: exactly one call on 5xx', async () => {
    const { fetch, requests } = recordingFetch(() => json({ error: { code: 'internal_error', message: 'Boom.' } }, 500));
    await rejection(createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY));
    await aTimeout(50);
    expect(requests).to.have.length(1);
  });

  it('maps a network failure to network_error, retryable, status 0', async () => {
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      throw new TypeError('Failed to fetch');
    };
    const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }));
    expect(error).to.include({ status: 0, code: 'network_error', retryable: true, reauthorize: false });
    expect(error.cause).to.be.instanceOf(TypeError);
    expect(calls).to.equal(1);
  });

  it('maps a real connection failure to network_error', async () => {
    const error = await rejection(createMerchantClient({ sessionUrl: 'http://127.0.0.1:1/session' }).createSession({ cart: {} }));
    expect(error).to.include({ status: 0, code: 'network_error', retryable: true });
  });

  it('rejects before any request when a URL is missing', async () => {
    const { fetch, requests } = recordingFetch(() => json(ORDER));
    const client = createMerchantClient({ sessionUrl: '/s', fetch });
    const error = await rejection(client.placeOrder(ORDER_BODY));
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error).to.include({ code: 'missing_url', status: 0, retryable: false });
    expect(error.message).to.contain('orderUrl');
    const sessionError = await rejection(createMerchantClient({ orderUrl: '/o', fetch }).createSession({ cart: {} }));
    expect(sessionError.message).to.contain('sessionUrl');
    for (const empty of [null, '']) {
      const error = await rejection(createMerchantClient({ sessionUrl: empty, orderUrl: empty, fetch }).placeOrder(ORDER_BODY));
      expect(error.code, `orderUrl ${JSON.stringify(empty)}`).to.equal('missing_url');
    }
    expect(requests).to.have.length(0);
  });

  it('rejects bad options when the client is created', () => {
    expect(() => createMerchantClient({ sessionUrl: 42 })).to.throw(KlarnaError, /sessionUrl/);
    expect(() => createMerchantClient({ timeoutMs: -1 })).to.throw(KlarnaError, /timeoutMs.*-1/);
    expect(() => createMerchantClient({ fetch: 'fetch' })).to.throw(KlarnaError, /fetch/);
    expect(() => createMerchantClient(undefined)).to.throw(KlarnaError);
  });
});

describe('merchant client: the development build explains each kind of failure', () => {
  // The tests run under the `development` condition: each failure gets the long message for its kind.
  const cases = [
    ['no URL', {}, () => json(SESSION), 'createSession() needs a URL; pass sessionUrl to createMerchantClient().'],
    ['a time-out', { sessionUrl: '/s', timeoutMs: 50 }, 'hang', 'POST /s got no answer within 50 ms; check the server or raise timeoutMs.'],
    ['a network failure', { sessionUrl: '/s' }, () => Promise.reject(new TypeError('Failed to fetch')), 'POST /s failed (Failed to fetch); check the network and sessionUrl.'],
    ['an invalid success body', { sessionUrl: '/s' }, () => json({ session_id: 's' }), 'POST /s answered HTTP 200 with an invalid body: `client_token` is missing (expected a non-empty string).'],
    ['an answer outside the protocol', { sessionUrl: '/s' }, () => new Response('<html>Bad Gateway</html>', { status: 502 }), 'POST /s answered HTTP 502 without an { error: { code } } body; check that sessionUrl is the checkout handler.'],
    ['a protocol refusal', { sessionUrl: '/s' }, () => json({ error: { code: 'bad_request', message: 'The cart is empty.' } }, 400), 'POST /s answered HTTP 400 bad_request: The cart is empty.'],
  ];
  for (const [name, options, answer, message] of cases) {
    it(`${name}: ${message}`, async () => {
      const fetch = answer === 'hang' ? hangingFetch().fetch : recordingFetch(answer).fetch;
      const error = await rejection(createMerchantClient({ ...options, fetch }).createSession({ cart: {} }));
      expect(error).to.be.instanceOf(MerchantBackendError);
      expect(error.message).to.equal(message);
    });
  }

  it('a refused token: the long message says to authorize again', async () => {
    const { fetch } = recordingFetch(() => json({ error: { code: 'authorization_consumed', message: 'Already used.' } }, 409));
    const error = await rejection(createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY));
    expect(error.message).to.equal('POST /o answered HTTP 409 authorization_consumed: Already used; authorize again.');
  });
});

describe('merchant client: invalid success bodies', () => {
  const sessionCases = {
    'not JSON': ['<html>ok</html>', /not JSON/],
    empty: ['', /empty/],
    'an array': [[], /array/],
    'missing client_token': [{ ...SESSION, client_token: undefined }, /`client_token` is missing/],
    'numeric session_id': [{ ...SESSION, session_id: 7 }, /`session_id` must be a non-empty string \(received a number\)/],
    'fractional order_amount': [{ ...SESSION, order_amount: 10.5 }, /order_amount/],
    'string order_amount': [{ ...SESSION, order_amount: '100' }, /order_amount/],
    'categories not an array': [{ ...SESSION, payment_method_categories: 'klarna' }, /payment_method_categories/],
    'category without identifier': [{ ...SESSION, payment_method_categories: [{ name: 'x' }] }, /payment_method_categories\[0\]/],
    'missing purchase_currency': [{ ...SESSION, purchase_currency: undefined }, /purchase_currency/],
  };
  for (const [name, [body, pattern]] of Object.entries(sessionCases)) {
    it(`createSession rejects a 200 body that is ${name} with invalid_response`, async () => {
      const { fetch } = recordingFetch(() => json(body));
      const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }));
      expect(error).to.be.instanceOf(MerchantBackendError);
      expect(error).to.include({ code: 'invalid_response', status: 200, retryable: false });
      expect(error.message).to.match(pattern);
      expect(error.message).to.not.contain(SESSION.client_token);
    });
  }

  for (const [name, body] of Object.entries({
    'missing order_id': { redirect_url: '/x' },
    'numeric redirect_url': { order_id: 'o', redirect_url: 5 },
    null: null,
  })) {
    it(`placeOrder rejects a body with ${name}`, async () => {
      const { fetch } = recordingFetch(() => json(body));
      const error = await rejection(createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY));
      expect(error).to.include({ code: 'invalid_response' });
      expect(error.message).to.not.contain(SECRET_TOKEN);
    });
  }

  it('accepts an order with only order_id', async () => {
    const { fetch } = recordingFetch(() => json({ order_id: 'o-9' }, 201));
    expect(await createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY)).to.deep.equal({ order_id: 'o-9' });
  });
});

describe('merchant client: abort and time-out', () => {
  it('the caller signal aborts the request and rejects with its reason as is', async () => {
    const { fetch, count } = hangingFetch();
    const controller = new AbortController();
    const pending = createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }, { signal: controller.signal });
    await aTimeout(10);
    controller.abort();
    const error = await rejection(pending);
    expect(error).to.equal(controller.signal.reason);
    expect(error.name).to.equal('AbortError');
    expect(error).to.not.be.instanceOf(MerchantBackendError);
    expect(count()).to.equal(1);
  });

  it('a custom abort reason comes back unchanged, even from a fetch that ignores the signal', async () => {
    const { fetch } = hangingFetch({ honourSignal: false });
    const controller = new AbortController();
    const reason = new Error('The shopper left.');
    const pending = createMerchantClient({ orderUrl: '/o', fetch }).placeOrder(ORDER_BODY, { signal: controller.signal });
    await aTimeout(5);
    controller.abort(reason);
    expect(await rejection(pending)).to.equal(reason);
  });

  it('an already aborted signal sends nothing', async () => {
    const { fetch, requests } = recordingFetch(() => json(SESSION));
    const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch }).createSession({ cart: {} }, { signal: AbortSignal.abort() }));
    expect(error.name).to.equal('AbortError');
    expect(requests).to.have.length(0);
  });

  it('the time-out aborts the fetch and rejects with code timeout', async () => {
    let signal;
    const fetch = (input, init) => {
      signal = init.signal;
      return new Promise(() => {});
    };
    const started = performance.now();
    const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch, timeoutMs: 80 }).createSession({ cart: {} }));
    expect(performance.now() - started).to.be.at.least(75);
    expect(error).to.be.instanceOf(MerchantBackendError);
    expect(error).to.include({ code: 'timeout', status: 0, retryable: true, reauthorize: false });
    expect(signal.aborted, 'the fetch itself is aborted').to.equal(true);
  });

  it('times out a real slow server', async () => {
    const error = await rejection(createMerchantClient({ sessionUrl: '/slow-merchant?delay=2000', timeoutMs: 100 }).createSession({ cart: {} }));
    expect(error).to.include({ code: 'timeout', status: 0 });
  });

  it('the time-out also covers reading the body', async () => {
    const fetch = async () =>
      new Response(new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode('{"session_id":')); } }), { status: 200 });
    const error = await rejection(createMerchantClient({ sessionUrl: '/s', fetch, timeoutMs: 80 }).createSession({ cart: {} }));
    expect(error.code).to.equal('timeout');
  });

  it('a request that answers in time is not affected by the time-out later', async () => {
    const { fetch } = recordingFetch(() => json(SESSION));
    const session = await createMerchantClient({ sessionUrl: '/s', fetch, timeoutMs: 30 }).createSession({ cart: {} });
    await aTimeout(60);
    expect(session.session_id).to.equal('sess-1');
  });
});
