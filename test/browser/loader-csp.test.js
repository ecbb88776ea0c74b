import { expect } from '@open-wc/testing';

// The loader runs inside an iframe whose srcdoc carries a Content-Security-Policy meta tag. The test page
// is served on one host name (localhost or 127.0.0.1); the same server under the other name is another
// origin, which the policy can allow or forbid.
const otherHost = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
const otherOrigin = `${location.protocol}//${otherHost}:${location.port}`;
let caseNumber = 0;

/** Runs loadKlarnaPayments(options) in a fresh iframe under `policy`; resolves with what the frame reported. */
async function loadInFrame(policy, options) {
  caseNumber += 1;
  const channel = `loader-csp-${Date.now()}-${caseNumber}`;
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html>
<meta http-equiv="Content-Security-Policy" content="${policy}">
<script type="module" nonce="frame-nonce">
  const report = (result) => parent.postMessage({ channel: ${JSON.stringify(channel)}, ...result }, '*');
  const violations = [];
  window.addEventListener('securitypolicyviolation', (event) => violations.push(event.blockedURI), true);
  try {
    const { loadKlarnaPayments } = await import(${JSON.stringify(new URL('/dist/loader/index.js', location.href).href)});
    const payments = await loadKlarnaPayments(${JSON.stringify(options)});
    report({ ok: true, fixture: payments.fixture, violations });
  } catch (error) {
    const tags = [...document.querySelectorAll('script[src]')].length;
    report({ ok: false, name: error.name, reason: error.reason, src: error.src, attempts: error.attempts,
      message: error.message, violations, tags });
  }
</script>`;
  const result = new Promise((resolve) => {
    const onMessage = (event) => {
      if (event.data?.channel !== channel) return;
      window.removeEventListener('message', onMessage);
      resolve(event.data);
    };
    window.addEventListener('message', onMessage);
  });
  document.body.append(frame);
  try {
    return await result;
  } finally {
    frame.remove();
  }
}

describe('loadKlarnaPayments under a Content Security Policy', () => {
  it('loads when the policy allows the script origin (the harness works)', async () => {
    const src = `${otherOrigin}/test/fixtures/loader/klarna-payments.js?case=csp-allowed-${Date.now()}`;
    const result = await loadInFrame(`script-src 'nonce-frame-nonce' ${location.origin} ${otherOrigin}`, { src });
    expect(result.ok, result.message).to.equal(true);
    expect(result.fixture).to.equal(src);
  });

  it('loads with a nonce-only policy when given the nonce', async () => {
    const src = `${otherOrigin}/test/fixtures/loader/klarna-payments.js?case=csp-nonce-${Date.now()}`;
    const result = await loadInFrame(`script-src 'nonce-frame-nonce' ${location.origin}`, { src, nonce: 'frame-nonce' });
    expect(result.ok, result.message).to.equal(true);
    expect(result.fixture).to.equal(src);
  });

  it("loads under 'strict-dynamic' without a nonce, because a trusted script inserts it", async () => {
    const src = `${otherOrigin}/test/fixtures/loader/klarna-payments.js?case=csp-strict-dynamic-${Date.now()}`;
    const result = await loadInFrame(`script-src 'nonce-frame-nonce' 'strict-dynamic'`, { src });
    expect(result.ok, result.message).to.equal(true);
    expect(result.fixture).to.equal(src);
  });

  it('rejects with reason blocked, without retrying, when the policy forbids the script origin', async () => {
    const src = `${otherOrigin}/test/fixtures/loader/klarna-payments.js?case=csp-blocked-${Date.now()}`;
    const started = performance.now();
    const result = await loadInFrame(`script-src 'nonce-frame-nonce' ${location.origin}`, {
      src,
      retries: 2,
      retryDelayMs: 300,
    });
    const elapsed = performance.now() - started;

    expect(result.ok).to.equal(false);
    expect(result.violations, JSON.stringify(result)).to.include(src);
    expect(result.name).to.equal('KlarnaLoadError');
    expect(result.reason).to.equal('blocked');
    expect(result.src).to.equal(src);
    expect(result.attempts).to.equal(1);
    expect(result.message).to.contain(src).and.to.contain(`Add ${otherOrigin} to the script-src`);
    expect(result.tags).to.equal(0);
    expect(elapsed).to.be.below(2000);
  });
});
