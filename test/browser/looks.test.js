// Klarna's looks and the element's layout, in real Chromium: the `theme` and `shape` attributes render Klarna's
// button styling guide, the public custom properties still win, the category choice comes before the widget, and
// the widget takes the element's width (never under Klarna's 280 px).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../dist/element/index.js';
import { installFakeKlarna } from '../../dist/testing/index.js';
import { sessionFetch } from '../fixtures/session-fetch.js';

/** Mounts `template` inside a column of `width` px and resolves once the element is ready. */
async function mountInColumn(template, width = 800) {
  const ready = oneEvent(document, 'klarna-ready');
  const column = await fixture(html`<div style="width:${width}px">${template}</div>`);
  await ready;
  const el = column.querySelector('klarna-checkout-button');
  await el.updateComplete;
  return el;
}

const buttonStyle = (el) => getComputedStyle(el.shadowRoot.querySelector('button'));

describe('<klarna-checkout-button> looks like Klarna', () => {
  let fake;
  beforeEach(() => {
    fake = installFakeKlarna();
  });
  afterEach(() => fake.uninstall());

  const themes = [
    [undefined, 'rgb(255, 168, 205)', 'rgb(11, 5, 29)', '0px'],
    ['default', 'rgb(11, 5, 29)', 'rgb(255, 255, 255)', '0px'],
    ['dark', 'rgb(11, 5, 29)', 'rgb(255, 255, 255)', '0px'],
    ['light', 'rgb(255, 255, 255)', 'rgb(11, 5, 29)', '0px'],
    ['outlined', 'rgb(255, 255, 255)', 'rgb(11, 5, 29)', '1px'],
  ];
  for (const [theme, background, color, border] of themes) {
    it(`theme=${theme ?? '(unset)'}: background ${background}, text ${color}, border ${border}`, async () => {
      const el = await mountInColumn(html`<klarna-checkout-button session-url="/s" theme=${theme ?? ''} .fetch=${sessionFetch()}></klarna-checkout-button>`);
      if (theme === undefined) el.removeAttribute('theme');
      await el.updateComplete;
      const style = buttonStyle(el);
      expect(style.backgroundColor).to.equal(background);
      expect(style.color).to.equal(color);
      expect(style.borderTopWidth).to.equal(border);
      if (border !== '0px') expect(style.borderTopColor).to.equal('rgb(11, 5, 29)');
    });
  }

  const shapes = [
    [undefined, '8px'],
    ['default', '8px'],
    ['rect', '0px'],
    ['pill', '999px'],
  ];
  for (const [shape, radius] of shapes) {
    it(`shape=${shape ?? '(unset)'}: corner radius ${radius}`, async () => {
      const el = await mountInColumn(html`<klarna-checkout-button session-url="/s" .fetch=${sessionFetch()}></klarna-checkout-button>`);
      el.shape = shape;
      await el.updateComplete;
      expect(el.getAttribute('shape')).to.equal(shape ?? null);
      expect(buttonStyle(el).borderTopLeftRadius).to.equal(radius);
    });
  }

  it('the public custom properties win over a theme and a shape', async () => {
    const el = await mountInColumn(
      html`<klarna-checkout-button session-url="/s" theme="dark" shape="pill" style="--klarna-checkout-button-background:rgb(0, 128, 0);--klarna-checkout-button-radius:3px;--klarna-checkout-button-border:2px dashed rgb(255, 0, 0)" .fetch=${sessionFetch()}></klarna-checkout-button>`,
    );
    const style = buttonStyle(el);
    expect(style.backgroundColor).to.equal('rgb(0, 128, 0)');
    expect(style.color).to.equal('rgb(255, 255, 255)'); // not overridden: the theme's
    expect(style.borderTopLeftRadius).to.equal('3px');
    expect(style.borderTopStyle).to.equal('dashed');
  });

  it('an unknown theme or shape keeps the default look and warns once in the development build', async () => {
    const warnings = [];
    const original = console.warn;
    console.warn = (message) => warnings.push(String(message));
    try {
      const el = await mountInColumn(html`<klarna-checkout-button session-url="/s" theme="blue" shape="round" .fetch=${sessionFetch()}></klarna-checkout-button>`);
      expect(buttonStyle(el).backgroundColor).to.equal('rgb(255, 168, 205)');
      expect(buttonStyle(el).borderTopLeftRadius).to.equal('8px');
    } finally {
      console.warn = original;
    }
    expect(warnings).to.deep.equal([
      '<klarna-checkout-button> theme="blue" is not one of default, dark, light, outlined; the button keeps its default look.',
      '<klarna-checkout-button> shape="round" is not one of default, rect, pill; the button keeps its default look.',
    ]);
  });

  it('theme and shape set as properties reflect to attributes (for CSS and the manifest)', async () => {
    const el = await mountInColumn(html`<klarna-checkout-button session-url="/s" .fetch=${sessionFetch()}></klarna-checkout-button>`);
    el.theme = 'outlined';
    el.shape = 'rect';
    await el.updateComplete;
    expect([el.getAttribute('theme'), el.getAttribute('shape')]).to.deep.equal(['outlined', 'rect']);
  });
});

describe('<klarna-checkout-button> layout', () => {
  let fake;
  beforeEach(() => {
    fake = installFakeKlarna();
  });
  afterEach(() => fake.uninstall());

  it('the category choice comes before the widget it controls, in the DOM and on screen', async () => {
    const el = await mountInColumn(html`<klarna-checkout-button session-url="/s" .fetch=${sessionFetch(['pay_now', 'pay_later'])}></klarna-checkout-button>`);
    const fieldset = el.shadowRoot.querySelector('fieldset');
    const widgetPart = el.shadowRoot.querySelector('[part=widget]');
    expect(fieldset).to.not.equal(null);
    expect(fieldset.compareDocumentPosition(widgetPart) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    const widget = fake.callsOf('load').at(-1).options.container.firstElementChild;
    expect(fieldset.getBoundingClientRect().bottom).to.be.at.most(widget.getBoundingClientRect().top);
    expect(widget.getBoundingClientRect().bottom).to.be.at.most(el.shadowRoot.querySelector('button').getBoundingClientRect().top);
  });

  it('the widget takes the element\'s full width, past the 600 px Klarna\'s wrapper asks for', async () => {
    const el = await mountInColumn(html`<klarna-checkout-button session-url="/s" .fetch=${sessionFetch()}></klarna-checkout-button>`, 900);
    const widget = fake.callsOf('load').at(-1).options.container.firstElementChild;
    expect(getComputedStyle(widget).maxWidth).to.equal('none');
    expect(Math.round(widget.getBoundingClientRect().width)).to.equal(900);
    expect(Math.round(el.shadowRoot.querySelector('button').getBoundingClientRect().width)).to.equal(900);
  });

  it('in a column narrower than 280 px, the element and the widget stay 280 px wide (they overflow, never squeeze)', async () => {
    const el = await mountInColumn(html`<klarna-checkout-button session-url="/s" .fetch=${sessionFetch()}></klarna-checkout-button>`, 200);
    const widget = fake.callsOf('load').at(-1).options.container.firstElementChild;
    expect(Math.round(el.getBoundingClientRect().width)).to.equal(280);
    expect(Math.round(widget.getBoundingClientRect().width)).to.equal(280);
  });
});
