// No layout shift, in real Chromium: the element reserves the widget's height while Klarna loads and follows
// `heightChanged`, so loading, category changes and reloads move nothing below it (Layout Instability API).
// The fake library stands in for Klarna's, with a widget that behaves like Klarna's: mounted at 230 px, then
// resized to its content's height with a `heightChanged`, just before `load`'s callback.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../dist/element/index.js';
import { KLARNA_INITIAL_WIDGET_HEIGHT } from '../../dist/element/widget-height.js';
import { installFakeKlarna } from '../../dist/testing/index.js';
import { sessionFetch } from '../fixtures/session-fetch.js';

/** Installs the fake library with Klarna-like widgets whose settled height per category is `heights`. */
function installKlarnaLikeFake(heights) {
  const fake = installFakeKlarna({
    latencyMs: 40,
    renderWidget: ({ options }) => {
      const widget = document.createElement('div');
      widget.style.height = `${KLARNA_INITIAL_WIDGET_HEIGHT}px`;
      widget.style.background = '#ffeaf2';
      setTimeout(() => {
        const height = heights[options.payment_method_category] ?? 200;
        widget.style.height = `${height}px`;
        fake.emit('heightChanged', height);
      }, 15);
      return widget;
    },
  });
  return fake;
}

/** Layout shifts (without recent input) since `from` (a performance.now() time). */
async function layoutShiftSince(from) {
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
  const entries = await new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      observer.disconnect();
      resolve(list.getEntries());
    }).observe({ type: 'layout-shift', buffered: true });
    // A page without any shift yields no callback: answer empty after a frame.
    requestAnimationFrame(() => setTimeout(() => resolve([]), 100));
  });
  return entries.filter((entry) => entry.startTime >= from && !entry.hadRecentInput).reduce((sum, entry) => sum + entry.value, 0);
}

/** Mounts the element followed by a paragraph; resolves once ready, with both. */
async function mountWithParagraph(categories, reservedHeight) {
  const host = document.createElement('div');
  host.style.width = '600px';
  const el = document.createElement('klarna-checkout-button');
  if (reservedHeight) el.style.setProperty('--klarna-checkout-button-reserved-height', `${reservedHeight}px`);
  el.setAttribute('session-url', '/s');
  el.setAttribute('locale', 'en');
  el.fetch = sessionFetch(categories);
  const below = document.createElement('p');
  below.textContent = 'Shipping and returns: free within 30 days. '.repeat(6);
  host.append(el, below);
  const ready = oneEvent(el, 'klarna-ready');
  document.body.append(host);
  return { host, el, below, ready };
}

const topOf = (node) => Math.round(node.getBoundingClientRect().top);

/** Picks `category` in the element's radio group, as a shopper's click does, and waits for the new widget. */
async function chooseCategory(el, category) {
  const ready = oneEvent(el, 'klarna-ready');
  const radio = [...el.shadowRoot.querySelectorAll('input[type=radio]')].find((input) => input.value === category);
  radio.click();
  await ready;
  await new Promise((resolve) => setTimeout(resolve, 60)); // the widget settles (heightChanged)
}

describe('<klarna-checkout-button> never makes the page jump', () => {
  let fake;
  let host;

  afterEach(() => {
    fake?.uninstall();
    host?.remove();
  });

  it('reserves Klarna\'s initial widget height while loading, so the first load moves nothing below', async () => {
    fake = installKlarnaLikeFake({ klarna: 180 });
    const mounted = await mountWithParagraph(['klarna']);
    host = mounted.host;
    await mounted.el.updateComplete;
    const box = mounted.el.shadowRoot.querySelector('[part=checkout]');
    expect(getComputedStyle(box).minHeight).to.equal(`${KLARNA_INITIAL_WIDGET_HEIGHT}px`);
    const start = performance.now();
    const topWhileLoading = topOf(mounted.below);
    await mounted.ready;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(topOf(mounted.below)).to.equal(topWhileLoading);
    expect(await layoutShiftSince(start)).to.equal(0);
  });

  it('category changes and reloads move nothing below; the box follows a widget that grows', async () => {
    fake = installKlarnaLikeFake({ pay_now: 210, pay_later: 190, pay_over_time: 170 });
    const mounted = await mountWithParagraph(['pay_now', 'pay_later', 'pay_over_time']);
    host = mounted.host;
    await mounted.ready;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const settledTop = topOf(mounted.below);
    const start = performance.now();
    for (const category of ['pay_later', 'pay_over_time', 'pay_now']) {
      await chooseCategory(mounted.el, category);
      expect(topOf(mounted.below), `after choosing ${category}`).to.equal(settledTop);
    }
    await mounted.el.reload();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(topOf(mounted.below), 'after reload()').to.equal(settledTop);
    expect(await layoutShiftSince(start)).to.equal(0);

    // The shopper opens something inside the widget: Klarna reports the new height and the box makes room.
    const widget = fake.callsOf('load').at(-1).options.container.firstElementChild;
    widget.style.height = '320px';
    fake.emit('heightChanged', 320);
    const box = mounted.el.shadowRoot.querySelector('[part=checkout]');
    await waitUntil(() => box.getBoundingClientRect().height >= 320, 'the box did not follow heightChanged');
  });

  it('a category whose widget is taller than any seen makes room once; going back moves nothing', async () => {
    fake = installKlarnaLikeFake({ pay_now: 170, pay_later: 260 });
    const mounted = await mountWithParagraph(['pay_now', 'pay_later']);
    host = mounted.host;
    await mounted.ready;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const firstTop = topOf(mounted.below);
    await chooseCategory(mounted.el, 'pay_later');
    const tallTop = topOf(mounted.below);
    expect(tallTop).to.be.greaterThan(firstTop);
    await chooseCategory(mounted.el, 'pay_now');
    expect(topOf(mounted.below)).to.equal(tallTop);
  });

  it('with two elements, a heightChanged from one widget does not grow the other\'s box', async () => {
    fake = installKlarnaLikeFake({ pay_now: 180 });
    const first = await mountWithParagraph(['pay_now']);
    host = first.host;
    await first.ready;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const firstBox = first.el.shadowRoot.querySelector('[part=checkout]');
    const before = firstBox.getBoundingClientRect().height;
    // Another widget on the page grows and Klarna reports it: page-wide, naming no widget.
    const other = document.createElement('div');
    other.style.height = '400px';
    host.append(other);
    fake.emit('heightChanged', 400);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(firstBox.getBoundingClientRect().height).to.equal(before);
  });

  it('with --klarna-checkout-button-reserved-height set to the page\'s real height, even a first load with categories moves nothing', async () => {
    fake = installKlarnaLikeFake({ pay_now: 190, pay_later: 240 });
    // Learn the box's real height on this page (what a merchant reads once in the browser's dev tools).
    const first = await mountWithParagraph(['pay_now', 'pay_later']);
    await first.ready;
    await chooseCategory(first.el, 'pay_later');
    const realHeight = Math.ceil(first.el.shadowRoot.querySelector('[part=checkout]').getBoundingClientRect().height);
    expect(realHeight).to.be.greaterThan(240);
    first.host.remove();

    const second = await mountWithParagraph(['pay_now', 'pay_later'], realHeight);
    host = second.host;
    await second.el.updateComplete;
    const start = performance.now();
    const topWhileLoading = topOf(second.below);
    await second.ready;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(topOf(second.below)).to.equal(topWhileLoading);
    await chooseCategory(second.el, 'pay_later');
    expect(topOf(second.below)).to.equal(topWhileLoading);
    expect(await layoutShiftSince(start)).to.equal(0);
  });
});
