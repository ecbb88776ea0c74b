// <klarna-checkout-button> in a Vue 3 app, set up as docs/vue.md describes (that guide's own example is built and run by
// test/node/docs-framework-examples.test.js): `isCustomElement` for the tag,
// `:cart.prop` for the cart, `@klarna-…` listeners. Vue's browser ESM build carries the template compiler, so the
// template below is compiled at run time; Klarna is the fake (dist/testing), the backend the mock merchant.
import { expect, waitUntil } from '@open-wc/testing';
import { compile, createApp, nextTick, shallowRef } from 'vue/dist/vue.esm-browser.js';
import '../../dist/index.js';
import { installFakeKlarna } from '../../dist/testing/index.js';

let keyCount = 0;
function uniqueKey() {
  keyCount += 1;
  return `vue${Date.now().toString(36)}${keyCount}`;
}

async function sessionRequests(key) {
  const response = await fetch(`/mock-merchant/log?key=${key}`);
  return (await response.json()).filter((entry) => entry.route === 'session');
}

/** A promise of the next value `push` receives, for Vue event handlers. */
function eventRecorder() {
  const events = [];
  let waiting = [];
  return {
    events,
    push(event) {
      events.push(event);
      for (const resolve of waiting) resolve(event);
      waiting = [];
    },
    next() {
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** The `isCustomElement` of the README's Vue setup (vite.config.js / app.config.compilerOptions). */
const isCustomElement = (tag) => tag.startsWith('klarna-');

const TEMPLATE = `
  <klarna-checkout-button
    ref="checkout"
    :session-url="sessionUrl"
    :cart.prop="cart"
    :authorizeData.prop="authorizeData"
    label="Pay with Klarna"
    @klarna-ready="onReady"
    @klarna-authorized="onAuthorized"
  ></klarna-checkout-button>`;

describe('<klarna-checkout-button> in Vue 3', () => {
  let fake;
  let app;
  let container;
  let warnings;

  beforeEach(() => {
    fake = installFakeKlarna();
    container = document.createElement('div');
    document.body.append(container);
    warnings = [];
  });

  afterEach(() => {
    app?.unmount();
    app = undefined;
    container.remove();
    fake?.uninstall();
  });

  /** Mounts the documented setup; returns the component's state and the event recorders. */
  function mountVueCheckout(key, initialCart) {
    const ready = eventRecorder();
    const authorized = eventRecorder();
    const cart = shallowRef(initialCart);
    const root = {
      template: TEMPLATE,
      setup() {
        return {
          sessionUrl: `/mock-merchant/session?key=${key}`,
          cart,
          authorizeData: () => ({ billing_address: { email: 'vue@example.com', country: 'DE' } }),
          onReady: (event) => ready.push(event),
          onAuthorized: (event) => authorized.push(event),
        };
      },
    };
    app = createApp(root);
    app.config.compilerOptions.isCustomElement = isCustomElement;
    app.config.warnHandler = (message) => warnings.push(message);
    const firstReady = ready.next();
    app.mount(container);
    return { cart, ready, authorized, firstReady };
  }

  it('compiles the tag as a plain element with the documented isCustomElement (as a build-time compiler must)', () => {
    // Vue's in-browser compiler would fall back to customElements.get(); Vite's compiler runs where no element is
    // defined, so only isCustomElement keeps it from resolving <klarna-checkout-button> as a Vue component.
    const withOption = compile(TEMPLATE, { isCustomElement }).toString();
    const without = compile(TEMPLATE, { isCustomElement: () => false }).toString();
    expect(without).to.include('resolveComponent("klarna-checkout-button")');
    expect(withOption).to.not.include('resolveComponent');
    expect(withOption).to.include('createElementBlock("klarna-checkout-button"');
    expect(withOption, ':cart.prop binds the DOM property').to.include('".cart": cart');
    expect(withOption, ':authorizeData.prop keeps the property name').to.include('".authorizeData": authorizeData');
    expect(withOption, '@klarna-ready listens to klarna-ready').to.include('onKlarnaReady');
  });

  it('passes the cart as a property, forwards attributes, and calls @klarna-ready', async () => {
    const key = uniqueKey();
    const initialCart = { items: [{ sku: 'TEE-M', quantity: 2 }], amount: 2000 };
    const { ready, firstReady } = mountVueCheckout(key, initialCart);
    const event = await firstReady;

    const element = container.querySelector('klarna-checkout-button');
    expect(warnings, 'Vue warnings (an unresolved component would warn)').to.deep.equal([]);
    expect(element.constructor.name).to.not.equal('HTMLElement'); // upgraded, not an unknown element
    expect(element.hasAttribute('cart'), 'cart is not an attribute').to.equal(false);
    expect(element.cart, 'the very cart object, not a serialised copy').to.equal(initialCart);
    expect(element.getAttribute('session-url')).to.equal(`/mock-merchant/session?key=${key}`);
    expect(element.shadowRoot.querySelector('button[part="button"]').textContent.trim()).to.equal('Pay with Klarna');

    const sessions = await sessionRequests(key);
    expect(sessions).to.have.length(1);
    const { revision, ...sent } = sessions[0].body;
    expect(sent).to.deep.equal({ cart: initialCart });
    expect(revision).to.be.a('number');
    expect(ready.events).to.have.length(1);
    expect(event.detail.sessionId).to.equal(sessions[0].response.session_id);
  });

  it('refreshes the session when a new cart is assigned, and calls @klarna-authorized', async () => {
    const key = uniqueKey();
    const { cart, ready, authorized, firstReady } = mountVueCheckout(key, { amount: 1000 });
    await firstReady;
    const [first] = await sessionRequests(key);

    const secondReady = ready.next();
    const newCart = { amount: 2500 };
    cart.value = newCart; // a new object: the way to tell the element the cart changed
    await nextTick();
    expect(container.querySelector('klarna-checkout-button').cart).to.equal(newCart);
    await secondReady;
    const sessions = await sessionRequests(key);
    expect(sessions).to.have.length(2);
    const { revision, ...sent } = sessions[1].body;
    expect(sent).to.deep.equal({ cart: { amount: 2500 }, session_id: first.response.session_id });
    expect(revision).to.be.above(first.body.revision);

    const element = container.querySelector('klarna-checkout-button');
    const authorizedEvent = authorized.next();
    await element.authorize();
    const event = await authorizedEvent;
    expect(authorized.events).to.have.length(1);
    expect(event.detail.authorizationToken).to.be.a('string').and.not.equal('');
    expect(fake.callsOf('authorize')).to.have.length(1);
    // :authorizeData.prop handed over the function, which the element called at authorize time.
    expect(typeof element.authorizeData).to.equal('function');
    expect(fake.callsOf('authorize')[0].data).to.deep.equal({ billing_address: { email: 'vue@example.com', country: 'DE' } });
  });

  it('passes locale as an attribute and messages as a property: the element speaks Swedish with the overrides', async () => {
    const key = uniqueKey();
    const ready = eventRecorder();
    const messages = { buyButton: 'Till betalning' };
    app = createApp({
      template: `<klarna-checkout-button :session-url="sessionUrl" locale="sv-SE" :messages.prop="messages" theme="light" @klarna-ready="onReady"></klarna-checkout-button>`,
      setup: () => ({ sessionUrl: `/mock-merchant/session?key=${key}`, messages, onReady: (event) => ready.push(event) }),
    });
    app.config.compilerOptions.isCustomElement = isCustomElement;
    app.config.warnHandler = (message) => warnings.push(message);
    const firstReady = ready.next();
    app.mount(container);
    await firstReady;
    const element = container.querySelector('klarna-checkout-button');
    await element.updateComplete;
    expect(warnings).to.deep.equal([]);
    expect(element.messages).to.equal(messages);
    expect(element.language).to.equal('sv');
    await waitUntil(() => element.shadowRoot.querySelector('button').textContent.trim() === 'Till betalning', 'the button label was not the override');
    expect(element.getAttribute('theme')).to.equal('light');
  });
});
