// defineKlarnaCheckoutButton(): the safe registration guard (a second copy of the package never throws).
import { expect } from '@open-wc/testing';
import { defineKlarnaCheckoutButton, KlarnaCheckoutButton, VERSION } from '../../dist/element/index.js';
import { recordWarnings } from '../fixtures/browser-test-helpers.js';

let count = 0;
const freshName = () => `kcb-define-${Date.now().toString(36)}-${(count += 1)}`;

describe('defineKlarnaCheckoutButton', () => {
  it('exports the package version (package.json\'s)', async () => {
    const { version } = await (await fetch(new URL('../../package.json', import.meta.url))).json();
    expect(VERSION).to.equal(version);
    expect(KlarnaCheckoutButton.version).to.equal(VERSION);
  });

  it('importing the module defined <klarna-checkout-button>; defining it again is silent', () => {
    expect(customElements.get('klarna-checkout-button')).to.equal(KlarnaCheckoutButton);
    const warnings = recordWarnings(() => {
      defineKlarnaCheckoutButton();
      defineKlarnaCheckoutButton('klarna-checkout-button');
    });
    expect(warnings).to.deep.equal([]);
  });

  it('defines the element under another tag name', () => {
    const name = freshName();
    defineKlarnaCheckoutButton(name);
    const el = document.createElement(name);
    expect(el).to.be.instanceOf(KlarnaCheckoutButton);
    expect(recordWarnings(() => defineKlarnaCheckoutButton(name))).to.deep.equal([]);
  });

  it('another version already defined: keeps it and warns once, naming both versions', () => {
    const name = freshName();
    class OtherCopy extends HTMLElement {
      static version = '9.9.9';
    }
    customElements.define(name, OtherCopy);
    const warnings = recordWarnings(() => {
      expect(() => defineKlarnaCheckoutButton(name)).to.not.throw();
      defineKlarnaCheckoutButton(name);
    });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('9.9.9').and.to.contain(VERSION).and.to.contain(`<${name}>`);
    expect(customElements.get(name)).to.equal(OtherCopy);
  });

  it('the same version from another copy of the package: skipped silently', () => {
    const name = freshName();
    customElements.define(name, class extends HTMLElement {
      static version = VERSION;
    });
    expect(recordWarnings(() => defineKlarnaCheckoutButton(name))).to.deep.equal([]);
  });

  it('an invalid tag name warns instead of throwing', () => {
    const warnings = recordWarnings(() => expect(() => defineKlarnaCheckoutButton('NoDash')).to.not.throw());
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('NoDash');
  });
});
