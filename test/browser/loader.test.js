import { expect } from '@open-wc/testing';
import { KlarnaError } from '../../dist/errors/index.js';
import { KLARNA_PAYMENTS_SRC, KlarnaLoadError, loadKlarnaPayments } from '../../dist/loader/index.js';
import * as mainEntry from '../../dist/index.js';
import { loaderFixtureUrl as fixtureUrl, rejectionOf, tagsFor } from '../fixtures/browser-test-helpers.js';

// Every test gets its own src (loaderFixtureUrl adds a unique query string), so the loader's one-promise-per-src
// memo never carries over between tests.

function runsOf(src) {
  return (window.__loaderFixtureRuns ?? {})[src] ?? 0;
}

/** Records every `<script>` with this src that is added to or removed from the document. */
function watchTags(src, onAdded = () => {}) {
  const record = { added: [], removed: [] };
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node instanceof HTMLScriptElement && node.src === src) {
          record.added.push(node);
          onAdded(node, record.added.length);
        }
      }
      for (const node of mutation.removedNodes) {
        if (node instanceof HTMLScriptElement && node.src === src) record.removed.push(node);
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  record.stop = () => {
    for (const mutation of observer.takeRecords()) void mutation;
    observer.disconnect();
  };
  return record;
}

afterEach(() => {
  delete window.Klarna;
  delete window.klarnaAsyncCallback;
  delete window.__loaderFixtureAllowed;
});

