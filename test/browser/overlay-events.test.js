// Klarna's overlay events, in real Chromium: the library's page-wide `fullscreenOverlayShown` /
// `fullscreenOverlayHidden` become `klarna-overlay-shown` / `klarna-overlay-hidden` on the element whose
// authorization is open (bubbling and composed), and on no other element.
import { expect, oneEvent } from '@open-wc/testing';
import '../../dist/element/index.js';
import { fakeClientToken, installFakeKlarna } from '../../dist/testing/index.js';

/** Mounts an element on a page-rendered client token and resolves once it is ready. */
async function mountReady() {
  const el = document.createElement('klarna-checkout-button');
  el.clientToken = fakeClientToken({ payment_method_categories: ['pay_later'] });
  const ready = oneEvent(el, 'klarna-ready');
  document.body.append(el);
  await ready;
  await el.updateComplete;
  return el;
}

describe('<klarna-checkout-button> overlay events', () => {
  let fake;
  beforeEach(() => {
    fake = installFakeKlarna();
  });
  afterEach(() => {
    fake.uninstall();
    for (const el of document.querySelectorAll('klarna-checkout-button')) el.remove();
  });

  it('turns Klarna\'s overlay events into klarna-overlay-shown / -hidden while its authorization is open', async () => {
    const el = await mountReady();
    const seen = [];
    for (const type of ['klarna-overlay-shown', 'klarna-overlay-hidden']) {
      document.addEventListener(type, (event) => seen.push([event.type, event.bubbles, event.composed, event.detail, event.target]));
    }
    const held = fake.holdNext('authorize');
    const authorizing = el.authorize();
    await held.called;
    fake.emit('fullscreenOverlayShown');
    fake.emit('fullscreenOverlayHidden');
    held.release();
    await authorizing;
    expect(seen).to.deep.equal([
      ['klarna-overlay-shown', true, true, { paymentMethodCategory: 'pay_later' }, el],
      ['klarna-overlay-hidden', true, true, { paymentMethodCategory: 'pay_later' }, el],
    ]);
  });

  it('an overlay that is not this element\'s (no authorization open) dispatches nothing', async () => {
    const el = await mountReady();
    let count = 0;
    el.addEventListener('klarna-overlay-shown', () => (count += 1));
    el.addEventListener('klarna-overlay-hidden', () => (count += 1));
    fake.emit('fullscreenOverlayShown');
    fake.emit('fullscreenOverlayHidden');
    expect(count).to.equal(0);
  });

  it('with two elements, only the one authorizing hears the overlay', async () => {
    const first = await mountReady();
    const second = await mountReady();
    const heard = [];
    first.addEventListener('klarna-overlay-shown', () => heard.push('first'));
    second.addEventListener('klarna-overlay-shown', () => heard.push('second'));
    const held = fake.holdNext('authorize');
    const authorizing = second.authorize();
    await held.called;
    fake.emit('fullscreenOverlayShown');
    held.release();
    await authorizing;
    expect(heard).to.deep.equal(['second']);
  });
});
