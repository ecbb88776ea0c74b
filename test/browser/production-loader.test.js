// The loader as production ships it: the CDN bundle (dist/cdn, built by `npm run build`) resolves `#dev-mode` with the
// default conditions, so no developer help is there. Same behaviour as in development (test/browser/loader*.test.js),
// the same error classes and fields, only short messages. Rebuild the bundle after changing src/.
import { expect } from '@open-wc/testing';
import {
  KLARNA_LOAD_ERROR_REASONS,
  KLARNA_PAYMENTS_SRC,
  KlarnaLoadError,
  loadKlarnaPayments,
} from '../../dist/cdn/klarna-checkout-button.js';
import { loaderFixtureUrl as fixtureUrl, rejectionOf, tagsFor } from '../fixtures/browser-test-helpers.js';

const bundleUrl = new URL('../../dist/cdn/klarna-checkout-button.js', import.meta.url).href;

afterEach(() => {
  delete window.Klarna;
  delete window.klarnaAsyncCallback;
});

describe('loadKlarnaPayments in the production CDN bundle', () => {
  it('exports the loader API', () => {
    expect(KLARNA_PAYMENTS_SRC).to.equal('https://x.klarnacdn.net/kp/lib/v1/api.js');
    expect([...KLARNA_LOAD_ERROR_REASONS]).to.deep.equal(['network', 'timeout', 'blocked', 'missing-global', 'no-dom']);
    expect(Object.isFrozen(KLARNA_LOAD_ERROR_REASONS)).to.equal(true);
    expect(KlarnaLoadError.prototype).to.be.instanceOf(Error);
  });

  it('rejects bad options with a TypeError or RangeError and a short message naming the option', async () => {
    const cases = [
      [null, TypeError, 'options'],
      [{ src: '' }, TypeError, 'src'],
      [{ src: 'https://[broken' }, TypeError, 'src'], // not a URL: found when resolving it against the page
      [{ nonce: 7 }, TypeError, 'nonce'],
      [{ timeoutMs: -5 }, RangeError, 'timeoutMs'],
      [{ retries: 1.5 }, RangeError, 'retries'],
      [{ retryDelayMs: Infinity }, RangeError, 'retryDelayMs'],
    ];
    for (const [options, type, name] of cases) {
      const error = await rejectionOf(loadKlarnaPayments(options));
      expect(error.constructor, JSON.stringify(options)).to.equal(type);
      expect(error.message).to.equal(`Bad loadKlarnaPayments option ${name}.`);
    }
  });

  it('inserts one script with the nonce for concurrent loads and resolves all with window.Klarna.Payments', async () => {
    const src = fixtureUrl('klarna-payments.js');
    const results = await Promise.all(Array.from({ length: 5 }, () => loadKlarnaPayments({ src, nonce: 'n0nce' })));

    const tags = tagsFor(src);
    expect(tags).to.have.length(1);
    expect(tags[0].nonce).to.equal('n0nce');
    expect(tags[0].async).to.equal(true);
    expect(window.__loaderFixtureRuns[src]).to.equal(1);
    for (const payments of results) expect(payments).to.equal(window.Klarna.Payments);
  });

  it('resolves at once with an existing window.Klarna.Payments, adding no script', async () => {
    const payments = { already: 'here' };
    window.Klarna = { Payments: payments };
    const before = document.scripts.length;
    expect(await loadKlarnaPayments({ src: fixtureUrl('klarna-payments.js') })).to.equal(payments);
    expect(document.scripts.length).to.equal(before);
  });

  it("chains to the page's klarnaAsyncCallback, which runs once", async () => {
    let calls = 0;
    window.klarnaAsyncCallback = () => {
      calls += 1;
    };
    await loadKlarnaPayments({ src: fixtureUrl('klarna-payments-late.js') });
    window.klarnaAsyncCallback();
    expect(calls).to.equal(1);
  });

  it('retries a network failure, then rejects with a KlarnaLoadError: reason, src, attempts, cause, tag removed', async () => {
    const src = fixtureUrl('klarna-payments.js', '&status=404');
    const error = await rejectionOf(loadKlarnaPayments({ src, retries: 1, retryDelayMs: 5 }));

    expect(error).to.be.instanceOf(KlarnaLoadError);
    expect(error.name).to.equal('KlarnaLoadError');
    expect(error.reason).to.equal('network');
    expect(error.src).to.equal(src);
    expect(error.attempts).to.equal(2);
    expect(error.cause).to.be.instanceOf(Event);
    expect(error.message).to.equal(`Could not load ${src}: network.`);
    expect(tagsFor(src)).to.have.length(0);
  });

  it('rejects with reason timeout, and without a cause', async () => {
    const src = fixtureUrl('klarna-payments.js', '&delay=3000');
    const error = await rejectionOf(loadKlarnaPayments({ src, timeoutMs: 100, retries: 0 }));

    expect(error.reason).to.equal('timeout');
    expect(error.attempts).to.equal(1);
    expect('cause' in error).to.equal(false);
    expect(error.message).to.equal(`Could not load ${src}: timeout.`);
    expect(tagsFor(src)).to.have.length(0);
  });

  it('rejects with reason missing-global without retrying, then forgets the failure', async () => {
    const src = fixtureUrl('no-klarna-global.js');
    const error = await rejectionOf(loadKlarnaPayments({ src, retries: 2, retryDelayMs: 5 }));
    expect(error.reason).to.equal('missing-global');
    expect(error.attempts).to.equal(1);
    expect(tagsFor(src)).to.have.length(0);

    const again = await rejectionOf(loadKlarnaPayments({ src, retries: 0 }));
    expect(again).to.not.equal(error);
    expect(window.__loaderFixtureRuns[src]).to.equal(2);
  });

  it('rejects with reason blocked when the Content Security Policy forbids the script', async () => {
    const otherHost = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const src = `${location.protocol}//${otherHost}:${location.port}/test/fixtures/loader/klarna-payments.js?case=prod-csp-${Date.now()}`;
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html>
<meta http-equiv="Content-Security-Policy" content="script-src 'nonce-frame-nonce' ${location.origin}">
<script type="module" nonce="frame-nonce">
  const { loadKlarnaPayments } = await import(${JSON.stringify(bundleUrl)});
  loadKlarnaPayments({ src: ${JSON.stringify(src)}, retries: 2, retryDelayMs: 300 }).then(
    () => parent.postMessage({ ok: true }, '*'),
    (error) => parent.postMessage({ name: error.name, reason: error.reason, attempts: error.attempts, message: error.message,
      tags: document.querySelectorAll('script[src]').length }, '*'));
</script>`;
    const result = new Promise((resolve) => window.addEventListener('message', (event) => resolve(event.data), { once: true }));
    document.body.append(frame);
    try {
      expect(await result).to.deep.equal({
        name: 'KlarnaLoadError',
        reason: 'blocked',
        attempts: 1,
        message: `Could not load ${src}: blocked.`,
        tags: 0,
      });
    } finally {
      frame.remove();
    }
  });
});