describe('loadKlarnaPayments', () => {
  it('is exported from the main entry too, with Klarna\'s CDN URL as the default src', () => {
    expect(mainEntry.loadKlarnaPayments).to.equal(loadKlarnaPayments);
    expect(mainEntry.KlarnaLoadError).to.equal(KlarnaLoadError);
    expect(KLARNA_PAYMENTS_SRC).to.equal('https://x.klarnacdn.net/kp/lib/v1/api.js');
  });

  it('inserts exactly one script for ten concurrent loads and resolves all with window.Klarna.Payments', async () => {
    const src = fixtureUrl('klarna-payments.js');
    const watch = watchTags(src);
    const results = await Promise.all(Array.from({ length: 10 }, () => loadKlarnaPayments({ src })));
    await Promise.resolve();
    watch.stop();

    expect(watch.added).to.have.length(1);
    expect(tagsFor(src)).to.have.length(1);
    expect(runsOf(src)).to.equal(1);
    expect(window.Klarna.Payments.fixture).to.equal(src);
    for (const payments of results) expect(payments).to.equal(window.Klarna.Payments);
  });

  it('adopts a matching script already on the page instead of adding a second one', async () => {
    const src = fixtureUrl('klarna-payments.js');
    const existing = document.createElement('script');
    existing.src = src.replace(location.origin, ''); // relative on the page, absolute in the loader
    document.head.append(existing);
    const watch = watchTags(src);

    const payments = await loadKlarnaPayments({ src });
    watch.stop();

    expect(payments).to.equal(window.Klarna.Payments);
    expect(watch.added).to.have.length(0);
    expect(tagsFor(src)).to.deep.equal([existing]);
    expect(runsOf(src)).to.equal(1);
  });

  it('resolves at once with an existing window.Klarna.Payments and adds no script', async () => {
    const payments = { already: 'here' };
    window.Klarna = { Payments: payments };
    const before = document.querySelectorAll('script').length;
    const src = fixtureUrl('klarna-payments.js');

    expect(await loadKlarnaPayments({ src })).to.equal(payments);
    expect(await loadKlarnaPayments()).to.equal(payments);
    expect(document.querySelectorAll('script').length).to.equal(before);
    expect(tagsFor(KLARNA_PAYMENTS_SRC)).to.have.length(0);
  });

  it('puts the nonce on the injected script and marks it async', async () => {
    const src = fixtureUrl('klarna-payments.js');
    let inserted;
    const watch = watchTags(src, (script) => {
      inserted = script;
    });
    await loadKlarnaPayments({ src, nonce: 'r4nd0m-n0nce' });
    watch.stop();

    expect(inserted).to.be.instanceOf(HTMLScriptElement);
    expect(inserted.nonce).to.equal('r4nd0m-n0nce');
    expect(inserted.async).to.equal(true);
  });

  it('resolves through klarnaAsyncCallback when the global appears after the load event', async () => {
    const src = fixtureUrl('klarna-payments-late.js');
    const started = performance.now();
    const payments = await loadKlarnaPayments({ src });
    const elapsed = performance.now() - started;

    expect(payments.fixture).to.equal(src);
    // The load-event fallback would wait 500 ms before giving up; the callback answers right after 60 ms.
    expect(elapsed).to.be.below(450);
  });

  it('resolves through the load event when Klarna never calls klarnaAsyncCallback', async () => {
    const src = fixtureUrl('klarna-payments-silent.js');
    const started = performance.now();
    const payments = await loadKlarnaPayments({ src, timeoutMs: 3000 });
    const elapsed = performance.now() - started;

    expect(payments.fixture).to.equal(src);
    // Resolved by the load event itself, not by the 500 ms grace that precedes missing-global.
    expect(elapsed).to.be.below(450);
  });

  it("chains to the page's klarnaAsyncCallback: it still runs, once", async () => {
    const calls = [];
    window.klarnaAsyncCallback = function pageCallback() {
      calls.push(window.Klarna?.Payments);
    };
    const src = fixtureUrl('klarna-payments.js');
    const payments = await loadKlarnaPayments({ src });
    window.klarnaAsyncCallback?.(); // a stray second call must not run the page's callback again

    expect(calls).to.have.length(1);
    expect(calls[0]).to.equal(payments);
  });

  it('rejects with reason timeout when the script is slower than timeoutMs, and removes the tag', async () => {
    const src = fixtureUrl('klarna-payments.js', '&delay=3000');
    const watch = watchTags(src);
    const started = performance.now();
    const error = await rejectionOf(loadKlarnaPayments({ src, timeoutMs: 200, retries: 0 }));
    const elapsed = performance.now() - started;
    watch.stop();

    expect(error).to.be.instanceOf(KlarnaLoadError);
    expect(error).to.be.instanceOf(KlarnaError);
    expect(error.name).to.equal('KlarnaLoadError');
    expect(error.reason).to.equal('timeout');
    expect(error.src).to.equal(src);
    expect(error.message).to.contain(src).and.to.contain('timeoutMs');
    expect(elapsed).to.be.within(150, 1500);
    expect(watch.added).to.have.length(1);
    expect(tagsFor(src)).to.have.length(0);
  });

  it('retries a time-out: retries + 1 attempts, each with its own tag', async () => {
    const src = fixtureUrl('klarna-payments.js', '&delay=3000');
    const watch = watchTags(src);
    const error = await rejectionOf(loadKlarnaPayments({ src, timeoutMs: 100, retries: 1, retryDelayMs: 5 }));
    watch.stop();

    expect(error.reason).to.equal('timeout');
    expect(error.attempts).to.equal(2);
    expect(error.retryable).to.equal(true);
    expect(watch.added).to.have.length(2);
    expect(tagsFor(src)).to.have.length(0);
  });

  it('retries a network failure retries + 1 times, then rejects with reason network', async () => {
    const src = fixtureUrl('klarna-payments.js', '&status=404');
    const watch = watchTags(src);
    const error = await rejectionOf(loadKlarnaPayments({ src, retries: 2, retryDelayMs: 5 }));
    await Promise.resolve();
    watch.stop();

    expect(error).to.be.instanceOf(KlarnaLoadError);
    expect(error.reason).to.equal('network');
    expect(error.attempts).to.equal(3);
    expect(error.retryable, 'a later attempt may succeed').to.equal(true);
    expect(error.cause).to.be.instanceOf(Event);
    expect(error.message).to.contain(src).and.to.contain('3 attempts');
    expect(watch.added).to.have.length(3);
    expect(watch.removed).to.have.length(3);
    expect(tagsFor(src)).to.have.length(0);
  });

  it('names the URL that failed and, for a download that failed or timed out, the offline way out: the simulator', async () => {
    const simulatorHint = 'library-src="http://localhost:4010/kp/lib/v1/api.js"';
    const unreachable = fixtureUrl('klarna-payments.js', '&status=503');
    const network = await rejectionOf(loadKlarnaPayments({ src: unreachable, retries: 0 }));
    expect(network.reason).to.equal('network');
    expect(network.message).to.equal(
      `Klarna's library at ${unreachable} failed to download; check the network connection and the URL. ` +
        'To work offline, run the Klarna simulator (npx klarna-simulator) and load its library instead: ' +
        `${simulatorHint} on the element, or the src option of loadKlarnaPayments() (see docs/simulator.md).`,
    );

    const slow = fixtureUrl('klarna-payments.js', '&delay=3000');
    const timeout = await rejectionOf(loadKlarnaPayments({ src: slow, timeoutMs: 100, retries: 0 }));
    expect(timeout.reason).to.equal('timeout');
    expect(timeout.message).to.contain(`Klarna's library at ${slow} did not load within 100 ms`).and.to.contain(simulatorHint);
  });

  it('makes a single attempt with retries: 0', async () => {
    const src = fixtureUrl('klarna-payments.js', '&status=503');
    const watch = watchTags(src);
    const error = await rejectionOf(loadKlarnaPayments({ src, retries: 0 }));
    watch.stop();

    expect(error.reason).to.equal('network');
    expect(error.attempts).to.equal(1);
    expect(watch.added).to.have.length(1);
  });

  it('succeeds on the retry when only the first attempt fails', async () => {
    // Served 300 ms late, so the first tag is still downloading when we fail it as the network would.
    const src = fixtureUrl('klarna-payments.js', '&delay=300');
    const watch = watchTags(src, (script, count) => {
      if (count === 1) script.dispatchEvent(new Event('error'));
    });
    const payments = await loadKlarnaPayments({ src, retryDelayMs: 5 });
    watch.stop();

    expect(payments).to.equal(window.Klarna.Payments);
    expect(watch.added).to.have.length(2);
    expect(watch.removed).to.deep.equal([watch.added[0]]);
    expect(tagsFor(src)).to.deep.equal([watch.added[1]]);
  });

  it('recovers from a real network failure on the retry (needs the /__fail-first test route)', async function () {
    const failFirstUrl = (n, key) =>
      new URL(`/__fail-first?n=${n}&key=${key}-${Date.now()}-${Math.random().toString(36).slice(2)}&file=/test/fixtures/loader/klarna-payments.js`, location.href).href;
    const probe = await fetch(failFirstUrl(1, 'probe'));
    expect(probe.status, 'the /__fail-first route of test/fixtures/delay-middleware.mjs').to.equal(503);

    const src = failFirstUrl(2, 'retry');
    const watch = watchTags(src);
    const payments = await loadKlarnaPayments({ src, retries: 2, retryDelayMs: 5 });
    watch.stop();

    expect(payments.fixture).to.equal(src);
    expect(watch.added).to.have.length(3);
    expect(watch.removed).to.have.length(2);
    expect(tagsFor(src)).to.deep.equal([watch.added[2]]);
    expect(runsOf(src)).to.equal(1);
  });

  it('rejects with reason missing-global when the script defines no Klarna.Payments, without retrying', async () => {
    const src = fixtureUrl('no-klarna-global.js');
    const watch = watchTags(src);
    const error = await rejectionOf(loadKlarnaPayments({ src, retries: 2, retryDelayMs: 5 }));
    watch.stop();

    expect(error).to.be.instanceOf(KlarnaLoadError);
    expect(error.reason).to.equal('missing-global');
    expect(error.attempts).to.equal(1);
    expect(error.retryable, 'loading the same script again cannot help').to.equal(false);
    expect(error.message).to.contain(src).and.to.contain('window.Klarna.Payments');
    expect(runsOf(src)).to.equal(1);
    expect(watch.added).to.have.length(1);
    expect(tagsFor(src)).to.have.length(0);
  });

  it('forgets a failure: the tag is gone and a later call loads afresh and succeeds', async () => {
    const src = fixtureUrl('klarna-payments-when-allowed.js');
    const first = await rejectionOf(loadKlarnaPayments({ src, retries: 0 }));
    expect(first.reason).to.equal('missing-global');
    expect(tagsFor(src)).to.have.length(0);

    window.__loaderFixtureAllowed = true;
    const watch = watchTags(src);
    const payments = await loadKlarnaPayments({ src, retries: 0 });
    watch.stop();

    expect(payments.fixture).to.equal(src);
    expect(watch.added).to.have.length(1);
    expect(runsOf(src)).to.equal(2);
  });

  it('replaces an adopted tag that never loads with a fresh one on retry', async () => {
    const src = fixtureUrl('klarna-payments.js');
    const stuck = document.createElement('script');
    stuck.noModule = true; // Chromium neither fetches nor runs it, so it never fires load or error
    stuck.src = src;
    document.head.append(stuck);
    const watch = watchTags(src);
    const payments = await loadKlarnaPayments({ src, timeoutMs: 200, retries: 1, retryDelayMs: 5 });
    watch.stop();

    expect(payments).to.equal(window.Klarna.Payments);
    expect(stuck.isConnected).to.equal(false);
    expect(watch.added).to.have.length(1);
    expect(tagsFor(src)).to.deep.equal([watch.added[0]]);
  });

  it('rejects invalid options with a message that names the value', async () => {
    const error = await rejectionOf(loadKlarnaPayments({ timeoutMs: -5 }));
    expect(error).to.be.instanceOf(RangeError);
    expect(error.message).to.contain('-5').and.to.contain('timeoutMs');
    const retriesError = await rejectionOf(loadKlarnaPayments({ retries: 1.5 }));
    expect(retriesError.message).to.contain('1.5');
  });
});
